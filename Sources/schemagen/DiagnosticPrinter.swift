import ArgumentParser
import Foundation
import SchemaGenKit

enum DiagnosticsFormat: String, ExpressibleByArgument, CaseIterable {
    case human, json, sarif
}

/// Prints diagnostics on stderr in the chosen format.
enum DiagnosticPrinter {
    static func print(_ diagnostics: [Diagnostic], format: DiagnosticsFormat) {
        switch format {
        case .human:
            for diagnostic in diagnostics { printErr(diagnostic.description) }
        case .json:
            printErr(DiagnosticFormats.json(diagnostics))
        case .sarif:
            printErr(DiagnosticFormats.sarif(diagnostics))
        }
    }
}

/// A problem found in a schema file, with its place.
public struct Diagnostic: Sendable, Equatable, Codable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Codable, Comparable {
        case error
        case warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .error && rhs == .warning
        }
    }

    /// Error or warning.
    public var severity: Severity
    /// A stable identifier of the kind of problem (`unknown-type`), for machines and for silencing.
    public var code: String
    /// The message, one sentence without a trailing period.
    public var message: String
    /// The file the problem is in, as given on the command line.
    public var file: String
    /// Where in the file.
    public var location: SourceLocation
    /// The path of the offending node in the document (`tables.users.columns.email`).
    public var path: String
    /// A suggestion (`did you mean 'text'?`).
    public var hint: String?

    /// `file:line:col: severity: message (hint)`, the format compilers and editors understand; a warning of the
    /// schema ends with its code in brackets (`[no-primary-key]`), the name a `silence:` list takes. (Migration
    /// warnings, which no list silences, keep their code for the JSON and SARIF formats.)
    public var description: String {
        var text = "\(file):\(location.line):\(location.column): \(severity.rawValue): \(message)"
        if !path.isEmpty { text += " in \(path)" }
        if let hint { text += " (\(hint))" }
        if severity == .warning, DiagnosticEntry.warningCodes.contains(code) { text += " [\(code)]" }
        return text
    }
}

/// Collects diagnostics while a document is read and validated.
package struct DiagnosticSink {
    package private(set) var diagnostics: [Diagnostic] = []
    package let file: String

    package init(file: String) {
        self.file = file
    }

    package var hasErrors: Bool {
        diagnostics.contains { $0.severity == .error }
    }

    package mutating func report(_ entry: DiagnosticEntry, at location: SourceLocation, path: String) {
        diagnostics.append(Diagnostic(
            severity: entry.severity, code: entry.code, message: entry.message,
            file: file, location: location, path: path, hint: entry.hint))
    }

    /// Diagnostics ordered by place in the file, errors before warnings at the same place.
    package var sorted: [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            if a.element.location != b.element.location { return a.element.location < b.element.location }
            if a.element.severity != b.element.severity { return a.element.severity < b.element.severity }
            return a.offset < b.offset
        }.map(\.element)
    }
}

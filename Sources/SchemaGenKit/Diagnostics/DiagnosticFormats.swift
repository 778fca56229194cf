import Foundation

/// Machine-readable diagnostics: JSON lines for scripts, SARIF 2.1.0 for code-scanning annotations.
public enum DiagnosticFormats {
    /// A JSON array of diagnostics.
    public static func json(_ diagnostics: [Diagnostic]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(diagnostics) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    /// A SARIF 2.1.0 log with one run of schemagen.
    public static func sarif(_ diagnostics: [Diagnostic]) -> String {
        let rules = Array(Set(diagnostics.map(\.code))).sorted()
        let results: [[String: Any]] = diagnostics.map { diagnostic in
            var message = diagnostic.message
            if !diagnostic.path.isEmpty { message += " in \(diagnostic.path)" }
            if let hint = diagnostic.hint { message += " (\(hint))" }
            return [
                "ruleId": diagnostic.code,
                "level": diagnostic.severity == .error ? "error" : "warning",
                "message": ["text": message],
                "locations": [[
                    "physicalLocation": [
                        "artifactLocation": ["uri": diagnostic.file],
                        "region": ["startLine": diagnostic.location.line, "startColumn": diagnostic.location.column],
                    ],
                ]],
            ]
        }
        let log: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [[
                "tool": ["driver": [
                    "name": "schemagen",
                    "informationUri": "https://github.com/schemagen/schemagen",
                    "rules": rules.map { ["id": $0] },
                ]],
                "results": results,
            ]],
        ]
        guard let data = try? JSONSerialization.data(withJSONObject: log, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

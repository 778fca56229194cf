import Foundation

/// Machine-readable diagnostics: a JSON array for scripts, SARIF 2.1.0 for code-scanning annotations.
public enum DiagnosticFormats {
    /// A JSON array of diagnostics: `severity`, `code`, `message`, `file`, `location` (`line`, `column`), `path`, and
    /// `hint` when there is one; it decodes back into `[Diagnostic]`.
    public static func json(_ diagnostics: [Diagnostic]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(diagnostics) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    /// A SARIF 2.1.0 log with one run of schemagen; a clean run is a log with no results.
    public static func sarif(_ diagnostics: [Diagnostic]) -> String {
        let rules = Array(Set(diagnostics.map(\.code))).sorted()
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1, $0) })
        let results: [[String: Any]] = diagnostics.map { diagnostic in
            var message = diagnostic.message
            if !diagnostic.path.isEmpty { message += " in \(diagnostic.path)" }
            if let hint = diagnostic.hint { message += " (\(hint))" }
            var artifact: [String: Any] = ["uri": artifactURI(diagnostic.file)]
            if !diagnostic.file.hasPrefix("/") { artifact["uriBaseId"] = "%SRCROOT%" }
            var location: [String: Any] = [
                "physicalLocation": [
                    "artifactLocation": artifact,
                    "region": ["startLine": diagnostic.location.line, "startColumn": diagnostic.location.column],
                ],
            ]
            if !diagnostic.path.isEmpty {
                location["logicalLocations"] = [["fullyQualifiedName": diagnostic.path]]
            }
            return [
                "ruleId": diagnostic.code,
                "ruleIndex": ruleIndex[diagnostic.code] ?? 0,
                "level": diagnostic.severity == .error ? "error" : "warning",
                "message": ["text": message],
                "locations": [location],
            ]
        }
        let log: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [[
                "tool": ["driver": [
                    "name": "schemagen",
                    "rules": rules.map { ["id": $0] },
                ]],
                // libyaml counts columns in code points, not in UTF-16 units (SARIF's default).
                "columnKind": "unicodeCodePoints",
                "results": results,
            ]],
        ]
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? JSONSerialization.data(withJSONObject: log, options: options) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// A file path as a SARIF artifact URI: a relative path stays relative, an absolute one becomes a `file://` URI;
    /// characters that cannot stand in a URI are percent-encoded.
    static func artifactURI(_ path: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/")
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        if path.hasPrefix("/") { return "file://" + encoded }
        // A colon in the first segment would read as a URI scheme.
        if encoded.split(separator: "/", maxSplits: 1).first?.contains(":") == true { return "./" + encoded }
        return encoded
    }
}

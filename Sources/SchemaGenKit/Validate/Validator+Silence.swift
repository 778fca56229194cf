/// `silence:` lists: warnings the schema's authors have reviewed and chosen not to see, for the whole schema
/// (`settings.silence`) or for one table, column or view. Written in schema.yaml, so the choice is reviewed with it.
extension Validator {
    /// Reads an object's `silence:` list, if it has one, for the object at `path`.
    mutating func readSilence(_ fields: [Entry], path: String) {
        // A mixin's column is read once per table that uses it; its list is read (and its errors reported) once.
        guard let entry = fields["silence"], silencedAt[path] == nil else { return }
        silencedAt[path] = readSilenceCodes(entry.value, path: path + ".silence")
    }

    /// The warning codes of a `silence:` list; an unknown code (or an error's) is an error with a did-you-mean.
    mutating func readSilenceCodes(_ node: YAMLNode, path: String) -> Set<String> {
        var codes: Set<String> = []
        for (code, codeNode) in reader.stringList(node, path) ?? [] {
            if DiagnosticEntry.warningCodes.contains(code) {
                codes.insert(code)
            } else {
                reader.report(.unknownWarningCode(code), codeNode, path)
            }
        }
        return codes
    }

    /// The diagnostics without the silenced warnings, counted in `silencedCount`. A warning is silenced by
    /// `settings.silence`, or by the `silence:` of the object it is reported in or of one that contains it (a table's
    /// list covers its columns, policies and row-level security).
    mutating func unsilenced(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        guard !silencedEverywhere.isEmpty || !silencedAt.isEmpty else { return diagnostics }
        return diagnostics.filter { diagnostic in
            guard diagnostic.severity == .warning else { return true }
            if silencedEverywhere.contains(diagnostic.code) || isSilenced(diagnostic.code, at: diagnostic.path) {
                silencedCount += 1
                return false
            }
            return true
        }
    }

    /// Whether `code` is silenced at `path` or at one of its ancestors (`tables.a` for `tables.a.columns.b`).
    func isSilenced(_ code: String, at path: String) -> Bool {
        var prefix = Substring(path)
        while !prefix.isEmpty {
            if silencedAt[String(prefix)]?.contains(code) == true { return true }
            guard let dot = prefix.lastIndex(of: ".") else { break }
            prefix = prefix[..<dot]
        }
        return false
    }
}

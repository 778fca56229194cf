import Foundation

/// The long forms of `relation:` and `inverse:`: a name, and which ORM outputs declare the side and how.
extension Validator {
    /// Which outputs declare one side of a relation, and its SQLAlchemy options.
    struct RelationTargets {
        var drizzle = true
        var sqlalchemy = true
        var options: SQLAlchemyRelationOptions?
        /// Where the long form was written, for diagnostics about it.
        var node: YAMLNode?
    }

    static let lazyStrategies = ["select", "joined", "selectin", "subquery", "immediate", "raise", "raise_on_sql", "noload",
                                 "write_only", "dynamic"]
    static let cascades = ["all", "save-update", "merge", "expunge", "delete", "delete-orphan", "refresh-expire"]

    /// `relation: name`, `inverse: false` or `{ name, drizzle, sqlalchemy }`; returns the name, if any, and whether
    /// the side exists at all (`inverse: false`).
    mutating func readRelationSpec(_ entry: Entry, path: String, allowFalse: Bool, into targets: inout RelationTargets) -> (String?, Bool) {
        let path = "\(path).\(entry.key)"
        if case .scalar(let text, true) = entry.value.kind, text == "false" || text == "true" {
            if allowFalse { return (nil, text == "true") }
            reader.report(.invalidValue("'\(entry.key)' takes a name or a mapping"), entry.value, path)
            return (nil, true)
        }
        if case .mapping = entry.value.kind {
            guard let fields = reader.mapping(entry.value, path, allowed: ["name", "drizzle", "sqlalchemy"]) else { return (nil, true) }
            targets.node = entry.value
            let name = fields["name"].flatMap { reader.string($0.value, path + ".name") }
            if let drizzle = fields["drizzle"] { targets.drizzle = reader.bool(drizzle.value, path + ".drizzle") ?? true }
            if let sqlalchemy = fields["sqlalchemy"] {
                if case .mapping = sqlalchemy.value.kind {
                    targets.options = readSQLAlchemyRelationOptions(sqlalchemy.value, path: path + ".sqlalchemy")
                } else {
                    targets.sqlalchemy = reader.bool(sqlalchemy.value, path + ".sqlalchemy") ?? true
                }
            }
            if !targets.drizzle && !targets.sqlalchemy && allowFalse {
                reader.report(.invalidValue("a relation declared by no output: write '\(entry.key): false'"), entry.value, path)
            }
            return (name, true)
        }
        return (reader.string(entry.value, path), true)
    }

    mutating func readSQLAlchemyRelationOptions(_ node: YAMLNode, path: String) -> SQLAlchemyRelationOptions? {
        guard let fields = reader.mapping(node, path, allowed: ["lazy", "cascade", "passive_deletes"]) else { return nil }
        var options = SQLAlchemyRelationOptions()
        if let lazy = fields["lazy"], let text = reader.string(lazy.value, path + ".lazy") {
            if Validator.lazyStrategies.contains(text) {
                options.lazy = text
            } else {
                reader.report(.invalidValue("'\(text)' is not a loader strategy",
                                            hint: Suggest.hint(for: text, in: Validator.lazyStrategies)
                                                ?? "use one of: \(Validator.lazyStrategies.joined(separator: ", "))"),
                              lazy.value, path + ".lazy")
            }
        }
        if let cascade = fields["cascade"], let text = reader.string(cascade.value, path + ".cascade") {
            let parts = text.split(separator: ",").map { $0.trimmingWhitespace() }
            let unknown = parts.filter { !Validator.cascades.contains($0) }
            if parts.isEmpty || !unknown.isEmpty {
                let bad = unknown.first ?? text
                reader.report(.invalidValue("'\(bad)' is not a relationship cascade",
                                            hint: Suggest.hint(for: bad, in: Validator.cascades)
                                                ?? "use a comma-separated list of: \(Validator.cascades.joined(separator: ", "))"),
                              cascade.value, path + ".cascade")
            } else {
                options.cascade = parts.joined(separator: ", ")
            }
        }
        if let passive = fields["passive_deletes"] {
            if case .scalar(let text, _) = passive.value.kind, text == "all" {
                options.passiveDeletes = "all"
            } else if let value = reader.bool(passive.value, path + ".passive_deletes") {
                options.passiveDeletes = value ? "true" : "false"
            }
        }
        return options
    }
}

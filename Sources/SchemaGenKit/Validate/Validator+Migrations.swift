import Foundation

/// Reading what only migrations use: `settings.migrations`, `renamed_from:`, `using:`, and the places of declarations.
extension Validator {
    static let migrationKeys = ["dir", "format", "concurrent_indexes", "validate_separately"]

    mutating func readMigrationSettings(_ node: YAMLNode, path: String) {
        guard let fields = reader.mapping(node, path, allowed: Validator.migrationKeys) else { return }
        if let value = fields["dir"], let text = reader.string(value.value, path + ".dir") {
            if checkProjectPath(text, value.value, path + ".dir", kind: "migrations directory", isDirectory: true) {
                settings.migrations.directory = text.hasSuffix("/") ? String(text.dropLast()) : text
            }
        }
        if let value = fields["format"], let text = reader.string(value.value, path + ".format") {
            if let format = MigrationSettings.Format(rawValue: text) {
                settings.migrations.format = format
            } else {
                let allowed = MigrationSettings.Format.allCases.map(\.rawValue)
                reader.report(.invalidValue("migration format must be 'sql', 'alembic' or 'drizzle'", hint: Suggest.hint(for: text, in: allowed)),
                              value.value, path + ".format")
            }
        }
        if let value = fields["concurrent_indexes"], let flag = reader.bool(value.value, path + ".concurrent_indexes") {
            settings.migrations.concurrentIndexes = flag
            if flag && settings.migrations.format == .drizzle {
                // drizzle-orm's migrator runs every pending migration in one transaction, where CONCURRENTLY fails.
                reader.report(.invalidValue("concurrent_indexes cannot be true with format 'drizzle': drizzle-orm's migrator "
                                            + "runs every migration inside one transaction, where CREATE INDEX CONCURRENTLY fails", hint: nil),
                              value.value, path + ".concurrent_indexes")
            }
        }
        if let value = fields["validate_separately"], let flag = reader.bool(value.value, path + ".validate_separately") {
            settings.migrations.validateSeparately = flag
        }
    }

    /// `renamed_from:` of a table, an enum, a sequence or a domain: `old` (same schema) or `schema.old`.
    mutating func readObjectRename(_ fields: [Entry], kind: SchemaOrigins.Rename.Kind, name: QualifiedName, path: String) {
        guard let value = fields["renamed_from"], let text = reader.string(value.value, path + ".renamed_from"),
              let from = qualifiedName(text, value.value, path + ".renamed_from", defaultSchema: name.schema) else { return }
        if from == name {
            reader.report(.renameToItself(text), value.value, path + ".renamed_from")
            return
        }
        origins.renames.append(SchemaOrigins.Rename(kind: kind, owner: name, from: from, to: name.name, location: value.value.location))
    }

    /// `renamed_from:` and `using:` of a column.
    mutating func readColumnMigrationKeys(_ fields: [Entry], table: QualifiedName, column: String, path: String) {
        if let value = fields["renamed_from"], let text = reader.string(value.value, path + ".renamed_from"),
           checkIdentifier(text, value.value, path + ".renamed_from") {
            if text == column {
                reader.report(.renameToItself(text), value.value, path + ".renamed_from")
            } else {
                origins.renames.append(SchemaOrigins.Rename(kind: .column, owner: table, from: QualifiedName(schema: table.schema, name: text),
                                                            to: column, location: value.value.location))
            }
        }
        if let value = fields["using"], let text = reader.string(value.value, path + ".using", what: "an SQL expression") {
            if text.trimmingWhitespaceAndNewlines().isEmpty {
                reader.report(.invalidValue("'using' needs an SQL expression"), value.value, path + ".using")
            } else {
                origins.conversions.append(SchemaOrigins.Conversion(table: table, column: column, expression: text, location: value.value.location))
            }
        }
    }

    /// An enum's values: each a string, or `value: {renamed_from: old}`.
    mutating func readEnumValues(_ node: YAMLNode, path: String, enumName: QualifiedName) -> [(String, YAMLNode)] {
        guard case .sequence(let items) = node.kind else { return reader.stringList(node, path) ?? [] }
        var result: [(String, YAMLNode)] = []
        for (offset, item) in items.enumerated() {
            let itemPath = "\(path)[\(offset)]"
            guard case .mapping = item.kind else {
                if let text = reader.string(item, itemPath) { result.append((text, item)) }
                continue
            }
            guard let entries = reader.mapping(item, itemPath), entries.count == 1, let entry = entries.first else {
                reader.report(.wrongKind(expected: "a value, or 'value: {renamed_from: old}'", found: "mapping"), item, itemPath)
                continue
            }
            result.append((entry.key, entry.keyNode))
            guard let fields = reader.mapping(entry.value, "\(itemPath).\(entry.key)", allowed: ["renamed_from"]) else { continue }
            if let value = fields["renamed_from"], let text = reader.string(value.value, "\(itemPath).\(entry.key).renamed_from") {
                if text == entry.key {
                    reader.report(.renameToItself(text), value.value, "\(itemPath).\(entry.key).renamed_from")
                } else {
                    origins.renames.append(SchemaOrigins.Rename(kind: .enumValue, owner: enumName, from: QualifiedName(schema: enumName.schema, name: text),
                                                                to: entry.key, location: value.value.location))
                }
            }
        }
        return result
    }

    /// A rename whose old name is still declared cannot be a rename; reported at the `renamed_from`.
    mutating func checkRenames() {
        var seen = Set<String>()
        for rename in origins.renames {
            let taken: Bool
            switch rename.kind {
            case .table: taken = draftIndex[rename.from] != nil
            case .enumType: taken = enumIndex[rename.from] != nil
            case .column: taken = draftIndex[rename.owner].map { drafts[$0].table.column(rename.from.name) != nil } ?? false
            case .enumValue: taken = enumIndex[rename.owner].map { enums[$0].values.contains(rename.from.name) } ?? false
            case .sequence: taken = sequenceIndex[rename.from] != nil
            case .domain: taken = domainIndex[rename.from] != nil
            }
            if taken { reader.report(.renameFromExisting(rename.kind.rawValue, rename.from.name), at: rename.location, "") }
            let scope = rename.kind == .column || rename.kind == .enumValue ? rename.owner.description : ""
            if !seen.insert("\(rename.kind.rawValue) \(scope) \(rename.from)").inserted {
                reader.report(.renameTwice(rename.kind.rawValue, rename.from.name), at: rename.location, "")
            }
        }
    }

    /// Where every table, column, constraint, index, policy, enum, enum value and view was declared.
    func collectLocations() -> [String: SourceLocation] {
        var result: [String: SourceLocation] = [:]
        var count = enums.count + viewDrafts.count
        for draft in drafts where !draft.table.isExternal {
            let table = draft.table
            count += 2 + table.columns.count + table.uniques.count + table.checks.count + table.foreignKeys.count
                + table.indexes.count + table.rls.policies.count + (table.primaryKey == nil ? 0 : 1)
        }
        result.reserveCapacity(count)
        for draft in drafts where !draft.table.isExternal {
            let table = draft.table
            // `SchemaOrigins.key(kind, table.name, member)` is `"<kind> <table>.<member>"`: each kind's prefix is built
            // once per table instead of interpolating the table's name again for every member.
            let owner = table.name.description
            let column = "column \(owner).", constraint = "constraint \(owner).", index = "index \(owner).", policy = "policy \(owner)."
            result[SchemaOrigins.key("table", table.name)] = draft.node.location
            for item in table.columns {
                result[column + item.name] = (draft.columnNodes[item.name] ?? draft.node).location
            }
            if let key = table.primaryKey {
                result[constraint + key.name] = (draft.primaryKeyNode ?? draft.node).location
            }
            func place(_ nodes: [YAMLNode], _ offset: Int) -> SourceLocation {
                offset < nodes.count ? nodes[offset].location : draft.node.location
            }
            for (offset, item) in table.uniques.enumerated() { result[constraint + item.name] = place(draft.uniqueNodes, offset) }
            for (offset, item) in table.checks.enumerated() { result[constraint + item.name] = place(draft.checkNodes, offset) }
            for (offset, item) in table.foreignKeys.enumerated() { result[constraint + item.name] = place(draft.foreignKeyNodes, offset) }
            for (offset, item) in table.indexes.enumerated() { result[index + item.name] = place(draft.indexNodes, offset) }
            for item in table.rls.policies { result[policy + item.name] = item.location }
            result[SchemaOrigins.key("rls", table.name)] = (draft.rlsNode ?? draft.node).location
        }
        for (item, node) in zip(enums, enumNodes) {
            result[SchemaOrigins.key("enum", item.name)] = node.location
        }
        for draft in viewDrafts {
            result[SchemaOrigins.key("view", draft.view.name)] = draft.node.location
        }
        return result
    }
}

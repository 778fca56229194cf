/// Enums: create, drop, rename, comment, and their values: add (at their position), rename, remove or reorder
/// (by swapping the type, since PostgreSQL cannot drop an enum value).
extension MigrationPlanner {
    mutating func diffEnums() {
        for item in new.enums {
            let name = SQLSyntax.qualified(item.name)
            let location = place("enum", item.name)
            guard let oldName = enumMatches[item.name], let oldEnum = old.enumType(oldName) else {
                add(.createEnums, "CREATE TYPE \(name) AS ENUM (\(item.values.map(SQLSyntax.literal).joined(separator: ", ")));", at: location)
                if let comment = item.comment {
                    add(.comments, "COMMENT ON TYPE \(name) IS \(SQLSyntax.literal(comment));", at: location)
                }
                continue
            }
            if oldName != item.name {
                var current = oldName
                if oldName.schema != item.name.schema {
                    add(.renameEnums, "ALTER TYPE \(SQLSyntax.qualified(current)) SET SCHEMA \(SQLSyntax.quoteIdent(item.name.schema));", at: location)
                    current.schema = item.name.schema
                }
                if current.name != item.name.name {
                    add(.renameEnums, "ALTER TYPE \(SQLSyntax.qualified(current)) RENAME TO \(SQLSyntax.quoteIdent(item.name.name));", at: location)
                }
            }
            if oldEnum.comment != item.comment {
                add(.comments, "COMMENT ON TYPE \(name) IS \(item.comment.map(SQLSyntax.literal) ?? "NULL");", at: location)
            }
            diffValues(item, oldEnum: oldEnum, location: location)
        }
        for item in old.enums where newEnumName(item.name) == nil {
            add(.dropEnums, "DROP TYPE \(SQLSyntax.qualified(item.name));", at: section("enums"),
                destructive: "drops enum \(item.name)")
        }
    }

    /// Whether the migration replaces an old enum (values removed or reordered), converting its columns.
    func isSwapped(_ oldName: QualifiedName) -> Bool {
        guard let newName = newEnumName(oldName), let item = new.enumType(newName), let oldEnum = old.enumType(oldName) else { return false }
        let matches = valueMatches[newName] ?? [:]
        let removed = oldEnum.values.contains { value in !matches.values.contains(value) }
        let kept = oldEnum.values.compactMap { value in matches.first { $0.value == value }?.key }
        return removed || kept != item.values.filter { matches[$0] != nil }
    }

    mutating func diffValues(_ item: EnumType, oldEnum: EnumType, location: SourceLocation) {
        let name = SQLSyntax.qualified(item.name)
        let matches = valueMatches[item.name] ?? [:]
        let removed = oldEnum.values.filter { value in !matches.values.contains(value) }
        // The old values in their new spelling, in the old order; kept values must keep their relative order.
        let kept = oldEnum.values.compactMap { value in matches.first { $0.value == value }?.key }
        let keptInNewOrder = item.values.filter { matches[$0] != nil }
        for value in item.values {
            if let before = matches[value], before != value {
                add(.renameEnums, "ALTER TYPE \(name) RENAME VALUE \(SQLSyntax.literal(before)) TO \(SQLSyntax.literal(value));", at: location)
            }
        }
        if !removed.isEmpty || kept != keptInNewOrder {
            swapEnum(item, removed: removed, location: location)
            return
        }
        // All new values of the enum go together, so each can name the one before it.
        let usedNow = item.values.contains { matches[$0] == nil && usesInThisMigration(item.name, value: $0) }
        for (offset, value) in item.values.enumerated() where matches[value] == nil {
            // A value committed before the main file is added before its renames run: it names the type and its
            // neighbour as they are then.
            let spell = { (label: String) in SQLSyntax.literal(usedNow ? matches[label] ?? label : label) }
            let position = offset > 0
                ? "AFTER \(spell(item.values[offset - 1]))"
                : kept.first.map { "BEFORE \(spell($0))" } ?? ""
            let typeName = usedNow ? SQLSyntax.qualified(oldEnum.name) : name
            add(.createEnums, "ALTER TYPE \(typeName) ADD VALUE \(SQLSyntax.literal(value)) \(position);", at: location,
                notes: usedNow ? ["committed before the main file, which uses the new value"] : [],
                placement: usedNow ? .before : .main)
        }
    }

    /// Whether a default set by this migration uses the enum value (PostgreSQL refuses a new value in the
    /// transaction that added it).
    func usesInThisMigration(_ enumName: QualifiedName, value: String) -> Bool {
        // SQL the user wrote that this migration runs (new or changed) and that names the value.
        let literal = SQLSyntax.literal(value)
        let before = Set(Self.expressions(of: old)), after = Self.expressions(of: new)
        if after.contains(where: { !before.contains($0) && $0.contains(literal) }) { return true }
        for table in new.tables {
            let oldTable = tableMatches[table.name].flatMap { old.table($0) }
            for column in table.columns where column.type.element == .enumeration(enumName) {
                guard Self.defaultMentions(column.defaultValue, value) else { continue }
                let oldColumn = columnMatches[table.name]?[column.name].flatMap { oldTable?.column($0) }
                if oldColumn?.defaultValue != column.defaultValue { return true }
            }
        }
        return false
    }

    /// Checks, index predicates and expressions, policy clauses and raw SQL: where SQL text may name an enum value.
    static func expressions(of schema: Schema) -> [String] {
        var result = schema.rawSQL.map(\.sql)
        for table in schema.tables {
            result += table.checks.map(\.expression)
            result += table.indexes.flatMap { [$0.predicate] + $0.parts.map(\.expression) }.compactMap { $0 }
            result += table.rls.policies.flatMap { [$0.using, $0.withCheck] }.compactMap { $0 }
            result += table.columns.compactMap { if case .sql(let text) = $0.defaultValue { return text }; return nil }
        }
        return result
    }

    static func defaultMentions(_ value: ColumnDefault?, _ label: String) -> Bool {
        switch value {
        case .enumMember(let member): return member == label
        case .literal(.array(let items)): return items.contains(.string(label))
        default: return false
        }
    }

    /// Replaces the type by one with the new values: renames the old one away, creates the new one, converts every
    /// column through text, drops the old one. Rows holding a removed value make the conversion fail.
    mutating func swapEnum(_ item: EnumType, removed: [String], location: SourceLocation) {
        let name = SQLSyntax.qualified(item.name)
        let oldSpare = String(decoding: Array((item.name.name + "__old").utf8.prefix(63)), as: UTF8.self)
        let spare = SQLSyntax.qualified(QualifiedName(schema: item.name.schema, name: oldSpare))
        let destructive = removed.isEmpty ? nil
            : "removes value\(removed.count == 1 ? "" : "s") \(removed.map(SQLSyntax.literal).joined(separator: ", ")) of enum \(item.name); rows holding \(removed.count == 1 ? "it" : "them") make the migration fail"
        let note = "PostgreSQL cannot drop or reorder enum values: the type is replaced and its columns converted through text"
        add(.swapEnums, "ALTER TYPE \(name) RENAME TO \(SQLSyntax.quoteIdent(oldSpare));", at: location, destructive: destructive, notes: [note])
        add(.swapEnums, "CREATE TYPE \(name) AS ENUM (\(item.values.map(SQLSyntax.literal).joined(separator: ", ")));", at: location)
        let oldName = enumMatches[item.name] ?? item.name
        for table in new.tables {
            guard let oldTableName = tableMatches[table.name], let oldTable = old.table(oldTableName) else { continue }
            for (newColumn, oldColumnName) in (columnMatches[table.name] ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let oldColumn = oldTable.column(oldColumnName), oldColumn.type.element == .enumeration(oldName),
                      let column = table.column(newColumn) else { continue }
                let target = SQLSyntax.qualified(table.name)
                let quoted = SQLSyntax.quoteIdent(newColumn)
                let columnLocation = place("column", table.name, newColumn)
                if oldColumn.defaultValue != nil {
                    add(.swapEnums, "ALTER TABLE \(target) ALTER COLUMN \(quoted) DROP DEFAULT;", at: columnLocation)
                }
                let typeText = oldColumn.type.isArray ? "\(name)[]" : name
                let through = oldColumn.type.isArray ? "text[]" : "text"
                add(.swapEnums, "ALTER TABLE \(target) ALTER COLUMN \(quoted) TYPE \(typeText) USING \(quoted)::\(through)::\(typeText);",
                    at: columnLocation, warnings: ["rewrites \(table.name) under an ACCESS EXCLUSIVE lock"])
                if column.type.element == .enumeration(item.name), let value = SQLDefinitions.defaultExpression(column) {
                    add(.swapEnums, "ALTER TABLE \(target) ALTER COLUMN \(quoted) SET DEFAULT \(value);", at: columnLocation)
                }
            }
        }
        add(.swapEnums, "DROP TYPE \(spare);", at: location)
    }
}

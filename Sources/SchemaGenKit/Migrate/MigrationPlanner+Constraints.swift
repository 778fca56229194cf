/// Primary keys, uniques, checks, foreign keys and indexes: added, dropped, changed (dropped and added again), or
/// renamed (`RENAME CONSTRAINT`, `ALTER INDEX ... RENAME TO`) when only their name changes: a written `name:`, a
/// derived name after a table or column rename, or `settings.constraint_names`. Check and index expressions are
/// compared with renamed columns in their new names, as PostgreSQL rewrites them.
extension MigrationPlanner {
    enum ConstraintKind: Equatable { case primaryKey, unique, check, foreignKey, index }

    /// A constraint or index with a definition comparable across the two schemas (old ones in new names).
    struct ConstraintItem {
        var kind: ConstraintKind
        var name: String
        /// The definition; nil for an old item that refers to a dropped column or table (it cannot continue).
        var signature: String?
        var primaryKey: PrimaryKey?
        var unique: UniqueConstraint?
        var check: CheckConstraint?
        var foreignKey: ForeignKey?
        var index: Index?
        /// For uniques, primary keys and unique indexes: the key columns, as a foreign key names them.
        var keyColumns: [String]?
    }

    static func items(of table: Table, column: (String) -> String?, table mapTable: (QualifiedName) -> QualifiedName?,
                      referencedColumn: (QualifiedName, String) -> String?) -> [ConstraintItem] {
        func columns(_ names: [String]) -> String? {
            let mapped = names.map(column)
            return mapped.contains(where: { $0 == nil }) ? nil : mapped.compactMap { $0 }.joined(separator: ",")
        }
        var result: [ConstraintItem] = []
        if let key = table.primaryKey {
            result.append(ConstraintItem(kind: .primaryKey, name: key.name, signature: columns(key.columns).map { "pk(\($0))" },
                                         primaryKey: key, keyColumns: key.columns))
        }
        for item in table.uniques {
            result.append(ConstraintItem(kind: .unique, name: item.name,
                                         signature: columns(item.columns).map { "unique\(item.nullsNotDistinct ? " nnd" : "")(\($0))" },
                                         unique: item, keyColumns: item.columns))
        }
        /// An expression with the table's column names in their new spelling, as PostgreSQL keeps it across a column
        /// rename; nil when it reads a column that does not continue.
        func expression(_ text: String) -> String? {
            var words: [String] = []
            for token in SQLLexer.tokenize(text) {
                let name = token.kind == .word ? token.text.lowercased() : token.kind == .quoted ? token.text : nil
                if let name, table.column(name) != nil {
                    guard let mapped = column(name) else { return nil }
                    words.append("\"" + mapped + "\"")
                } else {
                    words.append(name.map { "\"" + $0 + "\"" } ?? token.text)
                }
            }
            return words.joined(separator: " ")
        }
        for item in table.checks {
            result.append(ConstraintItem(kind: .check, name: item.name, signature: expression(item.expression).map { "check(\($0))" }, check: item))
        }
        for item in table.foreignKeys {
            var signature: String?
            if let local = columns(item.columns), let target = mapTable(item.referencedTable) {
                let remote = item.referencedColumns.map { referencedColumn(item.referencedTable, $0) }
                if !remote.contains(where: { $0 == nil }) {
                    signature = "fk(\(local))->\(target)(\(remote.compactMap { $0 }.joined(separator: ","))) \(item.onUpdate.sql) \(item.onDelete.sql)"
                }
            }
            result.append(ConstraintItem(kind: .foreignKey, name: item.name, signature: signature, foreignKey: item))
        }
        for item in table.indexes {
            var parts: [String] = []
            var valid = true
            for part in item.parts {
                var text: String
                if let name = part.column {
                    guard let mapped = column(name) else { valid = false; break }
                    text = "c:" + mapped
                } else {
                    guard let mapped = expression(part.expression ?? "") else { valid = false; break }
                    text = "e:" + mapped
                }
                if let opclass = part.opclass { text += " " + opclass }
                if part.descending { text += " desc" }
                parts.append(text)
            }
            let predicate: String? = item.predicate == nil ? "" : item.predicate.flatMap(expression)
            if predicate == nil { valid = false }
            let signature = valid ? "index \(item.unique ? "unique " : "")\(item.method) (\(parts.joined(separator: "|"))) \(predicate ?? "")" : nil
            let key = item.unique && item.predicate == nil && item.parts.allSatisfy({ $0.column != nil }) ? item.parts.compactMap(\.column) : nil
            result.append(ConstraintItem(kind: .index, name: item.name, signature: signature, index: item, keyColumns: key))
        }
        return result
    }

    mutating func diffConstraints() {
        // Old items of every continuing table, in new names; and the keys that go away, which the foreign keys
        // pointing at them must let go of first.
        var oldItems: [QualifiedName: [ConstraintItem]] = [:]
        var newItems: [QualifiedName: [ConstraintItem]] = [:]
        var droppedKeys = Set<String>()
        for table in new.tables {
            newItems[table.name] = Self.items(of: table, column: { $0 }, table: { $0 }, referencedColumn: { $1 })
            guard let oldName = tableMatches[table.name], let oldTable = old.table(oldName) else { continue }
            let items = Self.items(of: oldTable, column: { self.continuingColumn(oldName, $0) },
                                   table: { name in self.newTableName(name) ?? (self.old.externalTables.contains { $0.name == name } ? name : nil) },
                                   referencedColumn: { table, column in
                                       self.old.externalTables.contains { $0.name == table } ? column : self.continuingColumn(table, column) })
            oldItems[table.name] = items
        }
        var decisions: [QualifiedName: (drop: [ConstraintItem], add: [ConstraintItem], rename: [(ConstraintItem, ConstraintItem)])] = [:]
        for table in new.tables {
            let olds = oldItems[table.name] ?? []
            let news = newItems[table.name] ?? []
            var drop: [ConstraintItem] = [], addItems: [ConstraintItem] = [], rename: [(ConstraintItem, ConstraintItem)] = []
            var used = Set<String>()
            for item in news {
                if let same = olds.first(where: { $0.name == item.name && $0.kind == item.kind }) {
                    used.insert(same.name)
                    if same.signature != item.signature {
                        drop.append(same)
                        addItems.append(item)
                    }
                } else if let renamed = olds.first(where: { old in
                    old.kind == item.kind && old.signature != nil && old.signature == item.signature && !used.contains(old.name)
                        && !news.contains { $0.name == old.name } }) {
                    used.insert(renamed.name)
                    rename.append((renamed, item))
                } else {
                    addItems.append(item)
                }
            }
            for item in olds where !used.contains(item.name) { drop.append(item) }
            if let oldName = tableMatches[table.name] {
                for item in drop where item.kind != .foreignKey && item.kind != .check {
                    if let columns = item.keyColumns { droppedKeys.insert("\(oldName)(\(columns.joined(separator: ",")))") }
                }
            }
            decisions[table.name] = (drop, addItems, rename)
        }
        // A foreign key that stays but references a key that is dropped (and maybe added again) is dropped and
        // added again around it.
        for table in new.tables {
            guard var decision = decisions[table.name], let oldName = tableMatches[table.name] else { continue }
            for (offset, item) in (oldItems[table.name] ?? []).enumerated() {
                guard let key = item.foreignKey, droppedKeys.contains("\(key.referencedTable)(\(key.referencedColumns.joined(separator: ",")))"),
                      !decision.drop.contains(where: { $0.name == item.name }) else { continue }
                _ = offset
                decision.drop.append(item)
                decision.rename.removeAll { $0.0.name == item.name }
                if let current = (newItems[table.name] ?? []).first(where: { $0.signature == item.signature && $0.kind == .foreignKey }),
                   !decision.add.contains(where: { $0.name == current.name }) {
                    decision.add.append(current)
                }
            }
            decisions[table.name] = decision
            for item in decision.drop { dropConstraint(item, oldTable: oldName) }
            for (before, after) in decision.rename { renameConstraint(before, after, table: table) }
            for item in decision.add { addConstraint(item, table: table, existing: true) }
        }
        for table in new.tables where tableMatches[table.name] == nil {
            for item in newItems[table.name] ?? [] where item.kind == .foreignKey || item.kind == .index {
                addConstraint(item, table: table, existing: false)
            }
        }
    }

    /// The new name of an old column whose constraints and indexes continue: nil when it is dropped, or dropped and
    /// added again.
    func continuingColumn(_ table: QualifiedName, _ column: String) -> String? {
        guard let name = newColumnName(table, column), let newTable = newTableName(table) else { return nil }
        return recreatedColumns[newTable]?.contains(name) == true ? nil : name
    }

    mutating func dropConstraint(_ item: ConstraintItem, oldTable: QualifiedName) {
        let location = newTableName(oldTable).map { place("table", $0) } ?? section("tables")
        if item.kind == .index {
            let name = SQLSyntax.qualified(QualifiedName(schema: oldTable.schema, name: item.name))
            add(.dropIndexes, "DROP INDEX \(name);", at: location)
        } else {
            add(item.kind == .foreignKey ? .dropForeignKeys : .dropConstraints,
                "ALTER TABLE \(SQLSyntax.qualified(oldTable)) DROP CONSTRAINT \(SQLSyntax.quoteIdent(item.name));", at: location)
        }
    }

    mutating func renameConstraint(_ before: ConstraintItem, _ after: ConstraintItem, table: Table) {
        let location = place(after.kind == .index ? "index" : "constraint", table.name, after.name)
        if after.kind == .index {
            let name = SQLSyntax.qualified(QualifiedName(schema: table.name.schema, name: before.name))
            add(.renameConstraints, "ALTER INDEX \(name) RENAME TO \(SQLSyntax.quoteIdent(after.name));", at: location)
        } else {
            add(.renameConstraints, "ALTER TABLE \(SQLSyntax.qualified(table.name)) RENAME CONSTRAINT \(SQLSyntax.quoteIdent(before.name)) TO \(SQLSyntax.quoteIdent(after.name));",
                at: location)
        }
    }

    /// Adds a constraint or index; on an existing table with the options for `NOT VALID` and `CONCURRENTLY`.
    mutating func addConstraint(_ item: ConstraintItem, table: Table, existing: Bool) {
        let name = SQLSyntax.qualified(table.name)
        let location = place(item.kind == .index ? "index" : "constraint", table.name, item.name)
        let settings = new.settings.migrations
        switch item.kind {
        case .primaryKey, .unique:
            let clause = item.primaryKey.map(SQLDefinitions.primaryKey) ?? item.unique.map(SQLDefinitions.unique) ?? ""
            add(.addConstraints, "ALTER TABLE \(name) ADD \(clause);", at: location,
                warnings: existing ? ["builds a unique index on \(table.name) while blocking its writes"] : [])
        case .check:
            guard let check = item.check else { return }
            addValidated(SQLDefinitions.check(check), name: check.name, table: table, existing: existing, phase: .addConstraints,
                         location: location, separately: settings.validateSeparately)
        case .foreignKey:
            guard let key = item.foreignKey else { return }
            if !existing {
                // ONLY keeps a plain table's children out of it; a partitioned table's key must reach its partitions.
                add(.addForeignKeys, "ALTER TABLE \(table.partitioning == nil ? "ONLY " : "")\(name)\n    ADD \(SQLDefinitions.foreignKey(key));",
                    at: location)
                return
            }
            addValidated(SQLDefinitions.foreignKey(key), name: key.name, table: table, existing: true, phase: .addForeignKeys,
                         location: location, separately: settings.validateSeparately)
        case .index:
            guard let index = item.index else { return }
            if existing && settings.concurrentIndexes {
                add(.createIndexes, SQLDefinitions.createIndex(index, table: name, concurrently: true), at: location, placement: .after)
            } else {
                add(.createIndexes, SQLDefinitions.createIndex(index, table: name), at: location,
                    warnings: existing ? ["blocks writes to \(table.name) while the index builds (settings.migrations.concurrent_indexes builds it CONCURRENTLY)"] : [])
            }
        }
    }

    mutating func addValidated(_ clause: String, name: String, table: Table, existing: Bool, phase: Phase,
                               location: SourceLocation, separately: Bool) {
        let target = SQLSyntax.qualified(table.name)
        if existing && separately {
            add(phase, "ALTER TABLE \(target) ADD \(clause) NOT VALID;", at: location)
            add(.validateConstraints, "ALTER TABLE \(target) VALIDATE CONSTRAINT \(SQLSyntax.quoteIdent(name));", at: location)
        } else {
            add(phase, "ALTER TABLE \(target) ADD \(clause);", at: location,
                warnings: existing ? ["checks every row of \(table.name) while blocking its writes (settings.migrations.validate_separately adds it NOT VALID, then validates)"] : [])
        }
    }
}

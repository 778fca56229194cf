/// Tables: create, drop, rename, comment, row-level security switches, and their columns.
extension MigrationPlanner {
    mutating func diffTables() {
        for table in new.tables {
            if let oldName = tableMatches[table.name], let oldTable = old.table(oldName) {
                diffTable(oldTable, table)
            } else {
                createTable(table)
            }
        }
        let dropped = old.tables.filter { newTableName($0.name) == nil }
        for table in dropped {
            // A foreign key between two dropped tables would keep the referenced one from being dropped first.
            for key in table.foreignKeys where key.referencedTable != table.name && dropped.contains(where: { $0.name == key.referencedTable }) {
                add(.dropForeignKeys, "ALTER TABLE \(SQLSyntax.qualified(table.name)) DROP CONSTRAINT \(SQLSyntax.quoteIdent(key.name));",
                    at: section("tables"))
            }
            add(.dropTables, "DROP TABLE \(SQLSyntax.qualified(table.name));", at: section("tables"),
                destructive: "drops table \(table.name) and its rows")
        }
        diffConstraints()
    }

    mutating func createTable(_ table: Table) {
        let name = SQLSyntax.qualified(table.name)
        let location = place("table", table.name)
        var lines = table.columns.map(SQLDefinitions.column)
        if let key = table.primaryKey { lines.append(SQLDefinitions.primaryKey(key)) }
        lines += table.uniques.map(SQLDefinitions.unique)
        lines += table.checks.map(SQLDefinitions.check)
        add(.createTables, "CREATE TABLE \(name) (\n" + lines.map { "    " + $0 }.joined(separator: ",\n") + "\n)"
            + (table.partitioning.map(SQLDefinitions.partitionBy) ?? "") + ";", at: location)
        for partition in table.partitioning?.partitions ?? [] {
            add(.createPartitions, SQLDefinitions.createPartition(partition, of: table.name), at: location)
            if let comment = partition.comment {
                add(.comments, "COMMENT ON TABLE \(SQLSyntax.qualified(partition.name)) IS \(SQLSyntax.literal(comment));", at: location)
            }
            partitionRowLevelSecurity(partition, of: table)
        }
        if let comment = table.comment {
            add(.comments, "COMMENT ON TABLE \(name) IS \(SQLSyntax.literal(comment));", at: location)
        }
        for column in table.columns {
            if let comment = column.comment {
                add(.comments, "COMMENT ON COLUMN \(name).\(SQLSyntax.quoteIdent(column.name)) IS \(SQLSyntax.literal(comment));",
                    at: place("column", table.name, column.name))
            }
        }
        if table.rls.enabled { add(.rowLevelSecurity, "ALTER TABLE \(name) ENABLE ROW LEVEL SECURITY;", at: place("rls", table.name)) }
        if table.rls.forced { add(.rowLevelSecurity, "ALTER TABLE \(name) FORCE ROW LEVEL SECURITY;", at: place("rls", table.name)) }
    }

    mutating func diffTable(_ oldTable: Table, _ table: Table) {
        let name = SQLSyntax.qualified(table.name)
        let location = place("table", table.name)
        diffPartitions(oldTable, table, location: location)
        if oldTable.name != table.name {
            var current = oldTable.name
            if current.schema != table.name.schema {
                add(.renameTables, "ALTER TABLE \(SQLSyntax.qualified(current)) SET SCHEMA \(SQLSyntax.quoteIdent(table.name.schema));", at: location)
                current.schema = table.name.schema
            }
            if current.name != table.name.name {
                add(.renameTables, "ALTER TABLE \(SQLSyntax.qualified(current)) RENAME TO \(SQLSyntax.quoteIdent(table.name.name));", at: location)
            }
        }
        let matches = columnMatches[table.name] ?? [:]
        for column in oldTable.columns where !matches.values.contains(column.name) {
            // A generated column holds nothing its row cannot compute again.
            add(.dropColumns, "ALTER TABLE \(name) DROP COLUMN \(SQLSyntax.quoteIdent(column.name));", at: location,
                destructive: column.generated == nil ? "drops column \(table.name).\(column.name) and its data" : nil,
                notes: column.generated == nil ? [] : ["\(table.name).\(column.name) is generated: no data is lost"])
            policyRebuild[table.name, default: []].insert(column.name)
        }
        // Generated columns are added after the others: their expressions may read columns added with them.
        var generatedAdditions: [(Column, SourceLocation)] = []
        for column in table.columns {
            let columnLocation = place("column", table.name, column.name)
            guard let oldColumnName = matches[column.name], var oldColumn = oldTable.column(oldColumnName) else {
                if column.generated != nil { generatedAdditions.append((column, columnLocation)) } else { addColumn(column, to: table, at: columnLocation) }
                continue
            }
            if Self.recreatesColumn(oldColumn, column) {
                recreateGeneratedColumn(oldColumn, column, table: table, at: columnLocation)
                generatedAdditions.append((column, columnLocation))
                continue
            }
            if oldColumnName != column.name {
                add(.renameColumns, "ALTER TABLE \(name) RENAME COLUMN \(SQLSyntax.quoteIdent(oldColumnName)) TO \(SQLSyntax.quoteIdent(column.name));",
                    at: columnLocation)
            }
            if column.type.isSerial && oldColumn.type.isSerial {
                let before = "\(oldTable.name.name)_\(oldColumnName)_seq", after = "\(table.name.name)_\(column.name)_seq"
                if before != after {
                    add(.renameColumns, "ALTER SEQUENCE \(SQLSyntax.qualified(QualifiedName(schema: table.name.schema, name: before))) RENAME TO \(SQLSyntax.quoteIdent(after));",
                        at: columnLocation)
                }
            }
            oldColumn.name = column.name
            oldColumn.type = renamedType(oldColumn.type)
            oldColumn.defaultValue = renamedDefault(oldColumn.defaultValue)
            alterColumn(oldColumn, column, table: table, at: columnLocation)
        }
        for (column, columnLocation) in generatedAdditions { addColumn(column, to: table, at: columnLocation) }
        if oldTable.comment != table.comment {
            add(.comments, "COMMENT ON TABLE \(name) IS \(table.comment.map(SQLSyntax.literal) ?? "NULL");", at: location)
        }
        let rlsLocation = place("rls", table.name)
        // A partition has its parent's RLS state, as in rls.sql; new partitions get it when they are created.
        let kept = (table.partitioning?.partitions ?? []).filter { partition in
            oldTable.partitioning?.partitions.contains { $0.name == partition.name } ?? false
        }
        for target in [name] + kept.map({ SQLSyntax.qualified($0.name) }) {
            if oldTable.rls.enabled != table.rls.enabled {
                add(.rowLevelSecurity, "ALTER TABLE \(target) \(table.rls.enabled ? "ENABLE" : "DISABLE") ROW LEVEL SECURITY;", at: rlsLocation)
            }
            if oldTable.rls.forced != table.rls.forced {
                add(.rowLevelSecurity, "ALTER TABLE \(target) \(table.rls.forced ? "FORCE" : "NO FORCE") ROW LEVEL SECURITY;", at: rlsLocation)
            }
        }
    }

    /// Whether a continuing column is dropped and added again: it becomes generated, or its generation expression
    /// changes (PostgreSQL 15 can drop a column's expression, but not set or change one).
    static func recreatesColumn(_ oldColumn: Column, _ column: Column) -> Bool {
        column.generated != nil && oldColumn.generated != column.generated
    }

    /// Drops a column that `recreatesColumn` says is added again (by `addColumn`, after the other columns): its
    /// constraints and indexes go with it and are added again, its policies and the views reading it are rebuilt.
    mutating func recreateGeneratedColumn(_ oldColumn: Column, _ column: Column, table: Table, at location: SourceLocation) {
        let qualifiedColumn = "\(table.name).\(column.name)"
        recreatedColumns[table.name, default: []].insert(column.name)
        policyRebuild[table.name, default: []].insert(oldColumn.name)
        let note = oldColumn.generated == nil
            ? "\(qualifiedColumn) becomes generated: PostgreSQL cannot add an expression to a column, so it is dropped and added again"
            : "the expression of \(qualifiedColumn) changes: PostgreSQL 15 cannot alter it, so the column is dropped and added again (at the end of the table)"
        add(.dropColumns, "ALTER TABLE \(SQLSyntax.qualified(table.name)) DROP COLUMN \(SQLSyntax.quoteIdent(oldColumn.name));", at: location,
            destructive: oldColumn.generated == nil ? "replaces the values of \(qualifiedColumn) by its generation expression (the column is dropped and added again)" : nil,
            notes: [note])
    }

    mutating func addColumn(_ column: Column, to table: Table, at location: SourceLocation) {
        var warnings: [String] = []
        if !column.nullable && column.defaultValue == nil && column.identity == nil && !column.type.isSerial && column.generated == nil {
            // PostgreSQL adds it to an empty table, and refuses with "contains null values" on one with rows.
            let existing = tableMatches[table.name]
            if let rows = tablesWithRows, let existing, rows.contains(existing) {
                report(.notNullWithoutDefault(table.name.description, column.name), at: location)
                return
            }
            if tablesWithRows == nil {
                warnings.append("\(table.name).\(column.name) is NOT NULL without a default: this fails if \(table.name) has rows "
                    + "(give it a 'default:', which a later migration may remove, or add it nullable, fill it, then make it NOT NULL)")
            }
        }
        let volatile: Bool
        switch column.defaultValue {
        case .randomUUID, .sql: volatile = true
        default: volatile = column.identity != nil || column.type.isSerial || column.generated != nil
        }
        if column.generated != nil {
            warnings.append("computes \(column.name) for every existing row: rewrites \(table.name) under an ACCESS EXCLUSIVE lock")
        } else if volatile {
            warnings.append("fills every existing row: rewrites \(table.name) under an ACCESS EXCLUSIVE lock")
        }
        add(.addColumns, "ALTER TABLE \(SQLSyntax.qualified(table.name)) ADD COLUMN \(SQLDefinitions.column(column));", at: location, warnings: warnings)
        if let comment = column.comment {
            add(.comments, "COMMENT ON COLUMN \(SQLSyntax.qualified(table.name)).\(SQLSyntax.quoteIdent(column.name)) IS \(SQLSyntax.literal(comment));",
                at: location)
        }
    }

    /// `oldColumn` already carries the new column name and the renamed enum types.
    mutating func alterColumn(_ oldColumn: Column, _ column: Column, table: Table, at location: SourceLocation) {
        let prefix = "ALTER TABLE \(SQLSyntax.qualified(table.name)) ALTER COLUMN \(SQLSyntax.quoteIdent(column.name))"
        let oldType = SQLDefault.type(oldColumn.type), newType = SQLDefault.type(column.type)
        let typeChanged = oldType != newType
        let oldDefault = SQLDefinitions.defaultExpression(oldColumn), newDefault = SQLDefinitions.defaultExpression(column)
        let qualifiedColumn = "\(table.name).\(column.name)"
        if oldColumn.generated != nil && column.generated == nil {
            add(.alterColumns, "\(prefix) DROP EXPRESSION;", at: location,
                notes: ["\(qualifiedColumn) stops being generated: it keeps its current values"])
        }
        if let identity = oldColumn.identity, column.identity == nil {
            add(.alterColumns, "\(prefix) DROP IDENTITY;", at: location)
            _ = identity
        }
        if typeChanged || oldDefault != newDefault, oldDefault != nil {
            add(.alterColumns, "\(prefix) DROP DEFAULT;", at: location)
        }
        if typeChanged {
            policyRebuild[table.name, default: []].insert(oldColumn.name)
            let conversion = origins.conversions.first { $0.table == table.name && $0.column == column.name }
            if oldColumn.type.isSerial != column.type.isSerial {
                report(.invalidValue("\(qualifiedColumn) changes between a serial and another type, which migrations do not support",
                                     hint: "use 'identity:' on an integer column instead of a serial type"), at: location)
                return
            }
            // Without a declared conversion, a change PostgreSQL does not cast implicitly (varchar to jsonb) is cast
            // explicitly: it fails on a value that does not convert, so it counts as destructive.
            let cast = conversion == nil && ColumnTypeChange.needsUsing(from: oldColumn.type, to: column.type)
            var sql = "\(prefix) TYPE \(newType)"
            if let conversion { sql += " USING (\(conversion.expression))" }
            if cast { sql += " USING \(SQLSyntax.quoteIdent(column.name))::\(newType)" }
            let narrowing = ColumnTypeChange.isNarrowing(from: oldColumn.type, to: column.type) || conversion != nil || cast
            add(.alterColumns, sql + ";", at: conversion?.location ?? location,
                destructive: narrowing ? "changes \(qualifiedColumn) from \(oldType) to \(newType); values that do not convert make it fail or lose detail" : nil,
                warnings: ColumnTypeChange.rewrites(from: oldColumn.type, to: column.type)
                    ? ["rewrites \(table.name) and its indexes under an ACCESS EXCLUSIVE lock"] : [])
        }
        if typeChanged || oldDefault != newDefault, let newDefault {
            add(.alterColumns, "\(prefix) SET DEFAULT \(newDefault);", at: location)
        }
        if oldColumn.nullable && !column.nullable {
            add(.alterColumns, "\(prefix) SET NOT NULL;", at: location,
                destructive: "sets NOT NULL on \(qualifiedColumn), which fails while a row holds NULL there",
                warnings: ["scans \(table.name) under an ACCESS EXCLUSIVE lock"])
        } else if !oldColumn.nullable && column.nullable {
            add(.alterColumns, "\(prefix) DROP NOT NULL;", at: location)
        }
        switch (oldColumn.identity, column.identity) {
        case (nil, let identity?):
            add(.alterColumns, "\(prefix) ADD \(SQLDefinitions.identityClause(identity));", at: location,
                warnings: ["the identity starts at 1: if \(qualifiedColumn) holds values, move it past them (ALTER TABLE ... ALTER COLUMN ... RESTART WITH ...)"])
        case (let before?, let after?) where before != after:
            add(.alterColumns, "\(prefix) SET GENERATED \(after == .always ? "ALWAYS" : "BY DEFAULT");", at: location)
        default: break
        }
        if oldColumn.comment != column.comment {
            add(.comments, "COMMENT ON COLUMN \(SQLSyntax.qualified(table.name)).\(SQLSyntax.quoteIdent(column.name)) IS \(column.comment.map(SQLSyntax.literal) ?? "NULL");",
                at: location)
        }
    }
}

/// What PostgreSQL does when a column's type changes: whether it needs a `USING` expression, whether values may not
/// fit, whether the table is rewritten.
enum ColumnTypeChange {
    static func isText(_ type: ColumnType) -> Bool {
        switch type {
        case .text, .varchar, .char: return true
        default: return false
        }
    }

    static func numericRank(_ type: ColumnType) -> Int? {
        switch type {
        case .smallint, .smallserial: return 1
        case .integer, .serial: return 2
        case .bigint, .bigserial: return 3
        case .numeric: return 4
        case .real: return 5
        case .doublePrecision: return 6
        default: return nil
        }
    }

    /// Whether PostgreSQL has no assignment cast from one type to the other, so `ALTER ... TYPE` needs `USING`.
    static func needsUsing(from: ColumnType, to: ColumnType) -> Bool {
        if case .array(let a) = from, case .array(let b) = to { return needsUsing(from: a, to: b) }
        if from.isArray != to.isArray { return !isText(to) || to.isArray }
        if isText(to) { return false }
        if numericRank(from) != nil && numericRank(to) != nil { return false }
        switch (from, to) {
        case (.date, .timestamp), (.date, .timestamptz), (.timestamp, .timestamptz), (.timestamptz, .timestamp),
             (.timestamp, .date), (.timestamptz, .date), (.time, .timetz), (.timetz, .time),
             (.timestamp, .time), (.timestamptz, .time), (.timestamptz, .timetz),
             (.json, .jsonb), (.jsonb, .json):
            return false
        default:
            return true
        }
    }

    /// Whether some values of the old type may not fit the new one (or lose detail in it).
    static func isNarrowing(from: ColumnType, to: ColumnType) -> Bool {
        if case .array(let a) = from, case .array(let b) = to { return isNarrowing(from: a, to: b) }
        switch (from, to) {
        case (_, .text): return false
        case (.varchar(let a), .varchar(let b)), (.char(let a), .varchar(let b)), (.char(let a), .char(let b)):
            guard let b else { return false }
            guard let a else { return true }
            return a > b
        case (.text, .varchar(let b)): return b != nil
        case (.numeric(let p1, let s1), .numeric(let p2, let s2)):
            guard let p2 else { return false }
            guard let p1 else { return true }
            return p2 - (s2 ?? 0) < p1 - (s1 ?? 0) || (s2 ?? 0) < (s1 ?? 0)
        case (.date, .timestamp), (.date, .timestamptz), (.timestamp, .timestamptz), (.timestamptz, .timestamp),
             (.time, .timetz), (.json, .jsonb), (.jsonb, .json), (.real, .doublePrecision):
            return false
        default:
            if let a = numericRank(from), let b = numericRank(to), a <= 3 {
                if b == 4, case .numeric(nil, _) = to { return false }
                return b < a || b == 5 && a >= 2
            }
            return from != to
        }
    }

    /// Whether the change rewrites the table (everything but widening a text or numeric limit).
    static func rewrites(from: ColumnType, to: ColumnType) -> Bool {
        switch (from, to) {
        case (.varchar, .text), (.text, .varchar(nil)):
            return false
        case (.varchar(let a), .varchar(let b)):
            guard let a else { return b != nil }
            return b.map { $0 < a } ?? false
        case (.numeric(let p1, let s1), .numeric(let p2, let s2)):
            guard p2 != nil else { return false }
            return p1 == nil || s1 != s2 || (p2 ?? 0) < (p1 ?? 0)
        default:
            return true
        }
    }
}

/// Partitioned tables: partitions added, dropped (destructive), re-bounded (detach + attach) and commented. PostgreSQL
/// cannot turn a plain table into a partitioned one, or change a partition key: both are refused.
extension MigrationPlanner {
    mutating func diffPartitions(_ oldTable: Table, _ table: Table, location: SourceLocation) {
        let before = oldTable.partitioning, after = table.partitioning
        guard before != nil || after != nil else { return }
        guard let before, let after, before.strategy == after.strategy, before.keys == after.keys else {
            report(.partitioningChange(table.name.description, from: before.map(Self.partitionDescription) ?? "not partitioned",
                                       to: after.map(Self.partitionDescription) ?? "not partitioned"), at: location)
            return
        }
        let parent = SQLSyntax.qualified(table.name)
        for partition in after.partitions {
            let name = SQLSyntax.qualified(partition.name)
            guard let old = before.partitions.first(where: { $0.name == partition.name }) else {
                add(.createPartitions, SQLDefinitions.createPartition(partition, of: table.name), at: location,
                    warnings: after.partitions.contains(where: { $0.bound == .defaultPartition }) && partition.bound != .defaultPartition
                        ? ["scans the default partition of \(table.name) for rows that now belong to \(partition.name)"] : [])
                if let comment = partition.comment {
                    add(.comments, "COMMENT ON TABLE \(name) IS \(SQLSyntax.literal(comment));", at: location)
                }
                partitionRowLevelSecurity(partition, of: table)
                continue
            }
            if old.bound != partition.bound {
                add(.createPartitions, "ALTER TABLE \(parent) DETACH PARTITION \(name);", at: location,
                    notes: ["the bound of \(partition.name) changes: detached, then attached with the new bound"])
                add(.createPartitions, "ALTER TABLE \(parent) ATTACH PARTITION \(name) \(SQLDefinitions.partitionBound(partition.bound));",
                    at: location, warnings: ["scans \(partition.name) to check its rows fit the new bound"])
            }
            if old.comment != partition.comment {
                add(.comments, "COMMENT ON TABLE \(name) IS \(partition.comment.map(SQLSyntax.literal) ?? "NULL");", at: location)
            }
        }
        for old in before.partitions where !after.partitions.contains(where: { $0.name == old.name }) {
            add(.dropTables, "DROP TABLE \(SQLSyntax.qualified(old.name));", at: location,
                destructive: "drops partition \(old.name) of \(table.name) and its rows",
                notes: ["to keep the rows as a table of their own, run ALTER TABLE \(parent) DETACH PARTITION \(SQLSyntax.qualified(old.name)) instead"])
        }
    }

    /// A new partition's RLS state: its parent's, as rls.sql sets it.
    mutating func partitionRowLevelSecurity(_ partition: Partition, of table: Table) {
        let name = SQLSyntax.qualified(partition.name), location = place("rls", table.name)
        if table.rls.enabled { add(.rowLevelSecurity, "ALTER TABLE \(name) ENABLE ROW LEVEL SECURITY;", at: location) }
        if table.rls.forced { add(.rowLevelSecurity, "ALTER TABLE \(name) FORCE ROW LEVEL SECURITY;", at: location) }
    }

    static func partitionDescription(_ partitioning: Partitioning) -> String {
        "partitioned by \(partitioning.strategy.sql) (\(partitioning.keys.map { $0.column ?? $0.expression ?? "" }.joined(separator: ", ")))"
    }
}

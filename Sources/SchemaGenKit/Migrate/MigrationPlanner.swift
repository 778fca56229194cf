/// Diffs two validated schemas into the statements that migrate a database from the first to the second.
///
/// Every kind of object has its own diff (`diffTables`, `diffEnums`, `diffPolicies`, ...), which adds statements
/// tagged with a `Phase`; the phases order them so that every migration applies: views, foreign keys and policies are
/// dropped before what they depend on, enums are created before their columns, constraints and policies are added
/// after the columns they read, views after everything they read. A new kind of object adds its own diff and, where needed, its own phases.
public struct MigrationPlanner {
    /// The order of statements in a migration.
    enum Phase: Int, Comparable {
        case settings
        case dropViews, dropTriggers, dropPolicies, dropForeignKeys, dropConstraints, dropIndexes
        case createSchemas, createExtensions, renameEnums, renameObjects, createEnums, createSequences, dropDomainConstraints, createDomains, rawSQLBeforeTables, renameTables, renameColumns, renameConstraints
        case dropColumns, swapEnums, createTables, addColumns, alterColumns, createPartitions, functionsAfterTables
        case dropTables, dropDomains, dropSequences, dropEnums
        case addConstraints, sequenceOwners, createIndexes, addForeignKeys, validateConstraints, createViews
        case comments, rowLevelSecurity, createPolicies, rawSQL, triggers, revokes, grants, publications, dropFunctions, dropExtensions, dropSchemas

        static func < (lhs: Phase, rhs: Phase) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    let old: Schema
    let new: Schema
    let file: String
    var steps: [(phase: Phase, statement: MigrationStatement)] = []
    var diagnostics: [Diagnostic] = []

    /// The old name of each table of the new schema that existed before (same name, or renamed).
    var tableMatches: [QualifiedName: QualifiedName] = [:]
    /// Per new table: new column name → old column name.
    var columnMatches: [QualifiedName: [String: String]] = [:]
    var enumMatches: [QualifiedName: QualifiedName] = [:]
    /// The old name of each new sequence and domain that existed before (same name, or renamed).
    var sequenceMatches: [QualifiedName: QualifiedName] = [:]
    var domainMatches: [QualifiedName: QualifiedName] = [:]
    /// Per new enum: new value → old value.
    var valueMatches: [QualifiedName: [String: String]] = [:]
    /// Per table, its columns that are dropped, re-created or change type: the policies that read them (on this
    /// table or, through a subquery, on another) are dropped first and created again.
    var policyRebuild: [QualifiedName: Set<String>] = [:]
    /// The old side's tables that hold rows, when the old side is a live database (`status`); nil when unknown.
    var tablesWithRows: Set<QualifiedName>?
    /// Per new table: continuing columns that are dropped and added again (their generation changes), so their
    /// constraints and indexes are too.
    var recreatedColumns: [QualifiedName: Set<String>] = [:]

    /// The plan from `old` (the last migration's snapshot) to `new` (the schema file); `file` names the schema
    /// file in diagnostics.
    /// `tablesWithRows`: the old side's tables that hold rows, when it is a live database (a NOT NULL column without
    /// a default is then planned for an empty table and refused for one with rows; unknown, it is planned with a
    /// warning).
    public static func plan(from old: Schema, to new: Schema, file: String, tablesWithRows: Set<QualifiedName>? = nil) -> MigrationPlan {
        var planner = MigrationPlanner(old: old, new: new, file: file)
        planner.tablesWithRows = tablesWithRows
        planner.matchObjects()
        if !planner.diagnostics.contains(where: { $0.severity == .error }) {
            planner.diffSchemas()
            planner.diffExtensions()
            planner.diffEnums()
            planner.diffSequences()
            planner.diffDomains()
            planner.diffTables()
            planner.diffPolicies()
            // Two inspected schemas compare every privilege themselves (diffObjects).
            if old.objects == nil || new.objects == nil { planner.diffColumnPrivileges() }
            planner.diffViews()
            planner.diffRawSQL()
            planner.diffObjects()
        }
        let ordered = planner.steps.enumerated().sorted { a, b in
            a.element.phase != b.element.phase ? a.element.phase < b.element.phase : a.offset < b.offset
        }.map(\.element.statement)
        var seen = Set<String>()
        let unique = ordered.filter { seen.insert($0.sql).inserted }
        return MigrationPlan(statements: unique, diagnostics: planner.diagnostics)
    }

    /// An empty schema: the state before the first migration.
    public static func emptySchema(like schema: Schema) -> Schema {
        var empty = schema
        empty.createdSchemas = []
        empty.extensions = []
        empty.enums = []
        empty.sequences = []
        empty.domains = []
        empty.views = []
        empty.tables = []
        empty.rawSQL = []
        empty.origins = nil
        return empty
    }

    // MARK: Recording

    var origins: SchemaOrigins { new.origins ?? SchemaOrigins() }

    func place(_ kind: String, _ owner: QualifiedName, _ member: String? = nil) -> SourceLocation {
        origins.location(kind, owner, member) ?? origins.location("table", owner) ?? SourceLocation(line: 1, column: 1)
    }

    /// Where a top-level section (`tables:`, `enums:`, `sql:`) starts: the place of what was removed from it.
    func section(_ name: String) -> SourceLocation {
        origins.locations["section \(name)"] ?? origins.locations["section tables"] ?? SourceLocation(line: 1, column: 1)
    }

    mutating func add(_ phase: Phase, _ sql: String, at location: SourceLocation, destructive: String? = nil,
                      warnings: [String] = [], notes: [String] = [], placement: MigrationStatement.Placement = .main) {
        steps.append((phase, MigrationStatement(sql: sql, destructive: destructive, warnings: warnings, notes: notes,
                                                placement: placement, location: location)))
    }

    mutating func report(_ entry: DiagnosticEntry, at location: SourceLocation, path: String = "") {
        diagnostics.append(Diagnostic(severity: entry.severity, code: entry.code, message: entry.message, file: file,
                                      location: location, path: path, hint: entry.hint))
    }

    // MARK: Matching old and new objects

    /// Pairs every new table, column, enum, enum value, sequence and domain with the old one it continues (same
    /// name, or `renamed_from`); a rename that matches nothing is an error at its place.
    mutating func matchObjects() {
        let renames = origins.renames
        for table in new.tables {
            let rename = renames.first { $0.kind == .table && $0.owner == table.name }
            if let rename, old.tables.contains(where: { $0.name == rename.from }) {
                tableMatches[table.name] = rename.from
            } else if old.tables.contains(where: { $0.name == table.name }) {
                tableMatches[table.name] = table.name
            } else if let rename {
                report(.renameMatchesNothing("table", rename.from.description, candidates: old.tables.map(\.name.name)), at: rename.location)
            }
        }
        for table in new.tables {
            guard let oldName = tableMatches[table.name], let oldTable = old.table(oldName) else { continue }
            var matches: [String: String] = [:]
            for column in table.columns {
                let rename = renames.first { $0.kind == .column && $0.owner == table.name && $0.to == column.name }
                if let rename, oldTable.column(rename.from.name) != nil {
                    matches[column.name] = rename.from.name
                } else if oldTable.column(column.name) != nil, !renames.contains(where: {
                    $0.kind == .column && $0.owner == table.name && $0.from.name == column.name }) {
                    matches[column.name] = column.name
                } else if let rename, oldTable.column(column.name) == nil {
                    report(.renameMatchesNothing("column of \(oldName)", rename.from.name, candidates: oldTable.columns.map(\.name)),
                           at: rename.location)
                }
            }
            columnMatches[table.name] = matches
        }
        for item in new.enums {
            let rename = renames.first { $0.kind == .enumType && $0.owner == item.name }
            if let rename, old.enumType(rename.from) != nil {
                enumMatches[item.name] = rename.from
            } else if old.enumType(item.name) != nil {
                enumMatches[item.name] = item.name
            } else if let rename {
                report(.renameMatchesNothing("enum", rename.from.description, candidates: old.enums.map(\.name.name)), at: rename.location)
            }
        }
        sequenceMatches = matchNamed(new.sequences.map(\.name), old: old.sequences.map(\.name), kind: .sequence)
        domainMatches = matchNamed(new.domains.map(\.name), old: old.domains.map(\.name), kind: .domain)
        for item in new.enums {
            guard let oldName = enumMatches[item.name], let oldEnum = old.enumType(oldName) else { continue }
            var matches: [String: String] = [:]
            for value in item.values {
                let rename = renames.first { $0.kind == .enumValue && $0.owner == item.name && $0.to == value }
                if let rename, oldEnum.values.contains(rename.from.name) {
                    matches[value] = rename.from.name
                } else if oldEnum.values.contains(value) {
                    matches[value] = value
                } else if let rename {
                    report(.renameMatchesNothing("value of enum \(oldName)", rename.from.name, candidates: oldEnum.values), at: rename.location)
                }
            }
            valueMatches[item.name] = matches
        }
    }

    /// Pairs new objects of one kind with the old ones they continue: same name, or `renamed_from`; a rename that
    /// matches nothing is an error at its place.
    mutating func matchNamed(_ names: [QualifiedName], old oldNames: [QualifiedName], kind: SchemaOrigins.Rename.Kind) -> [QualifiedName: QualifiedName] {
        var matches: [QualifiedName: QualifiedName] = [:]
        for name in names {
            let rename = origins.renames.first { $0.kind == kind && $0.owner == name }
            if let rename, oldNames.contains(rename.from) {
                matches[name] = rename.from
            } else if oldNames.contains(name) {
                matches[name] = name
            } else if let rename {
                report(.renameMatchesNothing(kind.rawValue, rename.from.description, candidates: oldNames.map(\.name)), at: rename.location)
            }
        }
        return matches
    }

    /// `ALTER <kind> old SET SCHEMA ...` and `RENAME TO ...`, as far as the name changes.
    mutating func renameObject(_ kind: String, from oldName: QualifiedName, to name: QualifiedName, at location: SourceLocation) {
        guard oldName != name else { return }
        var current = oldName
        if current.schema != name.schema {
            add(.renameObjects, "ALTER \(kind) \(SQLSyntax.qualified(current)) SET SCHEMA \(SQLSyntax.quoteIdent(name.schema));", at: location)
            current.schema = name.schema
        }
        if current.name != name.name {
            add(.renameObjects, "ALTER \(kind) \(SQLSyntax.qualified(current)) RENAME TO \(SQLSyntax.quoteIdent(name.name));", at: location)
        }
    }

    func newSequenceName(_ oldName: QualifiedName) -> QualifiedName? {
        sequenceMatches.first { $0.value == oldName }?.key
    }

    func newDomainName(_ oldName: QualifiedName) -> QualifiedName? {
        domainMatches.first { $0.value == oldName }?.key
    }

    /// An old default with the sequence it calls as named after the renames of this migration (PostgreSQL's stored
    /// `nextval(...::regclass)` follows a renamed sequence).
    func renamedDefault(_ value: ColumnDefault?) -> ColumnDefault? {
        if case .nextval(let name) = value, let renamed = newSequenceName(name) { return .nextval(renamed) }
        return value
    }

    /// The new name of an old table, if it continues.
    func newTableName(_ oldName: QualifiedName) -> QualifiedName? {
        tableMatches.first { $0.value == oldName }?.key
    }

    /// The new name of an old table's column, if it continues.
    func newColumnName(_ table: QualifiedName, _ column: String) -> String? {
        guard let newTable = newTableName(table) else { return nil }
        return columnMatches[newTable]?.first { $0.value == column }?.key
    }

    func newEnumName(_ oldName: QualifiedName) -> QualifiedName? {
        enumMatches.first { $0.value == oldName }?.key
    }

    /// An old column type with enum and domain names as they are after the renames of this migration.
    func renamedType(_ type: ColumnType) -> ColumnType {
        switch type {
        case .enumeration(let name): return .enumeration(newEnumName(name) ?? name)
        case .domain(let name, let base): return .domain(newDomainName(name) ?? name, base: renamedType(base))
        case .array(let inner): return .array(renamedType(inner))
        default: return type
        }
    }

    // MARK: Schemas

    mutating func diffSchemas() {
        for name in new.createdSchemas where !old.createdSchemas.contains(name) {
            add(.createSchemas, "CREATE SCHEMA IF NOT EXISTS \(SQLSyntax.quoteIdent(name));", at: section("tables"))
        }
        for name in old.createdSchemas where !new.createdSchemas.contains(name) {
            add(.dropSchemas, "DROP SCHEMA \(SQLSyntax.quoteIdent(name));", at: section("tables"),
                destructive: "drops schema \(name)")
        }
    }
}

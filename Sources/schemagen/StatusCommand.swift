import ArgumentParser
import Foundation
import SchemaGenKit

/// `status`: whether the generated files, the migrations and a live database are in sync with schema.yaml.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Report whether generated files, migrations and the database are in sync with schema.yaml.",
        discussion: """
        Four areas: the generated files (as `check`), schema.yaml changes no migration holds yet (the last \
        migration's snapshot), the migrations the database has not applied (supabase_migrations.schema_migrations), and \
        the drift between the database and schema.yaml: tables, columns, types, defaults, constraints, indexes, enums, \
        views, comments, policies, row level security, functions, triggers, privileges and publications, compared as \
        PostgreSQL prints them (schema.yaml is built in a temporary shadow database; see --shadow-db). The database is \
        the one of --db, else DATABASE_URL, else the PG* variables when PGHOST or PGDATABASE is set; with none of them \
        the database areas are reported as not checked (--require-db makes that an error). It is only read. \
        --sql prints only the statements that bring the database to schema.yaml on stdout (the report goes to \
        stderr), destructive ones commented out unless --allow-destructive. Exit status: 0 in sync, 1 anything out of \
        sync or schema errors, 2 the database cannot be reached or a file cannot be read.
        """)

    @OptionGroup var options: SchemaOptions

    @OptionGroup var connection: ConnectionOptions

    @Flag(name: .long, help: "Print the SQL that brings the database to schema.yaml (stdout).")
    var sql = false

    @Flag(name: .long, help: "With --sql: print destructive statements as statements, not commented out.")
    var allowDestructive = false

    @Flag(name: .customLong("require-db"), help: "Fail (exit 2) when no database is configured, instead of reporting it as not checked (for CI).")
    var requireDatabase = false

    @OptionGroup var shadow: ShadowOptions

    func validate() throws {
        if allowDestructive && !sql { throw ValidationError("--allow-destructive only applies with --sql") }
    }

    func run() throws {
        // The schema's warnings wait until the database answered, so an unreachable one is the only line printed.
        let compilation = try Compilation.run(options, targets: nil, printingWarnings: false)
        let environment = ProcessInfo.processInfo.environment
        let database = StatusDatabase.chosen(db: connection.db, environment: environment) ? try connection.connect() : nil
        defer { database?.close() }
        if options.diagnosticsFormat == .human { DiagnosticPrinter.print(compilation.result.diagnostics, format: .human) }
        if database == nil, sql || requireDatabase {
            printErr("schemagen: error: \(sql ? "--sql" : "--require-db") needs a database: set DATABASE_URL (or the PG* variables, or give --db)")
            throw ExitCode(2)
        }

        var report = StatusReport()
        report.add(generatedFiles(compilation))
        report.add(try migrationsArea(compilation))
        if let database {
            report.add(try pendingMigrations(compilation, database))
            let comparison = try StatusDatabase.compare(database, compilation: compilation, url: connection.db,
                                                        shadowURL: shadow.url(environment: environment, settings: compilation.schema.settings),
                                                        file: options.schema)
            report.add(drift(compilation, comparison))
            if sql {
                // stdout is SQL and only SQL: the report goes to stderr.
                print(comparison.plan.script(allowDestructive: allowDestructive, sourceName: compilation.schemaName), terminator: "")
            }
        } else {
            report.databaseChecked = false
            report.add(StatusReport.Area(title: "database", summary: "not checked (no --db, DATABASE_URL, PGHOST or PGDATABASE); "
                + "--require-db makes that an error"))
        }

        switch options.diagnosticsFormat {
        case .human:
            if sql { FileHandle.standardError.write(Data(report.text.utf8)) } else { print(report.text, terminator: "") }
        case .json, .sarif:
            DiagnosticPrinter.print(compilation.result.diagnostics + report.diagnostics, format: options.diagnosticsFormat)
        }
        if !report.inSync { throw ExitCode(1) }
    }

    // MARK: Areas

    func generatedFiles(_ compilation: Compilation) -> StatusReport.Area {
        let outputs = OutputFreshness.compare(compilation, index: nil)
        var area = StatusReport.Area(title: "generated files", summary: "")
        for output in outputs {
            switch output.state {
            case .fresh, .notStaged:
                continue
            case .missing:
                let line = "missing: \(output.path) (never generated, or deleted)"
                area.add(line, DiagnosticEntry.staleOutput(line).at(output.path))
            case .stale(let reason, _):
                area.add(reason, DiagnosticEntry.staleOutput(reason).at(output.path))
            }
        }
        let total = outputs.count
        area.summary = area.lines.isEmpty ? "up to date (\(total) output\(total == 1 ? "" : "s"))"
            : "\(area.lines.count) of \(total) out of date; run `\(Check.regenerateCommand(options))`"
        return area
    }

    func migrationsArea(_ compilation: Compilation) throws -> StatusReport.Area {
        let directory = Compilation.resolve(compilation.schema.settings.migrations.directory, in: compilation.baseDirectory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return StatusReport.Area(title: "migrations", summary: "none (no \(directory) directory)")
        }
        let found = try MigrationGuard.problems(compilation, schemaFile: options.schema, index: nil)
        var area = StatusReport.Area(title: "migrations", summary: "")
        for message in found.messages {
            area.add(message, DiagnosticEntry.unmigratedSchemaChange(message).at(options.schema))
        }
        area.summary = area.lines.isEmpty ? "\(compilation.schemaName) matches the last migration in \(directory)"
            : "\(compilation.schemaName) has changes no migration holds"
        return area
    }

    func pendingMigrations(_ compilation: Compilation, _ database: PostgresConnection) throws -> StatusReport.Area {
        let settings = compilation.schema.settings.migrations
        let directory = Compilation.resolve(settings.directory, in: compilation.baseDirectory)
        var area = StatusReport.Area(title: "database migrations", summary: "")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            area.summary = "none to apply (no \(directory) directory)"
            return area
        }
        let onDisk = try MigrationsOnDisk.read(directory, format: settings.format)
        let pending: [String]
        let problems: [String]
        let applied: Int
        do {
            if settings.format == .alembic {
                // Applied: the revision the database is at and every revision it follows.
                let links = onDisk.alembicLinks
                let done = try StatusDatabase.alembicHead(database).map { AlembicRevision.ancestry(of: $0, in: links) } ?? []
                pending = links.filter { !done.contains($0.revision) }.map(\.fileName).sorted()
                problems = onDisk.historyProblems()
                applied = links.count - pending.count
            } else {
                let (plan, count) = try AppliedMigrations.plan(onDisk, database)
                pending = plan.pending.map(\.fileName)
                problems = plan.problems
                applied = count
            }
        } catch let error as PostgresError {
            printErr("schemagen: error: cannot read the applied migrations: \(error.message)")
            throw ExitCode(2)
        }
        for problem in problems {
            area.add("\(directory): \(problem)", DiagnosticEntry.migrationHistoryProblem(problem).at(directory))
        }
        for name in pending {
            area.add("not applied: \(directory)/\(name)", DiagnosticEntry.pendingMigration(name).at(directory + "/" + name))
        }
        area.summary = pending.isEmpty && problems.isEmpty ? "all \(applied) applied"
            : "\(pending.count) not applied\(problems.isEmpty ? "" : ", \(problems.count) problem\(problems.count == 1 ? "" : "s")")"
            + (pending.isEmpty ? "" : "; run `\(FixCommand.prefix()) migrate apply`")
        return area
    }

    func drift(_ compilation: Compilation, _ comparison: DatabaseComparison) -> StatusReport.Area {
        var area = StatusReport.Area(title: "database schema", summary: "")
        let origins = compilation.schema.origins ?? SchemaOrigins()
        for statement in comparison.plan.statements {
            let line = StatusDatabase.describe(statement)
            let location = statement.location.line > 1 ? statement.location
                : (origins.locations["section tables"] ?? SourceLocation(line: 1, column: 1))
            area.add("  " + line, DiagnosticEntry.databaseDrift(StatusDatabase.kind(of: line),
                                                               area: "database", line).at(options.schema, location))
        }
        for problem in comparison.plan.diagnostics where problem.severity == .error {
            area.add("  cannot plan: \(problem.message)", problem)
        }
        for line in comparison.uncertain { area.lines.append("  uncertain (no shadow database): \(line)") }
        let count = area.diagnostics.count
        area.summary = (count == 0 ? "matches \(compilation.schemaName)"
            : "\(count) difference\(count == 1 ? "" : "s") from \(compilation.schemaName)") + " (\(comparison.method))"
        return area
    }
}

/// What `status` found, per area, as lines for people and as diagnostics for machines.
struct StatusReport {
    /// One area: a title, a one-line summary and the lines (and diagnostics) of what is out of sync.
    struct Area {
        var title: String
        var summary: String
        var lines: [String] = []
        var diagnostics: [Diagnostic] = []

        mutating func add(_ line: String, _ diagnostic: Diagnostic) {
            lines.append(line)
            diagnostics.append(diagnostic)
        }
    }

    var areas: [Area] = []

    mutating func add(_ area: Area) { areas.append(area) }

    var diagnostics: [Diagnostic] { areas.flatMap(\.diagnostics) }

    var inSync: Bool { diagnostics.isEmpty }

    /// Whether a database was compared; when not, the report never calls the database in sync.
    var databaseChecked = true

    /// `title: summary`, then the area's lines indented; the last line says in sync or out of sync.
    var text: String {
        var text = ""
        for area in areas {
            text += "\(area.title): \(area.summary)\n"
            for line in area.lines { text += "  \(line)\n" }
        }
        let out = areas.filter { !$0.diagnostics.isEmpty }.map(\.title)
        text += !out.isEmpty ? "out of sync: \(out.joined(separator: ", "))\n"
            : databaseChecked ? "in sync\n" : "files and migrations in sync; the database was not checked\n"
        return text
    }
}

/// The database side of `status`.
enum StatusDatabase {
    /// Whether a database is named: --db, DATABASE_URL, or the PG* variables when PGHOST or PGDATABASE is set (a
    /// lone PGUSER or PGPORT is too common in shells to mean "check my database").
    static func chosen(db: String?, environment: [String: String]) -> Bool {
        if db != nil { return true }
        return ["DATABASE_URL", "PGHOST", "PGDATABASE"].contains { !(environment[$0] ?? "").isEmpty }
    }

    /// The Alembic revisions the database is at (one, unless its history branched), sorted.
    static func alembicVersions(_ database: PostgresConnection) throws -> [String] {
        guard try database.scalar("SELECT to_regclass('alembic_version') IS NOT NULL") == "t" else { return [] }
        return try database.query("SELECT version_num FROM alembic_version ORDER BY 1", []).compactMap { $0.first ?? nil }
    }

    /// The Alembic revision the database is at, nil when none is (with several heads, the greatest).
    static func alembicHead(_ database: PostgresConnection) throws -> String? {
        guard try database.scalar("SELECT to_regclass('alembic_version') IS NOT NULL") == "t" else { return nil }
        return try database.scalar("SELECT max(version_num) FROM alembic_version")
    }

    /// The schemas schema.yaml manages: those `settings.schemas` names (`public` when it names none), the ones it
    /// creates, and those of its tables, views, enums, domains and sequences. Nothing outside them is read, reported, planned or dropped.
    static func scope(of schema: Schema) -> [String] {
        var names = schema.settings.schemas ?? ["public"]
        let declared = schema.createdSchemas + schema.tables.map(\.name.schema) + schema.enums.map(\.name.schema)
            + schema.views.map(\.name.schema) + schema.domains.map(\.name.schema) + schema.sequences.map(\.name.schema)
        for name in declared where !names.contains(name) && !CatalogReader.managedSchemas.contains(name) {
            names.append(name)
        }
        return names
    }

    /// Row-level security and policies of partitions, which the IR holds only through their parent: a query naming
    /// a partition is checked against the partition's own switch and policies, so a partition with RLS off, or with
    /// a policy of its own, is drift. The desired state is the shadow's (rls.sql's), else the parent's switch and no
    /// policies.
    static func partitionSecurity(live: DatabaseCatalog, desired: DatabaseCatalog?, schema: Schema) -> [MigrationStatement] {
        var statements: [MigrationStatement] = []
        func add(_ sql: String, _ note: String) {
            statements.append(MigrationStatement(sql: sql, destructive: nil, warnings: [], notes: [note], placement: .main,
                                                 location: SourceLocation(line: 1, column: 1)))
        }
        for partition in live.tables where partition.parentName != nil {
            let name = SQLSyntax.qualified(QualifiedName(schema: partition.schema, name: partition.name))
            let twin = desired?.tables.first { $0.schema == partition.schema && $0.name == partition.name }
            let parent = schema.table(QualifiedName(schema: partition.parentSchema ?? partition.schema, name: partition.parentName ?? ""))
            guard twin != nil || parent != nil else { continue }
            let wanted = twin?.rowSecurity ?? parent?.rls.enabled ?? partition.rowSecurity
            if wanted != partition.rowSecurity {
                add("ALTER TABLE \(name) \(wanted ? "ENABLE" : "DISABLE") ROW LEVEL SECURITY;",
                    "partition \(name): row-level security is \(partition.rowSecurity ? "on" : "off") in the database, "
                        + "\(wanted ? "on" : "off") in schema.yaml")
            }
            let wantedPolicies = twin?.policies ?? []
            for policy in partition.policies where !wantedPolicies.contains(policy) {
                add("DROP POLICY \(SQLSyntax.alwaysQuote(policy.name)) ON \(name);",
                    "partition \(name): policy \(SQLSyntax.alwaysQuote(policy.name)) is in the database, not in schema.yaml, or different")
            }
            for policy in wantedPolicies where !partition.policies.contains(policy) {
                let command = ["r": "SELECT", "a": "INSERT", "w": "UPDATE", "d": "DELETE"][policy.command] ?? "ALL"
                let roles = policy.roles.map { $0 == "public" ? "PUBLIC" : SQLSyntax.quoteIdent($0) }.joined(separator: ", ")
                var sql = "CREATE POLICY \(SQLSyntax.alwaysQuote(policy.name)) ON \(name) AS \(policy.permissive ? "PERMISSIVE" : "RESTRICTIVE") "
                    + "FOR \(command) TO \(roles)"
                if let using = policy.using { sql += " USING (\(using))" }
                if let check = policy.withCheck { sql += " WITH CHECK (\(check))" }
                add(sql + ";", "partition \(name): policy \(SQLSyntax.alwaysQuote(policy.name)) is missing or different in the database")
            }
        }
        return statements
    }

    /// The live tables that gain a NOT NULL column without a default and hold rows (where adding it fails). A table
    /// that cannot be read counts as holding rows.
    static func tablesWithRows(_ database: PostgresConnection, gaining desired: Schema, from live: Schema) -> Set<QualifiedName> {
        var result: Set<QualifiedName> = []
        for table in desired.tables {
            guard let current = live.table(table.name) else { continue }
            let gains = table.columns.contains { column in
                current.column(column.name) == nil && !column.nullable && column.defaultValue == nil && column.identity == nil
                    && !column.type.isSerial && column.generated == nil
            }
            guard gains else { continue }
            let empty = try? database.scalar("SELECT NOT EXISTS (SELECT FROM \(SQLSyntax.qualified(table.name)))")
            if empty != "t" { result.insert(table.name) }
        }
        return result
    }

    /// Compares the database with schema.yaml through one differ: both sides inspected from PostgreSQL (the live
    /// database, and a shadow database built from schema.yaml's DDL), then planned; the report describes the plan.
    /// Without a shadow, schema.yaml's own IR is compared, and differences of expression text are uncertain.
    static func compare(_ database: PostgresConnection, compilation: Compilation, url: String?, shadowURL: String?,
                        file: String) throws -> DatabaseComparison {
        let scope = scope(of: compilation.schema)
        var catalog: DatabaseCatalog
        do {
            catalog = try CatalogReader.read(database, schemas: scope)
            catalog.objects = try CatalogReader.readObjects(database, schemas: scope)
        } catch let error as PostgresError {
            printErr("schemagen: error: cannot read the database's catalog: \(error.message)")
            throw ExitCode(2)
        }
        let ddl = Pipeline.emit(compilation.schema, fileName: file, templates: TemplateSet.builtin(), targets: ["sql", "rls"])
        let statements = ["sql", "rls"].compactMap { target in ddl.outputs.first { $0.target == target }?.contents }
        var desired: Schema
        var method: String
        var shadowCatalog: DatabaseCatalog?
        var live = try inspected(catalog, what: "the database")
        do {
            if shadowURL == "none" { throw ShadowDatabase.Failure(message: "--shadow-db none") }
            let shadow = try ShadowDatabase.build(target: database, targetURL: url, shadowURL: shadowURL, scope: scope,
                                                  statements: statements)
            desired = try inspected(shadow.catalog, what: "schema.yaml's shadow database")
            shadowCatalog = shadow.catalog
            method = "compared as PostgreSQL prints both, through \(shadow.place)"
        } catch let failure as ShadowDatabase.Failure {
            printErr("schemagen: warning: no shadow database (\(failure.message)); expressions are compared as text, "
                + "and functions, triggers and privileges are not compared")
            desired = compilation.schema
            desired.origins?.renames = []
            // An extension schema.yaml does not declare but whose type its columns use (citext) is the database's.
            let text = statements.joined(separator: "\n")
            for extensionItem in live.extensions where !desired.extensions.contains(where: { $0.name == extensionItem.name })
                && text.range(of: "\\b\(NSRegularExpression.escapedPattern(for: extensionItem.name))\\b", options: .regularExpression) != nil {
                desired.extensions.append(extensionItem)
            }
            live.objects = nil
            method = "compared without a shadow database"
        }
        var plan = MigrationPlanner.plan(from: live, to: desired, file: file,
                                         tablesWithRows: tablesWithRows(database, gaining: desired, from: live))
        plan.statements += partitionSecurity(live: catalog, desired: shadowCatalog, schema: desired)
        var uncertain: [String] = []
        if method.hasPrefix("compared without") {
            // Without PostgreSQL's own form of schema.yaml's expressions, a difference of expression text is not
            // a difference anyone can vouch for: only what the text normaliser cannot tell apart is reported.
            // Only changes of what exists (a table, a column, NOT NULL, the RLS switch, a policy, an enum value) are
            // certain; anything that compares spelling (types, defaults, checks, indexes, policy bodies) is not.
            let recreated = Set(plan.statements.compactMap { Self.policyKey($0.sql, prefix: "DROP POLICY ") })
                .intersection(plan.statements.compactMap { Self.policyKey($0.sql, prefix: "CREATE POLICY ") })
            let columnKey = { (sql: String, verb: String) -> String? in
                guard let match = sql.firstMatch(of: #/^ALTER TABLE (\S+) (ADD|DROP) COLUMN ("[^"]*(?:""[^"]*)*"|[^\s;]+)/#),
                      match.output.2 == verb else { return nil }
                return "\(match.output.1) \(match.output.3)"
            }
            let recreatedColumns = Set(plan.statements.compactMap { columnKey($0.sql, "DROP") })
                .intersection(plan.statements.compactMap { columnKey($0.sql, "ADD") })
            let isCertain = { (statement: MigrationStatement) -> Bool in
                if let key = columnKey(statement.sql, "DROP") ?? columnKey(statement.sql, "ADD"), recreatedColumns.contains(key) {
                    return false
                }
                if let key = Self.policyKey(statement.sql, prefix: "DROP POLICY ") ?? Self.policyKey(statement.sql, prefix: "CREATE POLICY ") {
                    return !recreated.contains(key)
                }
                return !Self.isExpressionChange(statement.sql) && Self.isExistenceChange(statement.sql)
            }
            uncertain = plan.statements.filter { !isCertain($0) }.map { describe($0) }
            var certain = plan
            certain.statements.removeAll { !isCertain($0) }
            // What cannot be planned between two spellings (a domain's base type "changing" to itself) is uncertain too.
            uncertain += plan.diagnostics.filter { $0.severity == .error }.map { "cannot plan: " + $0.message }
            certain.diagnostics.removeAll { $0.severity == .error }
            return DatabaseComparison(plan: certain, method: method, uncertain: uncertain)
        }
        return DatabaseComparison(plan: plan, method: method, uncertain: uncertain)
    }

    /// `name ON table` of a `DROP POLICY` or `CREATE POLICY` statement.
    static func policyKey(_ sql: String, prefix: String) -> String? {
        guard sql.hasPrefix(prefix) else { return nil }
        let rest = sql.dropFirst(prefix.count)
        guard let end = rest.range(of: "\n") ?? rest.range(of: ";") else { return String(rest) }
        return String(rest[..<end.lowerBound])
    }

    /// Whether a statement adds or removes something whose existence both sides state alike, however they spell it.
    static func isExistenceChange(_ sql: String) -> Bool {
        let text = sql.uppercased()
        let prefixes = ["CREATE TABLE", "DROP TABLE", "CREATE TYPE", "DROP TYPE", "CREATE SCHEMA", "DROP SCHEMA",
                        "CREATE EXTENSION", "DROP EXTENSION"]
        if prefixes.contains(where: text.hasPrefix) { return true }
        let parts = [" ADD COLUMN ", " DROP COLUMN ", " SET NOT NULL", " DROP NOT NULL", " ENABLE ROW LEVEL SECURITY",
                     " DISABLE ROW LEVEL SECURITY", " ADD VALUE "]
        return text.hasPrefix("ALTER ") && parts.contains(where: text.contains)
    }

    /// Whether a statement re-creates an expression (a check, an index, a default, a policy) rather than an object.
    static func isExpressionChange(_ sql: String) -> Bool {
        let text = sql.uppercased()
        return text.contains(" CHECK ") || text.contains("SET DEFAULT") || text.hasPrefix("CREATE INDEX") || text.hasPrefix("CREATE UNIQUE INDEX")
            || text.hasPrefix("DROP INDEX") || text.hasPrefix("ALTER POLICY") || text.contains("DROP CONSTRAINT") || text.hasPrefix("CREATE OR REPLACE VIEW")
    }

    static func inspected(_ catalog: DatabaseCatalog, what: String) throws -> Schema {
        let (schema, diagnostics) = Inspector.schema(from: catalog)
        guard let schema else {
            for diagnostic in diagnostics where diagnostic.severity == .error { printErr(diagnostic.description) }
            printErr("schemagen: error: \(what) cannot be compared (`schemagen pull --out -` shows what schemagen reads)")
            throw ExitCode(2)
        }
        return schema
    }

    /// One line for a planned statement: what differs (`public.notes: column body is missing in the database`),
    /// else its note, else its SQL on one line. Names are printed as the statement quotes them.
    static func describe(_ statement: MigrationStatement) -> String {
        let sql = MigrationPlan.commentLine(statement.sql.split(whereSeparator: \.isNewline).prefix(1).joined())
        let short = sql.count > 160 ? String(sql.prefix(157)) + "..." : sql
        let prefix = statement.destructive != nil ? "[destructive] " : ""
        if let note = statement.notes.first, statement.sql.uppercased().hasPrefix("CREATE OR REPLACE FUNCTION")
            || statement.sql.uppercased().contains("TRIGGER") || statement.sql.hasPrefix("GRANT") || statement.sql.hasPrefix("REVOKE")
            || statement.sql.hasPrefix("ALTER PUBLICATION") {
            return prefix + MigrationPlan.commentLine(note)
        }
        for (pattern, template) in summaries {
            if let match = sql.firstMatch(of: pattern) {
                var text = template
                for (index, part) in match.output.enumerated().dropFirst() {
                    text = text.replacingOccurrences(of: "$\(index)", with: part.substring.map(String.init) ?? "")
                }
                return prefix + text
            }
        }
        return prefix + (statement.notes.first.map { MigrationPlan.commentLine($0) + ": " } ?? "") + short
    }

    /// The diagnostic code's kind of a difference: `missing` (schema.yaml has it, the database not), `extra` (the
    /// database has it, schema.yaml not) or `different`.
    static func kind(of line: String) -> String {
        if line.contains(" is missing") || line.contains(" lacks ") { return "missing" }
        if line.contains("not in schema.yaml, or different") || line.contains("missing or different") { return "different" }
        if line.contains("not in schema.yaml") || line.contains("does not give") || line.contains("which schema.yaml does not") { return "extra" }
        return "different"
    }

    /// Statements of the planner and what each says about the database.
    nonisolated(unsafe) static let summaries: [(Regex<AnyRegexOutput>, String)] = [
        (#"^ALTER TABLE ({q}) ADD COLUMN ({i})"#, "$1: column $2 is missing in the database"),
        (#"^ALTER TABLE ({q}) DROP COLUMN ({i})"#, "$1: column $2 is in the database, not in schema.yaml"),
        (#"^ALTER TABLE ({q}) ALTER COLUMN ({i}) (?:SET DATA )?TYPE (.+?)(?: USING .*)?;?$"#, "$1: column $2 has another type in the database ($3 in schema.yaml)"),
        (#"^ALTER TABLE ({q}) ALTER COLUMN ({i}) (?:SET|DROP) DEFAULT"#, "$1: column $2 has another default in the database"),
        (#"^ALTER TABLE ({q}) ALTER COLUMN ({i}) SET NOT NULL"#, "$1: column $2 is nullable in the database, NOT NULL in schema.yaml"),
        (#"^ALTER TABLE ({q}) ALTER COLUMN ({i}) DROP NOT NULL"#, "$1: column $2 is NOT NULL in the database, nullable in schema.yaml"),
        (#"^ALTER TABLE ({q}) ADD CONSTRAINT ({i})"#, "$1: constraint $2 is missing or different in the database"),
        (#"^ALTER TABLE ({q}) DROP CONSTRAINT ({i})"#, "$1: constraint $2 is in the database, not in schema.yaml, or different"),
        (#"^ALTER TABLE ({q}) ENABLE ROW LEVEL SECURITY"#, "$1: row-level security is off in the database, on in schema.yaml"),
        (#"^ALTER TABLE ({q}) DISABLE ROW LEVEL SECURITY"#, "$1: row-level security is on in the database, off in schema.yaml"),
        (#"^ALTER TABLE ({q}) (NO )?FORCE ROW LEVEL SECURITY"#, "$1: row-level security for the table owner differs"),
        (#"^CREATE (?:UNIQUE )?INDEX (?:CONCURRENTLY )?(?:IF NOT EXISTS )?({i}) ON ({q})"#, "$2: index $1 is missing or different in the database"),
        (#"^DROP INDEX (?:CONCURRENTLY )?(?:IF EXISTS )?({q})"#, "index $1 is in the database, not in schema.yaml, or different"),
        (#"^CREATE POLICY ({i}) ON ({q})"#, "$2: policy $1 is missing or different in the database"),
        (#"^DROP POLICY (?:IF EXISTS )?({i}) ON ({q})"#, "$2: policy $1 is in the database, not in schema.yaml, or different"),
        (#"^ALTER POLICY ({i}) ON ({q})"#, "$2: policy $1 differs in the database"),
        (#"^CREATE TABLE (?:IF NOT EXISTS )?({q})"#, "table $1 is missing in the database"),
        (#"^DROP TABLE (?:IF EXISTS )?({q})"#, "table $1 is in the database, not in schema.yaml"),
        (#"^ALTER TYPE ({q}) ADD VALUE (?:IF NOT EXISTS )?('(?:[^']|'')*')"#, "enum $1: value $2 is missing in the database"),
        (#"^CREATE TYPE ({q})"#, "type $1 is missing in the database"),
        (#"^DROP TYPE (?:IF EXISTS )?({q})"#, "type $1 is in the database, not in schema.yaml"),
        (#"^COMMENT ON (\w+(?: \w+)?) ({q})"#, "the comment on $1 $2 differs"),
        (#"^CREATE (?:OR REPLACE )?(?:MATERIALIZED )?VIEW ({q})"#, "view $1 is missing or different in the database"),
        (#"^DROP (?:MATERIALIZED )?VIEW (?:IF EXISTS )?({q})"#, "view $1 is in the database, not in schema.yaml, or different"),
    ].compactMap { pattern, template in
        let identifier = #"(?:"[^"]*(?:""[^"]*)*"|[^\s;."(]+)"#
        let expanded = pattern.replacingOccurrences(of: "{i}", with: identifier)
            .replacingOccurrences(of: "{q}", with: "\(identifier)(?:\\.\(identifier))?")
        return (try? Regex(expanded)).map { ($0, template) }
    }
}

/// What `status` found between the database and schema.yaml: the plan that brings one to the other.
struct DatabaseComparison {
    var plan: MigrationPlan
    /// How the two sides were compared, for the summary.
    var method: String
    /// Differences only a shadow database could settle.
    var uncertain: [String]
}

/// `--shadow-db`, shared by the commands that build schema.yaml's shadow database.
struct ShadowOptions: ParsableArguments {
    @Option(name: .customLong("shadow-db"), help: ArgumentHelp(
        "A server (or empty database) to build schema.yaml's shadow database on; else SCHEMAGEN_SHADOW_DATABASE_URL, "
            + "else a temporary database on the target's server, else a throwaway local cluster; `none` compares "
            + "without one.", valueName: "url"))
    var shadowDB: String?

    /// The shadow's URL: the flag, else SCHEMAGEN_SHADOW_DATABASE_URL, else `settings.shadow_database` (nil: a
    /// temporary database on the target's server).
    func url(environment: [String: String], settings: Settings) -> String? {
        shadowDB ?? environment["SCHEMAGEN_SHADOW_DATABASE_URL"] ?? settings.shadowDatabase
    }
}

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
        the drift between the database and schema.yaml (tables, columns, types, defaults, constraints, indexes, \
        policies, row level security). The database is the one of --db, else DATABASE_URL, else the PG* variables when \
        PGHOST or PGDATABASE is set; with none of them the database areas are skipped. It is only read. \
        --sql prints the statements that bring the database to schema.yaml (the migration planner's), destructive ones \
        commented out unless --allow-destructive. Exit status: 0 in sync, 1 anything out of sync or schema errors, \
        2 the database cannot be reached or a file cannot be read.
        """)

    @OptionGroup var options: SchemaOptions

    @OptionGroup var connection: ConnectionOptions

    @Flag(name: .long, help: "Print the SQL that brings the database to schema.yaml (stdout).")
    var sql = false

    @Flag(name: .long, help: "With --sql: print destructive statements as statements, not commented out.")
    var allowDestructive = false

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
        if sql, database == nil {
            printErr("schemagen: error: --sql needs a database: give --db or set DATABASE_URL")
            throw ExitCode(2)
        }

        var report = StatusReport()
        report.add(generatedFiles(compilation))
        report.add(try migrationsArea(compilation))
        if let database {
            report.add(try pendingMigrations(compilation, database))
            let live = try StatusDatabase.liveSchema(database, for: compilation.schema)
            report.add(drift(compilation, live))
            if sql { try printSQL(compilation, live) }
        } else {
            report.add(StatusReport.Area(title: "database", summary: "not checked (no --db, DATABASE_URL, PGHOST or PGDATABASE)"))
        }

        switch options.diagnosticsFormat {
        case .human:
            print(report.text, terminator: "")
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
        let files = try MigrationsOnDisk.read(directory).migrations
        let pending: [String]
        let problems: [String]
        let applied: Int
        do {
            if settings.format == .alembic {
                let head = try StatusDatabase.alembicHead(database)
                pending = files.filter { file in
                    guard let version = MigrationDirectory.version(of: file.name) else { return false }
                    return head.map { version > $0 } ?? true
                }.map(\.name)
                problems = []
                applied = files.count - pending.count
            } else {
                let records = try AppliedMigrations.read(database)
                let plan = MigrationApplyPlan.make(files: files, applied: records)
                pending = plan.pending.map(\.fileName)
                problems = plan.problems
                applied = records.count
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

    func drift(_ compilation: Compilation, _ live: Schema?) -> StatusReport.Area {
        var area = StatusReport.Area(title: "database schema", summary: "")
        guard let live else {
            area.summary = "not compared"
            return area
        }
        let drift = Drift.compare(database: live, schema: compilation.schema)
        var lastArea: String?
        for (difference, diagnostic) in zip(drift.differences, drift.diagnostics(file: options.schema)) {
            if difference.area != lastArea {
                area.lines.append(difference.area)
                lastArea = difference.area
            }
            area.add("  " + difference.message, diagnostic)
        }
        let count = drift.differences.count
        area.summary = count == 0 ? "matches \(compilation.schemaName)"
            : "\(count) difference\(count == 1 ? "" : "s") from \(compilation.schemaName)"
        return area
    }

    // MARK: --sql

    func printSQL(_ compilation: Compilation, _ live: Schema?) throws {
        guard let live else {
            printErr("schemagen: error: --sql needs the database's schema")
            throw ExitCode(2)
        }
        var target = compilation.schema
        // Renames in schema.yaml describe the last migration's names, not the database's.
        target.origins?.renames = []
        let plan = MigrationPlanner.plan(from: live, to: target, file: options.schema)
        // Warnings become comments above their statements; errors (a change the planner cannot write) stop here.
        if plan.hasErrors {
            DiagnosticPrinter.print(plan.diagnostics, format: options.diagnosticsFormat)
            throw ExitCode(1)
        }
        print(plan.script(allowDestructive: allowDestructive, sourceName: compilation.schemaName), terminator: "")
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

    /// `title: summary`, then the area's lines indented; the last line says in sync or out of sync.
    var text: String {
        var text = ""
        for area in areas {
            text += "\(area.title): \(area.summary)\n"
            for line in area.lines { text += "  \(line)\n" }
        }
        let out = areas.filter { !$0.diagnostics.isEmpty }.map(\.title)
        text += out.isEmpty ? "in sync\n" : "out of sync: \(out.joined(separator: ", "))\n"
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

    /// The last Alembic revision applied (its id is the migration's version), nil when none is.
    static func alembicHead(_ database: PostgresConnection) throws -> String? {
        guard try database.scalar("SELECT to_regclass('alembic_version') IS NOT NULL") == "t" else { return nil }
        return try database.scalar("SELECT max(version_num) FROM alembic_version")
    }

    /// The database's schema as the IR, read from the schemas schema.yaml creates tables or types in.
    static func liveSchema(_ database: PostgresConnection, for schema: Schema) throws -> Schema? {
        var names = ["public"]
        for name in schema.createdSchemas + schema.tables.map(\.name.schema) + schema.enums.map(\.name.schema)
            where !names.contains(name) && !CatalogReader.managedSchemas.contains(name) {
            names.append(name)
        }
        return try databaseSchema(database, schemas: names)
    }
}

/// The live database's schema as the IR: the schema.yaml `pull` writes for it, loaded like a schema file, so drift
/// and `--sql` compare two schemas of the same language.
func databaseSchema(_ database: PostgresConnection, schemas: [String]) throws -> Schema {
    let catalog: DatabaseCatalog
    do {
        catalog = try CatalogReader.read(database, schemas: schemas)
    } catch let error as PostgresError {
        printErr("schemagen: error: cannot read the database's catalog: \(error.message)")
        throw ExitCode(2)
    }
    let text = SchemaPuller.pull(catalog).yaml
    let (schema, diagnostics) = Pipeline.load(Array(text.utf8), fileName: "(database)")
    guard let schema else {
        for diagnostic in diagnostics where diagnostic.severity == .error { printErr(diagnostic.description) }
        printErr("schemagen: error: the database's schema cannot be compared (`schemagen pull --out -` shows what schemagen reads)")
        throw ExitCode(2)
    }
    return schema
}

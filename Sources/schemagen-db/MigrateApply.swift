#if Database
import ArgumentParser
import Foundation
import PostgresNIO
import SchemaGenKit

/// `migrate apply`: runs the pending migrations and records them where the Supabase CLI does.
struct MigrateApply: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Apply the migrations the database has not applied yet, in order, each in its transaction.",
        discussion: """
        Reads the migrations directory (settings.migrations.dir of schema.yaml, default migrations/) and records each \
        applied migration in supabase_migrations.schema_migrations (version, name, statements), as `supabase db push` \
        does. An advisory lock serialises concurrent runs. Files the planner marks (-- Outside a transaction) run \
        statement by statement. Exit status: 0 applied or nothing to do, 1 refused (edited or missing migrations) or \
        a statement failed (its migration rolled back), 2 the database cannot be reached or the files cannot be read.
        """)

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .long, help: ArgumentHelp("The schema file whose settings name the migrations directory.", valueName: "path"))
    var schema = "schema.yaml"

    @Option(name: .long, help: ArgumentHelp("The migrations directory (default: settings.migrations.dir of the schema).", valueName: "dir"))
    var dir: String?

    /// The advisory lock key: the first 8 bytes of "schemagen" read as a number, so other tools' keys do not collide.
    static let lockKey: Int64 = 0x7363_6865_6d61_6765

    func run() async throws {
        let directory = try migrationsDirectory()
        let files = try readMigrations(directory)
        var problems: [String] = []
        let sumPath = directory + "/" + MigrationSnapshot.sumFileName
        if let sum = FileManager.default.contents(atPath: sumPath) {
            problems += MigrationSum.verify(String(decoding: sum, as: UTF8.self), files: files)
        }
        if !problems.isEmpty { try refuse(problems, directory) }

        let database: DatabaseConnection
        do { database = try await DatabaseConnection.connect(url: connection.db) } catch let failure as DatabaseConnection.Failure {
            printErr("schemagen: error: \(failure.message)")
            throw ExitCode(2)
        }
        do {
            try await apply(files, directory: directory, database)
            await database.close()
        } catch {
            await database.close()
            throw error
        }
    }

    private func apply(_ files: [(name: String, contents: String)], directory: String, _ database: DatabaseConnection) async throws {
        do {
            try await database.execute("SELECT pg_advisory_lock(\(Self.lockKey))")
            try await database.execute("CREATE SCHEMA IF NOT EXISTS supabase_migrations")
            try await database.execute("CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY)")
            try await database.execute("ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS statements text[]")
            try await database.execute("ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS name text")
        } catch {
            let what = DatabaseConnection.isPrivilegeError(error) ? "missing privilege" : "cannot prepare supabase_migrations.schema_migrations"
            printErr("schemagen: error: \(what): \(DatabaseConnection.serverMessage(error))")
            throw ExitCode(2)
        }
        var applied: [MigrationApplyPlan.Applied] = []
        let rows = try await database.connection.query("SELECT version, statements FROM supabase_migrations.schema_migrations ORDER BY version",
                                                       logger: database.logger)
        for try await (version, statements) in rows.decode((String, [String]?).self) {
            applied.append(.init(version: version, statements: statements))
        }
        let plan = MigrationApplyPlan.make(files: files, applied: applied)
        if !plan.problems.isEmpty { try refuse(plan.problems, directory) }
        if plan.pending.isEmpty {
            printErr("schemagen: the database is up to date: \(applied.count) applied, none pending")
            return
        }
        for migration in plan.pending {
            try await run(migration, directory: directory, database)
            printErr("schemagen: applied \(directory)/\(migration.fileName) (\(migration.statements.count) statement\(migration.statements.count == 1 ? "" : "s"))")
        }
        printErr("schemagen: \(plan.pending.count) migration\(plan.pending.count == 1 ? "" : "s") applied")
    }

    private func run(_ migration: MigrationApplyPlan.Pending, directory: String, _ database: DatabaseConnection) async throws {
        let record: PostgresQuery = """
            INSERT INTO supabase_migrations.schema_migrations (version, name, statements) \
            VALUES (\(migration.version), \(migration.name), \(migration.statements.map(\.text)))
            """
        if migration.transactional { try await database.execute("BEGIN") }
        for statement in migration.statements {
            do {
                try await database.execute(statement.text)
            } catch {
                if migration.transactional { try? await database.execute("ROLLBACK") }
                let firstLine = statement.text.split(separator: "\n").first.map(String.init) ?? statement.text
                printErr("\(directory)/\(migration.fileName):\(statement.line): error: \(DatabaseConnection.serverMessage(error))")
                printErr("    in: \(firstLine)\(statement.text.contains("\n") ? " ..." : "")")
                printErr(migration.transactional
                         ? "schemagen: \(migration.fileName) was rolled back; the migrations before it stay applied"
                         : "schemagen: \(migration.fileName) runs outside a transaction: the statements before this one stay applied; fix it and run again")
                throw ExitCode(1)
            }
        }
        do {
            try await database.connection.query(record, logger: database.logger)
            if migration.transactional { try await database.execute("COMMIT") }
        } catch {
            if migration.transactional { try? await database.execute("ROLLBACK") }
            printErr("\(directory)/\(migration.fileName): error: cannot record it in supabase_migrations.schema_migrations: \(DatabaseConnection.serverMessage(error))")
            throw ExitCode(1)
        }
    }

    private func refuse(_ problems: [String], _ directory: String) throws -> Never {
        for problem in problems { printErr("\(directory): error: \(problem)") }
        printErr("schemagen: nothing applied")
        throw ExitCode(1)
    }

    private func migrationsDirectory() throws -> String {
        if let dir { return dir }
        guard let bytes = FileManager.default.contents(atPath: schema) else {
            printErr("\(schema): error: cannot read the schema file (or give --dir)")
            throw ExitCode(2)
        }
        let (loaded, diagnostics) = Pipeline.load([UInt8](bytes), fileName: schema)
        guard let loaded else {
            for diagnostic in diagnostics { printErr(diagnostic.description) }
            throw ExitCode(2)
        }
        let configured = loaded.settings.migrations.directory
        if configured.hasPrefix("/") { return configured }
        let base = (schema as NSString).deletingLastPathComponent
        return base.isEmpty ? configured : base + "/" + configured
    }

    private func readMigrations(_ directory: String) throws -> [(name: String, contents: String)] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            printErr("\(directory): error: no migrations directory (write the first migration with `schemagen migrate new`)")
            throw ExitCode(2)
        }
        var files: [(name: String, contents: String)] = []
        for name in try manager.contentsOfDirectory(atPath: directory).sorted() where MigrationDirectory.isMigration(name) {
            guard let data = manager.contents(atPath: directory + "/" + name) else {
                printErr("\(directory)/\(name): error: cannot read the file")
                throw ExitCode(2)
            }
            files.append((name, String(decoding: data, as: UTF8.self)))
        }
        return files
    }
}
#endif

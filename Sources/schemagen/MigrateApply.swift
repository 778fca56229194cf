import ArgumentParser
import Foundation
import SchemaGenKit

/// `--db URL`, shared by every command that connects.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The database: a postgres:// URL or a libpq connection string; else DATABASE_URL, else the PG* variables. Keep the password out of it (the process list shows it): use DATABASE_URL, PGPASSWORD or ~/.pgpass.",
        valueName: "url"))
    var db: String?

    /// Connects, or prints the one-line reason and exits with status 2.
    func connect() throws -> PostgresConnection {
        if let db, PostgresConnection.carriesPassword(db) {
            // Every user of the machine can read a process's arguments (`ps`), and shells keep them in history.
            printErr("schemagen: warning: --db carries a password, which other users of this machine can read in the process list; "
                     + "give the URL without it and put the password in PGPASSWORD or ~/.pgpass, or the whole URL in DATABASE_URL")
        }
        do {
            return try PostgresConnection(url: db)
        } catch let error as PostgresError {
            printErr("schemagen: error: \(error.message)")
            throw ExitCode(2)
        }
    }
}

/// `migrate apply`: runs the pending migrations and records them where the Supabase CLI does.
struct MigrateApply: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Apply the migrations the database has not applied yet, in order, each in its transaction.",
        discussion: """
        Reads the migrations directory (settings.migrations.dir of schema.yaml, default migrations/) and records each \
        applied migration in supabase_migrations.schema_migrations (version, name, statements), as `supabase db push` \
        does; with settings.migrations.format drizzle, it runs the meta/_journal.json entries drizzle-orm's migrator \
        would and records each in drizzle.__drizzle_migrations (hash, created_at) as the migrator does; with alembic, \
        it runs the revisions alembic upgrade head would (those schemagen wrote, their SQL read back) and moves \
        alembic_version as Alembic does. An advisory lock serialises concurrent runs. Files the planner marks (-- Outside a transaction) run \
        statement by statement. Exit status: 0 applied or nothing to do, 1 refused (edited or missing migrations, a \
        transaction statement in a migration that runs in a transaction) or a statement failed (its migration rolled \
        back), 2 the database cannot be reached or the files cannot be read (not UTF-8, two files with one version).
        """)

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .long, help: ArgumentHelp("The schema file whose settings name the migrations directory.", valueName: "path"))
    var schema = "schema.yaml"

    @Option(name: .long, help: ArgumentHelp("The migrations directory (default: settings.migrations.dir of the schema).", valueName: "dir"))
    var dir: String?

    @Flag(name: .long, help: ArgumentHelp(
        "Record the pending migrations as applied without running them: the baseline of a database that already has what they make (after `schemagen pull`)."))
    var recordOnly = false

    func run() throws {
        let (directory, format) = try MigrationsOnDisk.location(schema: schema, dir: dir)
        let state = try MigrationsOnDisk.read(directory, format: format)
        let files = state.migrations
        // Two files with one version first: the sum would otherwise report the second only as unrecorded.
        let clashes = MigrationDirectory.duplicateVersions(files)
        if !clashes.isEmpty { try refuse(clashes, directory, status: 2) }
        var problems: [String] = format == .sql ? [] : state.historyProblems()
        if let sum = state.sum { problems += MigrationSum.verify(sum, files: files) }
        if !problems.isEmpty { try refuse(problems, directory) }
        let database = try connection.connect()
        defer { database.close() }
        try apply(state, directory: directory, database)
    }

    private func apply(_ state: MigrationDirectory, directory: String, _ database: PostgresConnection) throws {
        do {
            try database.execute("SELECT pg_advisory_lock(\(AppliedMigrations.lockKey))")
            try AppliedMigrations.prepare(state.format, database)
        } catch let error as PostgresError {
            let what = error.isMissingPrivilege ? "missing privilege" : "cannot prepare \(AppliedMigrations.table(state.format))"
            printErr("schemagen: error: \(what): \(error.message)")
            throw ExitCode(2)
        }
        let (plan, appliedCount) = try AppliedMigrations.plan(state, database)
        if !plan.problems.isEmpty { try refuse(plan.problems, directory) }
        if !recordOnly && !plan.runProblems.isEmpty {
            for problem in plan.runProblems { printErr("\(directory)/\(problem)") }
            printErr("schemagen: nothing applied")
            throw ExitCode(1)
        }
        if plan.pending.isEmpty {
            printErr("schemagen: the database is up to date: \(appliedCount) applied, none pending")
            return
        }
        let plural = plan.pending.count == 1 ? "" : "s"
        if recordOnly {
            for migration in plan.pending {
                do { try AppliedMigrations.record(migration, database) } catch let error as PostgresError {
                    printErr("\(directory)/\(migration.fileName): error: cannot record it: \(error.message)")
                    throw ExitCode(1)
                }
                printErr("schemagen: recorded \(directory)/\(migration.fileName) as applied (not run)")
            }
            printErr("schemagen: \(plan.pending.count) migration\(plural) recorded as applied without running them")
            return
        }
        for migration in plan.pending {
            try run(migration, directory: directory, database)
            let count = migration.statements.count
            printErr("schemagen: applied \(directory)/\(migration.fileName) (\(count) statement\(count == 1 ? "" : "s"))")
        }
        printErr("schemagen: \(plan.pending.count) migration\(plural) applied")
    }

    private func run(_ migration: MigrationApplyPlan.Pending, directory: String, _ database: PostgresConnection) throws {
        if migration.transactional { try database.execute("BEGIN") }
        for statement in migration.statements {
            do {
                try database.execute(statement.text)
            } catch let error as PostgresError {
                if migration.transactional { _ = try? database.execute("ROLLBACK") }
                let firstLine = statement.text.split(separator: "\n").first.map(String.init) ?? statement.text
                printErr("\(directory)/\(migration.fileName):\(statement.line): error: \(error.message)")
                printErr("    in: \(firstLine)\(statement.text.contains("\n") ? " ..." : "")")
                if error.sqlState == "42P07", let hint = invalidIndexHint(statement.text, database) { printErr(hint) }
                printErr(migration.transactional
                         ? "schemagen: \(migration.fileName) was rolled back; the migrations before it stay applied"
                         : "schemagen: \(migration.fileName) runs outside a transaction: the statements before this one stay applied; fix it and run again")
                throw ExitCode(error.kind == .connection ? 2 : 1)
            }
        }
        do {
            try AppliedMigrations.record(migration, database)
            if migration.transactional { try database.execute("COMMIT") }
        } catch let error as PostgresError {
            if migration.transactional { _ = try? database.execute("ROLLBACK") }
            let table = migration.alembicDownRevisions != nil ? AppliedMigrations.table(.alembic)
                : migration.drizzle == nil ? AppliedMigrations.table(.sql) : DrizzleJournal.table
            printErr("\(directory)/\(migration.fileName): error: cannot record it in \(table): \(error.message)")
            throw ExitCode(1)
        }
    }

    private func refuse(_ problems: [String], _ directory: String, status: Int32 = 1) throws -> Never {
        for problem in problems { printErr("\(directory): error: \(problem)") }
        printErr("schemagen: nothing applied")
        throw ExitCode(status)
    }

    /// When `statement` is a `CREATE INDEX CONCURRENTLY` whose index exists but is invalid, the hint to drop it: a
    /// failed concurrent build leaves its index behind, marked invalid, and every rerun then fails on its name. The
    /// runner does not drop it itself: the invalid index may not be the one this statement would build.
    private func invalidIndexHint(_ statement: String, _ database: PostgresConnection) -> String? {
        guard let target = MigrationApplyPlan.concurrentIndex(statement),
              let rows = try? database.query("""
                SELECT format('%I.%I', n.nspname, c.relname) FROM pg_index i
                JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE NOT i.indisvalid AND c.relname = $1
                  AND c.relnamespace = (SELECT relnamespace FROM pg_class WHERE oid = to_regclass($2))
                """, [target.index, target.table]),
              let name = rows.first?.first ?? nil else { return nil }
        return "    hint: the index \(name) is left invalid by an earlier failed run of this statement; "
            + "drop it with `DROP INDEX CONCURRENTLY \(name);` and run `schemagen migrate apply` again"
    }
}

/// The table where the Supabase CLI, and schemagen, record applied migrations; for drizzle-kit's migrations, the
/// table where drizzle-orm's migrator records them.
enum AppliedMigrations {
    /// The advisory lock key: the first 8 bytes of "schemagen" read as a number, so other tools' keys do not collide.
    static let lockKey: Int64 = 0x7363_6865_6d61_6765

    /// The table that records the migrations of a format.
    static func table(_ format: MigrationSettings.Format) -> String {
        switch format {
        case .sql: return "supabase_migrations.schema_migrations"
        case .drizzle: return DrizzleJournal.table
        case .alembic: return "alembic_version"
        }
    }

    /// What `migrate apply` would run on `database`, and how many migrations it has recorded.
    static func plan(_ state: MigrationDirectory, _ database: PostgresConnection) throws -> (MigrationApplyPlan, Int) {
        if state.format == .alembic {
            let current = try StatusDatabase.alembicVersions(database)
            return (MigrationApplyPlan.make(alembic: state, current: current), current.count)
        }
        guard state.format == .drizzle else {
            let applied = try read(database)
            return (MigrationApplyPlan.make(files: state.migrations, applied: applied, baseline: state.parsedBaseline), applied.count)
        }
        let (applied, last) = try readDrizzle(database)
        return (MigrationApplyPlan.make(drizzle: state, applied: applied, last: last), applied.count)
    }

    /// The rows of drizzle's table, and the one its migrator takes as the last (`ORDER BY created_at DESC LIMIT 1`,
    /// where a NULL comes first); empty when the table does not exist.
    static func readDrizzle(_ database: PostgresConnection) throws
        -> (applied: [MigrationApplyPlan.DrizzleRecord], last: MigrationApplyPlan.DrizzleRecord?) {
        guard try database.scalar("SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL") == "t" else { return ([], nil) }
        let rows = try database.query("SELECT hash, created_at::text FROM drizzle.__drizzle_migrations ORDER BY created_at DESC, id", [])
            .map { MigrationApplyPlan.DrizzleRecord(hash: $0[0] ?? "", createdAt: $0[1].flatMap { Int64($0) }) }
        return (rows, rows.first)
    }

    /// Creates the table as the Supabase CLI (or drizzle-orm's migrator) does, when it is not there yet.
    static func prepare(_ format: MigrationSettings.Format, _ database: PostgresConnection) throws {
        if format == .alembic {
            // Alembic's own table, as its migration context creates it.
            try database.execute("""
                CREATE TABLE IF NOT EXISTS alembic_version (
                    version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))
                """)
            return
        }
        if format == .drizzle {
            try database.execute("""
                CREATE SCHEMA IF NOT EXISTS drizzle;
                CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint);
                """)
            return
        }
        try database.execute("""
            CREATE SCHEMA IF NOT EXISTS supabase_migrations;
            CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY);
            ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS statements text[];
            ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS name text;
            """)
    }

    /// The applied migrations, oldest first; empty when the table does not exist.
    static func read(_ database: PostgresConnection) throws -> [MigrationApplyPlan.Applied] {
        let exists = try database.scalar("SELECT to_regclass('supabase_migrations.schema_migrations') IS NOT NULL")
        guard exists == "t" else { return [] }
        let hasStatements = try database.scalar("""
            SELECT count(*) FROM pg_attribute
            WHERE attrelid = 'supabase_migrations.schema_migrations'::regclass AND attname = 'statements' AND NOT attisdropped
            """) == "1"
        let statements = hasStatements ? "CASE WHEN statements IS NULL THEN NULL ELSE to_json(statements)::text END" : "NULL"
        return try database.query("SELECT version, \(statements) FROM supabase_migrations.schema_migrations ORDER BY version", [])
            .map { row in
                let list = row[1].flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) }
                return MigrationApplyPlan.Applied(version: row[0] ?? "", statements: list)
            }
    }

    /// Records an applied migration: with its statements, or as drizzle-orm's migrator does (hash, `when`).
    static func record(_ migration: MigrationApplyPlan.Pending, _ database: PostgresConnection) throws {
        if let down = migration.alembicDownRevisions {
            // As `alembic upgrade` moves its head: the revisions this one follows give way to it.
            let json = String(decoding: try JSONEncoder().encode(down), as: UTF8.self)
            try database.query("DELETE FROM alembic_version WHERE version_num IN (SELECT json_array_elements_text($1::json))", [json])
            try database.query("INSERT INTO alembic_version (version_num) VALUES ($1)", [migration.version])
            return
        }
        if let drizzle = migration.drizzle {
            try database.query("INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ($1, $2::bigint)",
                               [drizzle.hash, drizzle.createdAt.map(String.init)])
            return
        }
        let json = String(decoding: try JSONEncoder().encode(migration.statements.map(\.text)), as: UTF8.self)
        try database.query("""
            INSERT INTO supabase_migrations.schema_migrations (version, name, statements)
            VALUES ($1, $2, ARRAY(SELECT json_array_elements_text($3::json)))
            """, [migration.version, migration.name, json])
    }
}

/// Finding and reading the migrations directory for the commands that talk to a database.
enum MigrationsOnDisk {
    /// `--dir`, else the schema's `settings.migrations.dir` relative to the schema file; and the schema's
    /// `settings.migrations.format` (with `--dir` and no schema file, `sql`).
    static func location(schema: String, dir: String?) throws -> (directory: String, format: MigrationSettings.Format) {
        guard let bytes = FileManager.default.contents(atPath: schema) else {
            if let dir { return (dir, .sql) }
            printErr("\(schema): error: cannot read the schema file (or give --dir)")
            throw ExitCode(2)
        }
        let (loaded, diagnostics) = Pipeline.load([UInt8](bytes), fileName: schema)
        guard let loaded else {
            if let dir { return (dir, .sql) }
            for diagnostic in diagnostics { printErr(diagnostic.description) }
            throw ExitCode(2)
        }
        let settings = loaded.settings.migrations
        return (dir ?? Compilation.resolve(settings.directory, in: (schema as NSString).deletingLastPathComponent), settings.format)
    }

    /// The migrations directory, which must exist: the commands that talk to a database have nothing to do without it.
    static func read(_ directory: String, format: MigrationSettings.Format) throws -> MigrationDirectory {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            printErr("\(directory): error: no migrations directory (write the first migration with `schemagen migrate new`)")
            throw ExitCode(2)
        }
        return try MigrationFiles.read(directory, format: format)
    }
}

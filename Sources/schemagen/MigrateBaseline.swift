import ArgumentParser
import Foundation
import SchemaGenKit

/// `migrate baseline`: takes over a migrations directory another tool wrote and applied (the Supabase CLI's
/// `supabase/migrations`, drizzle-kit's folder, Alembic's versions), once the database and schema.yaml agree.
struct MigrateBaseline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Take over existing migrations: record schema.yaml as the state they reach, without writing SQL.",
        discussion: """
        For a migrations directory another tool wrote and applied: point settings.migrations.dir at it and set \
        settings.migrations.format (sql: the Supabase CLI's supabase/migrations, recorded in \
        supabase_migrations.schema_migrations; drizzle: drizzle-kit's folder with meta/_journal.json, recorded in \
        drizzle.__drizzle_migrations; alembic: Alembic's versions folder, recorded in alembic_version), then run this \
        with the database those migrations built. It checks, as `status` does, that every migration is applied and \
        that the database matches schema.yaml, then writes schema.snapshot.json, schemagen.sum and schemagen.baseline \
        there (no migration). From then on `migrate new` writes the next file in that tool's convention and `migrate \
        apply` treats the earlier migrations, and applied versions whose files are gone, as history; it records new \
        ones where that tool does (alembic_version for Alembic, which can also apply them itself). Exit status: 0 written, \
        1 the database differs from schema.yaml or has migrations to apply, 2 the database cannot be reached or the \
        files cannot be read or written.
        """)

    @OptionGroup var options: SchemaOptions

    @OptionGroup var connection: ConnectionOptions

    @OptionGroup var shadow: ShadowOptions

    func run() throws {
        let compilation = try Compilation.run(options, targets: [])
        let format = compilation.schema.settings.migrations.format
        let directory = Compilation.resolve(compilation.schema.settings.migrations.directory, in: compilation.baseDirectory)
        let state = try MigrationFiles.read(directory, format: format)
        if state.snapshot != nil {
            printErr("\(directory): error: \(MigrationSnapshot.fileName) exists: schemagen already manages this directory "
                + "(`schemagen migrate new` writes the next migration)")
            throw ExitCode(1)
        }
        var refusals = Self.formatMismatch(directory, format: format) + state.historyProblems().map { "\(directory): \($0)" }
        if format == .drizzle && state.journal == nil {
            refusals.append("\(directory): there is no \(DrizzleJournal.fileName): format drizzle takes over a folder drizzle-kit wrote")
        }
        if !refusals.isEmpty { try refuse(refusals) }
        let database = try connection.connect()
        defer { database.close() }
        let history: History
        do { history = try Self.history(state, directory: directory, database) } catch let error as PostgresError {
            printErr("schemagen: error: cannot read the applied migrations: \(error.message)")
            throw ExitCode(2)
        }
        refusals = history.refusals

        let environment = ProcessInfo.processInfo.environment
        let comparison = try StatusDatabase.compare(database, compilation: compilation, url: connection.db,
                                                    shadowURL: shadow.url(environment: environment, settings: compilation.schema.settings),
                                                    file: options.schema)
        let differences = comparison.plan.statements.map(StatusDatabase.describe) + comparison.uncertain.map { "uncertain: " + $0 }
        if !differences.isEmpty {
            refusals.append("the database differs from \(compilation.schemaName) in \(differences.count) way\(differences.count == 1 ? "" : "s") "
                + "(make them agree first: edit \(compilation.schemaName), or apply `schemagen status --sql`):\n"
                + differences.map { "    " + $0 }.joined(separator: "\n"))
        }
        if !refusals.isEmpty { try refuse(refusals) }

        let baseline = history.baseline
        let files: [(name: String, contents: String)] = [
            (MigrationSnapshot.fileName, try MigrationSnapshot.encode(compilation.schema)),
            (MigrationSnapshot.sumFileName, MigrationSum.render(state.migrations)),
            (MigrationBaseline.fileName, baseline.render()),
        ]
        do {
            try OutputWriter.writeAllOrNone(files.map { (directory + "/" + $0.name, $0.contents) }, directory: directory)
        } catch {
            printErr("schemagen: error: \(error)")
            throw ExitCode(2)
        }
        let without = baseline.appliedWithoutFile.count
        printErr("schemagen: took over \(directory): \(state.migrations.count) migration\(state.migrations.count == 1 ? "" : "s") "
            + "as history\(without == 0 ? "" : ", and \(without) applied version\(without == 1 ? "" : "s") without a file"); "
            + "wrote \(files.map(\.name).joined(separator: ", "))")
    }

    private func refuse(_ refusals: [String]) throws -> Never {
        for refusal in refusals { printErr("schemagen: error: \(refusal)") }
        printErr("schemagen: nothing written")
        throw ExitCode(1)
    }

    /// The baseline of the history the database applied, and why it cannot be taken (migrations the other tool has
    /// not applied yet).
    struct History {
        var baseline: MigrationBaseline
        var refusals: [String]
    }

    static func history(_ state: MigrationDirectory, directory: String, _ database: PostgresConnection) throws -> History {
        switch state.format {
        case .sql:
            let appliedVersions = Set(try AppliedMigrations.read(database).map(\.version))
            let unapplied = state.migrations.filter { file in
                MigrationDirectory.version(of: file.name).map { !appliedVersions.contains($0) } ?? false
            }
            let versions = Set(state.migrations.compactMap { MigrationDirectory.version(of: $0.name) })
            return History(baseline: MigrationBaseline(version: versions.max(), appliedWithoutFile: appliedVersions.subtracting(versions).sorted()),
                           refusals: unapplied.map { "\(directory)/\($0.name) is not applied to the database: apply it first (supabase db push)" })
        case .drizzle:
            // What drizzle-orm's migrator would still run; what it recorded for the rest is its own business.
            let (applied, last) = try AppliedMigrations.readDrizzle(database)
            let plan = MigrationApplyPlan.make(drizzle: state, applied: applied, last: last)
            let newest = (try? state.parsedJournal())??.entries.map(\.when).max()
            return History(baseline: MigrationBaseline(version: newest.map(String.init), appliedWithoutFile: []),
                           refusals: plan.pending.map { "\(directory)/\($0.fileName) is not applied to the database: apply it first "
                               + "(drizzle-kit migrate, or drizzle-orm's migrate())" })
        case .alembic:
            let heads = AlembicRevision.heads(state.alembicLinks)
            let current = try StatusDatabase.alembicVersions(database)
            guard let head = heads.first else { return History(baseline: MigrationBaseline(version: nil, appliedWithoutFile: []), refusals: []) }
            let refusals = current == [head] ? [] : ["the database is at Alembic revision \(current.isEmpty ? "none" : current.joined(separator: ", ")), "
                                                      + "not at the head \(head) of \(directory): apply it first (alembic upgrade head)"]
            return History(baseline: MigrationBaseline(version: nil, revision: head, appliedWithoutFile: []), refusals: refusals)
        }
    }

    /// A folder another tool wrote, taken with the wrong `settings.migrations.format`.
    static func formatMismatch(_ directory: String, format: MigrationSettings.Format) -> [String] {
        let manager = FileManager.default
        if format != .drizzle && manager.fileExists(atPath: directory + "/" + DrizzleJournal.fileName) {
            return ["\(directory) has drizzle-kit's \(DrizzleJournal.fileName): set settings.migrations.format: drizzle"]
        }
        let names = (try? manager.contentsOfDirectory(atPath: directory)) ?? []
        if format == .sql && names.contains(where: { $0.hasSuffix(".py") && !$0.hasPrefix("_") }) {
            return ["\(directory) has Python files (Alembic revisions?): set settings.migrations.format: alembic"]
        }
        return []
    }
}

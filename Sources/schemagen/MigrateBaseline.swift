import ArgumentParser
import Foundation
import SchemaGenKit

/// `migrate baseline`: takes over a migrations directory another tool wrote and applied (the Supabase CLI's
/// `supabase/migrations`), once the database and schema.yaml agree.
struct MigrateBaseline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Take over existing migrations: record schema.yaml as the state they reach, without writing SQL.",
        discussion: """
        For a migrations directory another tool wrote and applied (supabase/migrations, recorded in \
        supabase_migrations.schema_migrations): point settings.migrations.dir at it, then run this with the database \
        those migrations built. It checks, as `status` does, that every migration file is applied and that the \
        database matches schema.yaml, then writes schema.snapshot.json, schemagen.sum and schemagen.baseline there \
        (no migration). From then on `migrate new` writes the next file in the same directory and `migrate apply` \
        treats the earlier migrations, and applied versions whose files are gone, as history. Exit status: 0 written, \
        1 the database differs from schema.yaml or has migrations to apply, 2 the database cannot be reached or the \
        files cannot be read or written.
        """)

    @OptionGroup var options: SchemaOptions

    @OptionGroup var connection: ConnectionOptions

    @OptionGroup var shadow: ShadowOptions

    func run() throws {
        let compilation = try Compilation.run(options, targets: [])
        let directory = Compilation.resolve(compilation.schema.settings.migrations.directory, in: compilation.baseDirectory)
        let state = try MigrationFiles.read(directory)
        if state.snapshot != nil {
            printErr("\(directory): error: \(MigrationSnapshot.fileName) exists: schemagen already manages this directory "
                + "(`schemagen migrate new` writes the next migration)")
            throw ExitCode(1)
        }
        if compilation.schema.settings.migrations.format == .alembic {
            printErr("\(directory): error: migrate baseline takes over SQL migrations (the Supabase CLI's); "
                + "for Alembic, write the first revision with `schemagen migrate new` and `alembic stamp head` the database")
            throw ExitCode(1)
        }
        let database = try connection.connect()
        defer { database.close() }
        let applied: [MigrationApplyPlan.Applied]
        do { applied = try AppliedMigrations.read(database) } catch let error as PostgresError {
            printErr("schemagen: error: cannot read the applied migrations: \(error.message)")
            throw ExitCode(2)
        }
        let appliedVersions = Set(applied.map(\.version))
        let unapplied = state.migrations.filter { file in
            MigrationDirectory.version(of: file.name).map { !appliedVersions.contains($0) } ?? false
        }
        var refusals = unapplied.map { "\(directory)/\($0.name) is not applied to the database: apply it first (supabase db push)" }

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
        if !refusals.isEmpty {
            for refusal in refusals { printErr("schemagen: error: \(refusal)") }
            printErr("schemagen: nothing written")
            throw ExitCode(1)
        }

        let versions = Set(state.migrations.compactMap { MigrationDirectory.version(of: $0.name) })
        let baseline = MigrationBaseline(version: versions.max(),
                                         appliedWithoutFile: appliedVersions.subtracting(versions).sorted())
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
}

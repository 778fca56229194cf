import ArgumentParser
import Foundation
import SchemaGenKit

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write migrations: the SQL that brings a live database from the last migration to schema.yaml.",
        subcommands: [MigrateNew.self, MigrateApply.self, MigrateBaseline.self])
}

struct MigrateNew: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Compare schema.yaml with the last migration's snapshot and write the migration between them.",
        discussion: """
        Writes <dir>/<YYYYMMDDHHMMSS>_<name>.sql (dir: settings.migrations.dir, default migrations/), updates \
        schema.snapshot.json and schemagen.sum there. With settings.migrations.format alembic it writes a revision \
        following the head of the directory's chain; with drizzle, drizzle-kit's next <NNNN>_<name>.sql and its entry \
        in meta/_journal.json. The first migration is the whole DDL and RLS. Renames are \
        declared with renamed_from: in schema.yaml. Destructive statements are refused without --allow-destructive. \
        With no change nothing is written. Exit status: 0 written or nothing to do, 1 refused or schema errors, \
        2 unreadable files or a damaged migrations directory.
        """)

    @OptionGroup var options: SchemaOptions

    @Argument(help: "The migration's name: lower-case letters, digits and _ (add_projects).")
    var name: String

    @Flag(name: .long, help: "Print the migration and write nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Allow statements that lose data (dropping tables, columns, enum values, narrowing types).")
    var allowDestructive = false

    func validate() throws {
        if !MigrationDirectory.isValidName(name) {
            throw ValidationError("the migration name '\(name)' must be lower-case letters, digits and _")
        }
    }

    func run() throws {
        let compilation = try Compilation.run(options, targets: [])
        let schema = compilation.schema
        let directory = Compilation.resolve(schema.settings.migrations.directory, in: compilation.baseDirectory)
        let state = try MigrationFiles.read(directory, format: schema.settings.migrations.format)
        let problems = state.problems()
        if !problems.isEmpty {
            for problem in problems { printErr("\(directory): error: \(problem)") }
            printErr("schemagen: nothing written")
            throw ExitCode(2)
        }
        let now = Date()
        let result = try state.newMigration(schema, name: name, timestamp: MigrationFiles.timestamp(now),
                                            milliseconds: Int64(now.timeIntervalSince1970 * 1000), file: options.schema)
        let plan = result.plan
        DiagnosticPrinter.print(plan.diagnostics, format: options.diagnosticsFormat)
        if plan.hasErrors {
            printErr("schemagen: nothing written")
            throw ExitCode(1)
        }
        if plan.isEmpty {
            status(options, "schemagen: \(options.schema) matches the last migration; nothing to write")
            return
        }
        for statement in plan.statements {
            for warning in statement.warnings {
                printErr("\(options.schema):\(statement.location.line):\(statement.location.column): warning: \(warning)")
            }
        }
        if !plan.destructive.isEmpty && !allowDestructive && !dryRun {
            DiagnosticPrinter.print(plan.destructiveDiagnostics(file: options.schema), format: options.diagnosticsFormat)
            printErr("schemagen: \(plan.destructive.count) destructive statement\(plan.destructive.count == 1 ? "" : "s") refused; nothing written (review them, then run again with --allow-destructive)")
            throw ExitCode(1)
        }
        if dryRun {
            for file in result.files where result.migrationNames.contains(file.name) {
                print("-- \(directory)/\(file.name)")
                print(file.contents, terminator: "")
            }
            return
        }
        try write(result, to: directory, replacing: state)
        for name in result.migrationNames { status(options, "schemagen: wrote \(directory)/\(name)") }
    }

    /// Writes the migration, the snapshot and the sum all or none: each to a temporary file beside it first, then
    /// renamed into place; on a failure what was written is removed (the previous snapshot and sum put back, a
    /// directory made for them removed) and the one-line reason printed, with exit status 2.
    private func write(_ result: MigrationDirectory.NewMigration, to directory: String, replacing state: MigrationDirectory) throws {
        var previous: [String: String] = [:]
        previous[directory + "/" + MigrationSnapshot.fileName] = state.snapshot
        previous[directory + "/" + MigrationSnapshot.sumFileName] = state.sum
        previous[directory + "/" + DrizzleJournal.fileName] = state.journal
        do {
            try OutputWriter.writeAllOrNone(result.files.map { (directory + "/" + $0.name, $0.contents) }, previous: previous,
                                            directory: directory)
        } catch {
            printErr("schemagen: error: \(error)")
            throw ExitCode(2)
        }
    }
}

/// Reading the migrations directory.
enum MigrationFiles {
    static func read(_ directory: String, format: MigrationSettings.Format) throws -> MigrationDirectory {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            return MigrationDirectory(migrations: [], snapshot: nil, sum: nil, format: format)
        }
        guard isDirectory.boolValue else {
            printErr("\(directory): error: the migrations directory is a file")
            throw ExitCode(2)
        }
        var migrations: [(name: String, contents: String)] = []
        for name in try manager.contentsOfDirectory(atPath: directory).sorted() where MigrationDirectory.isMigration(name, format: format) {
            migrations.append((name, try text(directory + "/" + name)))
        }
        let snapshot = manager.fileExists(atPath: directory + "/" + MigrationSnapshot.fileName)
            ? try text(directory + "/" + MigrationSnapshot.fileName) : nil
        let sum = manager.fileExists(atPath: directory + "/" + MigrationSnapshot.sumFileName)
            ? try text(directory + "/" + MigrationSnapshot.sumFileName) : nil
        let baseline = manager.fileExists(atPath: directory + "/" + MigrationBaseline.fileName)
            ? try text(directory + "/" + MigrationBaseline.fileName) : nil
        let journal = format == .drizzle && manager.fileExists(atPath: directory + "/" + DrizzleJournal.fileName)
            ? try text(directory + "/" + DrizzleJournal.fileName) : nil
        return MigrationDirectory(migrations: migrations, snapshot: snapshot, sum: sum, baseline: baseline,
                                  format: format, journal: journal)
    }

    static func text(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            printErr("\(path): error: cannot read the file")
            throw ExitCode(2)
        }
        if let bad = MigrationDirectory.invalidUTF8([UInt8](data)) {
            printErr("\(path):\(bad.line): error: the file is not UTF-8 (an invalid byte at offset \(bad.offset)); save it as UTF-8")
            throw ExitCode(2)
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// `YYYYMMDDHHMMSS` in UTC.
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMddHHmmss"
        return formatter.string(from: date)
    }
}

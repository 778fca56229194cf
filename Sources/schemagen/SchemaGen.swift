import ArgumentParser
import Foundation
import SchemaGenKit

@main
struct SchemaGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schemagen",
        abstract: "Compile schema.yaml into PostgreSQL DDL, RLS policies, Drizzle, SQLAlchemy and Swift.",
        discussion: """
        One schema.yaml is the source of truth. With no subcommand, schemagen reads ./schema.yaml and \
        writes every output configured in it (by default under Generated/).
        """,
        version: SchemaGenVersion.current,
        subcommands: [Generate.self, Validate.self, Check.self, Migrate.self, Pull.self, StatusCommand.self, InitCommand.self, ContextCommand.self, InstallHook.self, JSONSchemaCommand.self],
        defaultSubcommand: Generate.self)

    /// Runs the command line; a first word that names no subcommand is reported as such (with the closest name),
    /// where ArgumentParser would hand it to the default subcommand as an unexpected argument.
    static func main() {
        if let word = CommandLine.arguments.dropFirst().first, let message = unknownSubcommand(word) {
            printErr(message)
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        main(nil)
    }

    /// The names a first word can be: each subcommand's and `help`.
    static var subcommandNames: [String] {
        configuration.subcommands.map { $0._commandName } + ["help"]
    }

    /// The error for a first word that is not an option and names no subcommand, or nil when it is fine.
    static func unknownSubcommand(_ word: String) -> String? {
        guard !word.hasPrefix("-"), !subcommandNames.contains(word) else { return nil }
        let commands = configuration.subcommands.map { $0._commandName }
        let advice = Suggest.closest(to: word, in: commands).map { "did you mean `schemagen \($0)`?" }
            ?? "the commands are \(commands.joined(separator: ", ")); see `schemagen --help`"
        return "schemagen: error: unknown command '\(word)' (\(advice))"
    }
}

/// Options every subcommand that reads a schema shares.
struct SchemaOptions: ParsableArguments {
    @Option(name: .long, help: "The schema file.")
    var schema: String = "schema.yaml"

    @Option(name: .long, help: "A directory of templates that replace the built-in ones by file name (sql.mustache, ...).")
    var templates: String?

    @Option(name: .long, help: "How diagnostics are printed: human, json or sarif.")
    var diagnosticsFormat: DiagnosticsFormat = .human
}

/// A line for people on stderr; with `--diagnostics-format json` or `sarif`, stderr holds only the diagnostics document.
func status(_ options: SchemaOptions, _ text: String) {
    if options.diagnosticsFormat == .human { printErr(text) }
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write every configured output (the default).",
        discussion: """
        Examples:
          schemagen                               every output of ./schema.yaml
          schemagen generate --only sql,rls       only the SQL files
          schemagen generate --out /tmp/preview   the same files, elsewhere

        A file is written through a temporary file and a rename, and only when its bytes change, so build \
        systems see no change otherwise. With any error in the schema nothing is written and the exit status is 1 \
        (2 when a file cannot be read).
        """)

    @OptionGroup var options: SchemaOptions

    @Option(name: .long, help: "Only these targets, comma-separated (sql,rls,drizzle,sqlalchemy,swift,supabase or a custom target).")
    var only: String?

    @Option(name: .long, help: "Write outputs under this directory instead of the schema file's directory.")
    var out: String?

    @Option(name: .long, help: ArgumentHelp(
        "Write the one target named by --only to this file, whatever its configured path, even if the schema turns it off.",
        discussion: "Used by the SwiftPM build-tool plugin."))
    var outputFile: String?

    @Flag(name: .long, help: "Exit 1 when a file was written, as pre-commit hooks that change files do.")
    var failIfChanged = false

    var targets: Set<String>? {
        only.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }) }
    }

    func validate() throws {
        if outputFile != nil, targets?.count != 1 {
            throw ValidationError("--output-file needs exactly one target in --only")
        }
        if outputFile != nil, out != nil {
            throw ValidationError("--output-file and --out cannot be used together")
        }
    }

    func run() throws {
        let prepared = try Compilation.prepare(options, targets: targets, forcing: outputFile == nil ? nil : targets?.first,
                                               confiningOutputs: out == nil && outputFile == nil)
        let base = out ?? prepared.baseDirectory
        var staged: [OutputWriter.Staged] = []
        var produced: Set<String> = []
        var total = 0
        do {
            // Each output is compared with its file as soon as it is rendered, and a changed one is staged.
            try prepared.emit { file in
                total += 1
                produced.insert(file.target)
                let path = outputFile ?? Compilation.resolve(file.path, in: base)
                if let change = try OutputWriter.stage(file.contents, to: path) { staged.append(change) }
            }
            if let targets {
                let configured = prepared.schema.settings.outputs.map(\.target)
                for target in targets.sorted() where !produced.contains(target) && configured.contains(target) {
                    printErr("schemagen: error: this schemagen has no emitter for target '\(target)' yet")
                    throw ExitCode(1)
                }
            }
        } catch {
            OutputWriter.discard(staged)
            throw error
        }
        let written = try OutputWriter.commit(staged)
        status(options, "schemagen: \(written.count) of \(total) output\(total == 1 ? "" : "s") written, \(total - written.count) unchanged"
               + prepared.silencedNote)
        if failIfChanged, !written.isEmpty {
            for path in written { printErr("  written: \(path)") }
            printErr("schemagen: generated files changed; review them and add them to the commit (git add)")
            throw ExitCode(1)
        }
    }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the schema and print diagnostics; write nothing.",
        discussion: "Exit status 0 when the schema is valid (warnings may be printed), 1 when it has errors.")

    @OptionGroup var options: SchemaOptions

    func run() throws {
        let compilation = try Compilation.run(options, targets: [])
        let schema = compilation.schema
        status(options, "schemagen: \(options.schema) is valid (\(schema.tables.count) tables, \(schema.enums.count) enums"
               + Compilation.silencedNote(compilation.silencedWarnings) + ")")
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Exit 1 if any output on disk differs from what schema.yaml generates; write nothing.",
        discussion: """
        Each stale output is listed with a unified diff (current file on the - side, what schema.yaml generates on \
        the + side). The header of each generated file records the schema's hash, the schemagen version and the hash of \
        the templates used, so the reason is named: the schema changed, schemagen or the templates changed, or (all \
        three as recorded) the file was edited by hand. Exit status: 0 all fresh, 1 stale or missing outputs or schema errors, 2 unreadable files.
        """)

    @OptionGroup var options: SchemaOptions

    @Option(name: .long, help: "Lines of diff shown per stale file (0: none).")
    var diffLines: Int = 40

    @Flag(name: .long, help: "Compare what is staged in git (the schema and the outputs in the index), as a pre-commit hook must.")
    var staged = false

    func validate() throws {
        if diffLines < 0 { throw ValidationError("--diff-lines must be 0 or more") }
    }

    func run() throws {
        let index = staged ? try Git.Index() : nil
        var schemaBytes: [UInt8]?
        if let index {
            guard let data = index.contents(of: options.schema) else {
                printErr("\(options.schema): error: the schema file is not in the git index (git add it)")
                throw ExitCode(2)
            }
            schemaBytes = [UInt8](data)
        }
        let prepared = try Compilation.prepare(options, targets: nil, schemaBytes: schemaBytes)
        // Each output is compared as soon as it is rendered; only the stale ones are kept, for their diffs.
        let paths = prepared.outputs.map { Compilation.resolve($0.path, in: prepared.baseDirectory) }
        let stagedFiles = index?.contents(of: paths) ?? [:]
        var compared: [OutputFreshness.Output] = []
        var total = 0
        try prepared.emit { file in
            total += 1
            let output = OutputFreshness.compare(file, path: Compilation.resolve(file.path, in: prepared.baseDirectory),
                                                 index: index, staged: stagedFiles, schemaName: options.schema)
            if case .fresh = output.state { return }
            compared.append(output)
        }
        let compilation = Compilation(result: Pipeline.Result(diagnostics: [], outputs: [], schema: prepared.schema),
                                      schema: prepared.schema, baseDirectory: prepared.baseDirectory, schemaName: options.schema)
        var problems: [String] = []
        var unstaged: [String] = []
        for output in compared {
            switch output.state {
            case .fresh:
                continue
            case .notStaged:
                problems.append(output.path)
                unstaged.append(output.path)
                print("not staged: \(output.path) (the file on disk is up to date, but the commit would not contain it: git add \(output.path))")
            case .missing:
                problems.append(output.path)
                print("missing: \(output.path) (never generated, or deleted\(index == nil ? "" : ", or not added to git"))")
            case .stale(let reason, let current):
                problems.append(output.path)
                print(reason)
                if diffLines > 0 {
                    print(UnifiedDiff.render(old: current, new: output.expected, oldName: "a/\(output.path)", newName: "b/\(output.path)",
                                             limit: diffLines))
                }
            }
        }
        let migrationIssues = try migrationProblems(compilation, index: index)
        if problems.isEmpty {
            if !migrationIssues.isEmpty {
                // The outputs are fine: what is missing is the migration, and the last line says so.
                print("The generated files are up to date, but \(options.schema) has changes without a migration; "
                      + "write it with `\(FixCommand.prefix()) migrate new NAME\(options.schema == "schema.yaml" ? "" : " --schema \(shellQuote(options.schema))")`.")
                throw ExitCode(1)
            }
            status(options, "schemagen: all \(total) output\(total == 1 ? " is" : "s are") up to date" + prepared.silencedNote)
            return
        }
        let count = problems.count
        var fix = "`\(regenerateCommand())`"
        if index != nil { fix += " and `git add` the files" }
        if ProcessInfo.processInfo.environment["PRE_COMMIT"] == "1" {
            fix += " (or, with the schemagen-generate hook configured, `pre-commit run schemagen-generate --all-files`)"
        }
        if unstaged.count == count {
            print("\(count) generated file\(count == 1 ? " is" : "s are") not staged; run `git add \(unstaged.map(shellQuote).joined(separator: " "))`.")
        } else {
            print("\(count) generated file\(count == 1 ? " is" : "s are") out of date; run \(fix) to regenerate.")
        }
        if !migrationIssues.isEmpty {
            print("\(options.schema) also has changes without a migration (see `migrations:` above).")
        }
        throw ExitCode(1)
    }

    /// When the project has a migrations directory: a schema that differs from the last migration's snapshot, or
    /// a damaged directory, is a problem (the pre-commit hook refuses a schema change without its migration).
    func migrationProblems(_ compilation: Compilation, index: Git.Index?) throws -> [String] {
        let found = try MigrationGuard.problems(compilation, schemaFile: options.schema, index: index)
        for problem in found.messages { print("migrations: \(problem)") }
        return found.paths
    }

    /// Why a file on disk differs from what would be generated, from what the two headers record: the schema
    /// changed, schemagen or the templates changed, or (everything recorded the same) the file was edited by hand.
    static func reason(path: String, current: GeneratedHeader.Recorded, expected: GeneratedHeader.Recorded,
                       schemaName: String) -> String {
        guard let schemaHash = current.schemaHash, schemaHash == expected.schemaHash else {
            return "stale: \(path) (\(schemaName) changed since it was generated)"
        }
        if current.version != expected.version {
            let then = current.version.map { "schemagen \($0)" } ?? "a schemagen from before versions were recorded"
            let now = expected.version.map { "schemagen \($0)" } ?? "this schemagen"
            return "stale: \(path) (generated by \(then), this is \(now); regenerate to update it)"
        }
        if current.templatesHash != expected.templatesHash {
            let then = current.templatesHash.map { "templates-sha256 \($0.prefix(12)) then" } ?? "no templates hash recorded"
            let now = expected.templatesHash.map { "\($0.prefix(12)) now" } ?? "none now"
            return "stale: \(path) (the templates it is rendered with changed since it was generated: \(then), \(now); "
                + "regenerate to update it)"
        }
        return "edited by hand: \(path) (its header matches the current \(schemaName), schemagen and templates, but its "
            + "contents differ; put the change into \(schemaName) or a template, then regenerate)"
    }

    /// The command that regenerates these outputs, as the user would type it.
    func regenerateCommand() -> String { Self.regenerateCommand(options) }

    /// The command that regenerates the outputs of `options`.
    static func regenerateCommand(_ options: SchemaOptions) -> String {
        var command = FixCommand.prefix()
        if options.schema != "schema.yaml" { command += " --schema \(shellQuote(options.schema))" }
        if let templates = options.templates { command += " --templates \(shellQuote(templates))" }
        return command
    }
}

/// How the user runs schemagen, for the advice `check` prints.
enum FixCommand {
    static func prefix() -> String {
        let environment = ProcessInfo.processInfo.environment
        if let command = environment["SCHEMAGEN_COMMAND"], !command.isEmpty { return command }
        let executable = CommandLine.arguments.first ?? "schemagen"
        if executable.contains("/.build/"), FileManager.default.fileExists(atPath: "Package.swift") { return "swift run schemagen" }
        return "schemagen"
    }
}

/// Quotes a word for a POSIX shell when it needs quoting.
func shellQuote(_ word: String) -> String {
    let safe = !word.isEmpty && word.unicodeScalars.allSatisfy {
        ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_./=:,+@%".unicodeScalars.contains($0)
    }
    return safe ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

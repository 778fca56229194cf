import Foundation
import SchemaGenKit
import Testing

/// What a newcomer meets in the first hour, through the built CLI: mistyped commands, a missing schema file, a type
/// cut at its comma, warnings and their silencing, the header of generated files, check's diff, the JSON Schema for
/// editors, and the README's synopsis.
extension CLITests {
    @Test func mistypedSubcommandSuggestsTheClosest() throws {
        let directory = try project(Self.notes)
        defer { try? FileManager.default.removeItem(at: directory) }
        let typo = try run(["stauts"], in: directory)
        #expect(typo.status == 64)
        #expect(typo.stderr == "schemagen: error: unknown command 'stauts' (did you mean `schemagen status`?)\n", "\(typo.stderr)")
        #expect(!typo.stderr.contains("Unexpected argument"))
        let unknown = try run(["frobnicate"], in: directory)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("unknown command 'frobnicate' (the commands are generate, validate, check"), "\(unknown.stderr)")
        // Real subcommands and options before them are untouched; nothing was written by the refused ones.
        #expect(files(directory) == ["schema.yaml"])
        #expect(try run(["--schema", "schema.yaml"], in: directory).status == 0)
        #expect(try run(["validate"], in: directory).status == 0)
    }

    @Test func unreadableSchemaFileSaysWhyAndWhatToDo() throws {
        let directory = try project(Self.notes)
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = try run(["generate", "--schema", "nope.yaml"], in: directory)
        #expect(missing.status == 2)
        #expect(missing.stderr == "nope.yaml: error: cannot read the schema file: no such file (check the path given to --schema, "
            + "or run `schemagen init --schema nope.yaml` to write a starter schema there)\n", "\(missing.stderr)")

        let empty = directory.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let none = try run(["validate"], in: empty)
        #expect(none.status == 2)
        #expect(none.stderr.contains("schema.yaml: error: cannot read the schema file: no such file (run `schemagen init`"), "\(none.stderr)")
        #expect(none.stderr.contains("or pass --schema PATH"))

        let folder = try run(["check", "--schema", "empty"], in: directory)
        #expect(folder.status == 2)
        #expect(folder.stderr == "empty: error: cannot read the schema file: it is a directory (pass --schema empty/schema.yaml to name the file in it)\n",
                "\(folder.stderr)")

        let json = try run(["validate", "--schema", "nope.yaml", "--diagnostics-format", "json"], in: directory)
        #expect(json.status == 2)
        #expect(json.stderr.contains("\"code\":\"schema-file-unreadable\""), "\(json.stderr)")

        // Permission denied cannot be staged for root, who reads every file.
        if geteuid() != 0 {
            let locked = directory.appendingPathComponent("locked.yaml")
            try Data(Self.notes.utf8).write(to: locked)
            chmod(locked.path, 0)
            let denied = try run(["validate", "--schema", "locked.yaml"], in: directory)
            #expect(denied.status == 2)
            #expect(denied.stderr.contains("locked.yaml: error: cannot read the schema file: permission denied"), "\(denied.stderr)")
        }
    }

    @Test func typeCutAtItsCommaInAFlowMappingIsOneError() throws {
        let yaml = Self.notes.replacingOccurrences(of: "      title: text\n",
                                                   with: "      title: text\n      price: { type: numeric(10,2), nullable: true }\n")
        let directory = try project(yaml)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try run(["validate"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr == "schema.yaml:11:22: error: the type 'numeric(10,2)' is cut at its comma: inside { ... } a comma ends the "
            + "value in tables.notes.columns.price.type (quote the type: type: \"numeric(10,2)\")\n", "\(result.stderr)")
        #expect(!result.stderr.contains("unknown key"))
        #expect(!result.stderr.contains("unbalanced"))

        // Quoted, as the error says, it is valid.
        try Data(yaml.replacingOccurrences(of: "type: numeric(10,2)", with: "type: \"numeric(10,2)\"").utf8)
            .write(to: directory.appendingPathComponent("schema.yaml"))
        let quoted = try run(["validate"], in: directory)
        #expect(quoted.status == 0, "\(quoted.stderr)")
    }

    /// A schema with three warnings: no primary key (table), an unindexed foreign key (column), RLS off in public (table).
    static let warned = """
    settings:
      outputs: { drizzle: false, sqlalchemy: false, swift: false }
    tables:
      owners:
        columns:
          id: { type: uuid, primary_key: true }
        rls: false
      pets:
        columns:
          name: text
          owner_id: { type: uuid, references: owners.id }
        rls: false

    """

    @Test func warningsPrintTheirCodeAndCanBeSilenced() throws {
        let directory = try project(Self.warned)
        defer { try? FileManager.default.removeItem(at: directory) }
        let loud = try run(["validate"], in: directory)
        #expect(loud.status == 0, "\(loud.stderr)")
        let warnings = loud.stderr.split(separator: "\n").filter { $0.contains(": warning: ") }
        #expect(warnings.count == 4, "\(loud.stderr)")
        #expect(warnings.allSatisfy { $0.hasSuffix("]") }, "every warning ends with its code")
        #expect(loud.stderr.contains("table public.pets has no primary key in tables.pets [no-primary-key]"), "\(loud.stderr)")
        #expect(loud.stderr.contains("in tables.pets.columns.owner_id.references (add 'index: true'"), "\(loud.stderr)")
        #expect(loud.stderr.contains("[unindexed-foreign-key]"))
        #expect(loud.stderr.contains("schemagen: schema.yaml is valid (2 tables, 0 enums)\n"), "\(loud.stderr)")

        // Per object: the table's list covers the table, the column's list the column, and nothing else.
        var silenced = Self.warned
            .replacingOccurrences(of: "  pets:\n", with: "  pets:\n    silence: [no-primary-key]\n")
            .replacingOccurrences(of: "references: owners.id }", with: "references: owners.id, silence: unindexed-foreign-key }")
        try Data(silenced.utf8).write(to: directory.appendingPathComponent("schema.yaml"))
        let quieter = try run(["validate"], in: directory)
        #expect(quieter.status == 0, "\(quieter.stderr)")
        #expect(!quieter.stderr.contains("[no-primary-key]"))
        #expect(!quieter.stderr.contains("[unindexed-foreign-key]"))
        #expect(quieter.stderr.components(separatedBy: "[rls-disabled-in-public]").count == 3, "\(quieter.stderr)")
        #expect(quieter.stderr.contains("schemagen: schema.yaml is valid (2 tables, 0 enums, 2 warnings silenced)\n"), "\(quieter.stderr)")

        // For the whole schema, and counted in generate's and check's summary lines too.
        silenced = silenced.replacingOccurrences(of: "settings:\n", with: "settings:\n  silence: [rls-disabled-in-public]\n")
        try Data(silenced.utf8).write(to: directory.appendingPathComponent("schema.yaml"))
        let generated = try run(["generate"], in: directory)
        #expect(generated.status == 0, "\(generated.stderr)")
        #expect(generated.stderr == "schemagen: 2 of 2 outputs written, 0 unchanged, 4 warnings silenced\n", "\(generated.stderr)")
        let checked = try run(["check"], in: directory)
        #expect(checked.status == 0)
        #expect(checked.stderr == "schemagen: all 2 outputs are up to date, 4 warnings silenced\n", "\(checked.stderr)")
        // Silenced warnings are left out of the machine formats as well.
        let json = try run(["validate", "--diagnostics-format", "json"], in: directory)
        #expect(json.stderr.trimmingCharacters(in: .whitespacesAndNewlines) == "[]", "\(json.stderr)")
    }

    @Test func unknownCodeInASilenceListIsAnErrorWithDidYouMean() throws {
        let yaml = Self.warned
            .replacingOccurrences(of: "settings:\n", with: "settings:\n  silence: [no-primary-kye]\n")
            .replacingOccurrences(of: "  owners:\n", with: "  owners:\n    silence: [unknown-key]\n")
        let directory = try project(yaml)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try run(["generate"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("schema.yaml:2:13: error: 'no-primary-kye' is not the code of a warning that can be silenced "
            + "in settings.silence (did you mean 'no-primary-key'?)"), "\(result.stderr)")
        // An error's code cannot be silenced: the error lists the warnings' codes.
        #expect(result.stderr.contains("error: 'unknown-key' is not the code of a warning that can be silenced in tables.owners.silence "
            + "(the codes: no-primary-key, unindexed-foreign-key"), "\(result.stderr)")
        #expect(files(directory) == ["schema.yaml"])
    }

    @Test func generatedHeaderSaysSchemagenNotSwiftRun() throws {
        let directory = try project(Self.notes)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try run([], in: directory).status == 0)
        let sql = try String(contentsOf: directory.appendingPathComponent("Generated/sql/schema.sql"), encoding: .utf8)
        #expect(sql.contains("\n-- Edit schema.yaml and run `schemagen` to regenerate.\n"), "\(sql.prefix(300))")
        #expect(!sql.contains("swift run"))

        // Another schema file name is part of the command, so the header names the file to pass.
        try FileManager.default.moveItem(at: directory.appendingPathComponent("schema.yaml"), to: directory.appendingPathComponent("db.yaml"))
        let other = try run(["--schema", "db.yaml"], in: directory)
        #expect(other.status == 0, "\(other.stderr)")
        let rls = try String(contentsOf: directory.appendingPathComponent("Generated/sql/rls.sql"), encoding: .utf8)
        #expect(rls.contains("\n-- Edit db.yaml and run `schemagen --schema db.yaml` to regenerate.\n"), "\(rls.prefix(300))")
    }

    @Test func checkDiffPrintsTheRemovedLineBeforeTheAddedOne() throws {
        let directory = try project(Self.notes)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try run([], in: directory).status == 0)
        let sql = directory.appendingPathComponent("Generated/sql/schema.sql")
        let text = try String(contentsOf: sql, encoding: .utf8)
        #expect(text.contains("    title text NOT NULL"))
        try Data(text.replacingOccurrences(of: "    title text NOT NULL", with: "    title varchar NOT NULL").utf8).write(to: sql)
        let result = try run(["check"], in: directory)
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let removed = try #require(lines.firstIndex(of: "-    title varchar NOT NULL,"), "\(result.stdout)")
        let added = try #require(lines.firstIndex(of: "+    title text NOT NULL,"), "\(result.stdout)")
        #expect(removed + 1 == added, "\(result.stdout)")
        #expect(UnifiedDiff.render(old: "a\nb\nc", new: "a\nx\nc", oldName: "old", newName: "new")
            == "--- old\n+++ new\n@@ -1,3 +1,3 @@\n a\n-b\n+x\n c")
    }

    /// A migration missing is named as such, not as out-of-date generated files (the hook prints check's last line).
    @Test func checkNamesAMissingMigrationNotTheGeneratedFiles() throws {
        let directory = try project(Self.notes)
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try run(["migrate", "new", "init"], in: directory)
        #expect(first.status == 0, "\(first.stderr)")
        let changed = Self.notes.replacingOccurrences(of: "      title: text\n", with: "      title: text\n      body: text?\n")
        try Data(changed.utf8).write(to: directory.appendingPathComponent("schema.yaml"))
        #expect(try run([], in: directory).status == 0)
        let result = try run(["check"], in: directory)
        #expect(result.status == 1)
        #expect(result.stdout.contains("migrations: schema.yaml differs from the last migration's snapshot"), "\(result.stdout)")
        #expect(result.stdout.hasSuffix("The generated files are up to date, but schema.yaml has changes without a migration; "
            + "write it with `schemagen migrate new NAME`.\n"), "\(result.stdout)")
        #expect(!result.stdout.contains("out of date"))
    }

    @Test func jsonSchemaCommandPrintsDocsSchemaJSON() throws {
        let directory = try project(Self.notes)
        defer { try? FileManager.default.removeItem(at: directory) }
        let docs = try Data(contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("docs/schema.json"))
        let printed = try run(["json-schema"], in: directory)
        #expect(printed.status == 0)
        #expect(Data(printed.stdout.utf8) == docs, "the embedded JSON Schema is docs/schema.json; rebuild schemagen")
        #expect(EditorSchema.json == String(decoding: docs, as: UTF8.self))
        let written = try run(["json-schema", "--output", "editor/schema.json"], in: directory)
        #expect(written.status == 0, "\(written.stderr)")
        #expect(try Data(contentsOf: directory.appendingPathComponent("editor/schema.json")) == docs)
        #expect(try run(["json-schema", "--output", "editor/schema.json"], in: directory).stderr.contains("unchanged"))
    }

    @Test func initAndHelpCarryNoPlaceholder() throws {
        let directory = try project(Self.notes)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try run(["init", "--schema", "db/schema.yaml"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let starter = try String(contentsOf: directory.appendingPathComponent("db/schema.yaml"), encoding: .utf8)
        #expect(starter.hasPrefix("# yaml-language-server: $schema=./schemagen.schema.json\n"))
        let written = try Data(contentsOf: directory.appendingPathComponent("db/schemagen.schema.json"))
        #expect(written == Data(EditorSchema.json.utf8))
        let help = try run(["init", "--help"], in: directory)
        for text in [starter, result.stdout, result.stderr, help.stdout] {
            #expect(!text.contains("OWNER"), "\(text)")
            #expect(!text.contains("github.com"), "\(text)")
        }
        #expect(result.stdout.contains("- repo: local"))
        #expect(result.stdout.contains("entry: schemagen check --staged --schema db/schema.yaml"), "\(result.stdout)")

        // A URL is pointed at and nothing is written for it.
        let other = try run(["init", "--schema", "web/schema.yaml", "--json-schema", "https://example.com/s.json"], in: directory)
        #expect(other.status == 0, "\(other.stderr)")
        #expect(try String(contentsOf: directory.appendingPathComponent("web/schema.yaml"), encoding: .utf8)
            .hasPrefix("# yaml-language-server: $schema=https://example.com/s.json\n"))
        #expect(files(directory.appendingPathComponent("web")) == ["schema.yaml"])
    }

    /// Every option each subcommand's --help lists appears in the README's synopsis line of that subcommand.
    @Test func readmeSynopsisListsEverySubcommandAndOption() throws {
        let directory = try project(Self.notes)
        defer { try? FileManager.default.removeItem(at: directory) }
        let readme = try String(contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## The command line\n").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```").dropFirst().first)
        // A synopsis entry starts with `schemagen`, continues on indented lines, and is keyed by its command words.
        var synopsis: [String: String] = [:]
        var current: String?
        for line in block.split(separator: "\n").map(String.init) {
            if line.hasPrefix("schemagen ") {
                // `schemagen [generate] ...`, `schemagen migrate new NAME ...`: the lower-case words before the rest.
                let words = line.split(separator: " ").dropFirst().map { $0 == "[generate]" ? "generate" : String($0) }
                    .prefix { $0.allSatisfy { $0.isLowercase || $0 == "-" } && !$0.hasPrefix("-") }
                let key = words.isEmpty ? "(root)" : words.joined(separator: " ")
                current = key
                synopsis[key, default: ""] += line
            } else if let current {
                synopsis[current, default: ""] += line
            }
        }
        func subcommands(_ path: [String]) throws -> [[String]] {
            let help = try run(path + ["--help"], in: directory).stdout
            guard let list = help.components(separatedBy: "SUBCOMMANDS:\n").dropFirst().first else { return [path] }
            let names = list.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("  "), !line.hasPrefix("   "), let word = line.split(separator: " ").first else { return nil }
                return String(word)
            }
            return try names.filter { $0 != "See" }.flatMap { try subcommands(path + [$0]) }
        }
        let commands = try subcommands([])
        #expect(commands.contains(["context"]) && commands.contains(["migrate", "apply"]) && commands.contains(["install-hook"]))
        for command in commands {
            let key = command.joined(separator: " ")
            let line = try #require(synopsis[key], "the README's synopsis has no line for `schemagen \(key)`")
            let help = try run(command + ["--help"], in: directory).stdout
            let optionLines = help.components(separatedBy: "OPTIONS:\n").dropFirst().first ?? ""
            let options = optionLines.split(separator: "\n").flatMap { row -> [String] in
                let trimmed = row.drop { $0 == " " }
                guard row.hasPrefix("  "), trimmed.hasPrefix("-") else { return [] }
                // The names, before the description (which may mention other options): `-h, --help`, `--out <out>`.
                let names = String(trimmed).components(separatedBy: "  ").first ?? ""
                return names.split(separator: " ").map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: ",")) }
                    .filter { $0.hasPrefix("--") }
            }
            #expect(!options.isEmpty, "\(key)")
            for option in Set(options) where option != "--help" && option != "--version" {
                #expect(line.contains(option + " ") || line.contains(option + "]") || line.contains(option + "|"),
                        "README synopsis of `schemagen \(key)` lacks \(option)")
            }
        }
    }
}

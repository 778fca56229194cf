import ArgumentParser
import Foundation
import SchemaGenKit

/// `schemagen init`: writes a commented starter schema.yaml and prints the next steps.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented starter schema.yaml (one example table) and print the next steps.",
        discussion: """
        Examples:
          schemagen init
          schemagen init --drizzle lib/db/schema.ts --sqlalchemy backend/models.py --swift none

        Each output flag takes a path relative to the schema file's directory, or `none` to turn that output off; \
        outputs not named keep their default path under Generated/. An existing schema file is never overwritten. \
        When the database exists already: schemagen pull --db URL.
        """)

    /// The repository schemagen is published from, for the editor schema and the pre-commit snippet.
    static let repository = "https://github.com/OWNER/schemagen"

    @Option(name: .long, help: "The schema file to create.")
    var schema: String = "schema.yaml"

    @Option(name: .long, help: ArgumentHelp("Where schema.sql goes, or none.", valueName: "path|none"))
    var sql: String?

    @Option(name: .long, help: ArgumentHelp("Where rls.sql goes, or none.", valueName: "path|none"))
    var rls: String?

    @Option(name: .long, help: ArgumentHelp("Where the Drizzle schema.ts goes, or none.", valueName: "path|none"))
    var drizzle: String?

    @Option(name: .long, help: ArgumentHelp("Where the SQLAlchemy models.py goes, or none.", valueName: "path|none"))
    var sqlalchemy: String?

    @Option(name: .long, help: ArgumentHelp("Where the Swift Models.swift goes, or none.", valueName: "path|none"))
    var swift: String?

    @Option(name: .long, help: ArgumentHelp(
        "The JSON Schema the `yaml-language-server` line points editors at (a URL, or a path relative to the schema file).",
        valueName: "url|path"))
    var jsonSchema: String = "\(InitCommand.repository.replacingOccurrences(of: "https://github.com/", with: "https://raw.githubusercontent.com/"))/v\(SchemaGenVersion.current)/docs/schema.json"

    func validate() throws {
        for (flag, value) in [("sql", sql), ("rls", rls), ("drizzle", drizzle), ("sqlalchemy", sqlalchemy), ("swift", swift)] {
            if let value, value.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError("--\(flag) needs a path, or none to turn the output off")
            }
        }
        if jsonSchema.contains(where: \.isNewline) { throw ValidationError("--json-schema must be one line") }
    }

    /// The outputs in the order the settings list them: target, path (nil: turned off).
    var outputs: [(target: String, path: String?)] {
        [("sql", sql), ("rls", rls), ("drizzle", drizzle), ("sqlalchemy", sqlalchemy), ("swift", swift)].map { target, value in
            guard let value else { return (target, Validator.defaultPaths[target] ?? target) }
            return (target, ["none", "false", "off"].contains(value.lowercased()) ? nil : value)
        }
    }

    func run() throws {
        if FileManager.default.fileExists(atPath: schema) {
            printErr("schemagen: error: \(schema) already exists; init does not overwrite it "
                     + "(edit it, or move it away and run `schemagen init` again)")
            throw ExitCode(1)
        }
        let text = Self.starter(outputs: outputs, jsonSchema: jsonSchema)
        // The starter must compile as written: a path from the flags that the schema rejects is reported here.
        let (loaded, diagnostics) = Pipeline.load(Array(text.utf8), fileName: schema)
        if loaded == nil || diagnostics.contains(where: { $0.severity == .error }) {
            DiagnosticPrinter.print(diagnostics, format: .human)
            printErr("schemagen: error: the starter schema with these paths is not valid; nothing was written")
            throw ExitCode(1)
        }
        let directory = (schema as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        // O_EXCL: a file that appeared since the check above is not overwritten either.
        let descriptor = open(schema, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else {
            printErr("schemagen: error: cannot create \(schema): \(String(cString: strerror(errno)))")
            throw ExitCode(errno == EEXIST ? 1 : 2)
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
        print(nextSteps())
    }

    /// What to do after init, printed on stdout.
    func nextSteps() -> String {
        let command = FixCommand.prefix()
        let schemaFlag = schema == "schema.yaml" ? "" : " --schema \(shellQuote(schema))"
        let written = outputs.compactMap { output in output.path.map { "\(output.target): \($0)" } }
        let sqlFiles = outputs.filter { ($0.target == "sql" || $0.target == "rls") && $0.path != nil }.compactMap(\.path)
            .map { " -f " + shellQuote(Compilation.resolve($0, in: (schema as NSString).deletingLastPathComponent)) }
        var lines = [
            "schemagen: wrote \(schema): one example table (notes) with row-level security for its owner.",
            "",
            "Next steps:",
            "  1. Describe your tables in \(schema) (the language: \(Self.repository)/blob/main/docs/schema-language.md).",
            "  2. Generate the outputs (\(written.isEmpty ? "none configured" : written.joined(separator: ", "))):",
            "       \(command)\(schemaFlag)",
        ]
        if !sqlFiles.isEmpty {
            lines += ["  3. Apply the SQL to a database:", "       psql \"$DATABASE_URL\" -1\(sqlFiles.joined())"]
        }
        lines += [
            "  \(sqlFiles.isEmpty ? 3 : 4). Refuse commits whose generated files are out of date, with a git hook:",
            "       \(command) install-hook\(schemaFlag)",
            "     or with the pre-commit framework, in .pre-commit-config.yaml:",
            "       repos:",
            "         - repo: \(Self.repository)",
            "           rev: v\(SchemaGenVersion.current)",
            "           hooks:",
            "             - id: schemagen-check" + (schemaFlag.isEmpty ? "" : "\n               args: [--schema, \(JSONText.quote(schema))]"),
            "",
            "When the database exists already: schemagen pull --db URL",
        ]
        return lines.joined(separator: "\n")
    }

    /// A path or URL as a YAML scalar: plain when that reads back as the same string, else double-quoted.
    static func yamlScalar(_ value: String) -> String {
        let plain = value.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "_./-".unicodeScalars.contains($0)
        }
        let keywords: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "y", "n"]
        guard plain, let first = value.unicodeScalars.first, first != "-", first != ".",
              !keywords.contains(value.lowercased()), Double(value) == nil else { return JSONText.quote(value) }
        return value
    }

    /// The starter schema: commented settings with the chosen outputs and one table with the RLS owner shorthand.
    static func starter(outputs: [(target: String, path: String?)], jsonSchema: String) -> String {
        let width = outputs.map(\.target.count).max() ?? 0
        let outputLines = outputs.map { target, path in
            "    \(target):" + String(repeating: " ", count: width - target.count + 1) + (path.map(yamlScalar) ?? "false")
        }
        return """
        # yaml-language-server: $schema=\(jsonSchema)
        # The database, described once. schemagen compiles this file into PostgreSQL DDL, row-level security
        # policies and the models of each client; run `schemagen` after every edit, and `schemagen check` in CI.
        # The language: \(repository)/blob/main/docs/schema-language.md

        settings:
          # Where each output is written, relative to this file; false turns an output off.
          outputs:
        \(outputLines.joined(separator: "\n"))

        # Tables owned by Supabase that this schema references; they are never created here.
        external:
          auth.users:
            columns:
              id: { type: uuid, primary_key: true }

        tables:
          # An example to rename or replace. A column is `name: type`, NOT NULL unless the type ends in `?`,
          # or a mapping with the type and its constraints.
          notes:
            comment: A note written by a signed-in user.
            columns:
              id: { type: uuid, primary_key: true, default: gen_random_uuid() }
              user_id: { type: uuid, references: auth.users.id, on_delete: cascade, index: true }
              title: varchar(200)
              body: text?
              created_at: { type: timestamptz, default: now() }
            # Row-level security: each signed-in user reads and changes only the rows whose user_id is theirs.
            rls:
              owner: user_id

        """
    }
}

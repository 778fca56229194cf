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
        Beside it, init writes \(EditorSchema.defaultFileName), the JSON Schema of this schemagen's schema.yaml, \
        and points the file's `yaml-language-server` line at it, so editors complete and check the keys \
        (`schemagen json-schema` prints it again after an upgrade). \
        When the database exists already: schemagen pull --db URL.
        """)

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
        "Where supabase-js's Database type goes (true: Generated/supabase/database.types.ts); off unless given.",
        valueName: "path|true|none"))
    var supabase: String?

    @Option(name: .long, help: ArgumentHelp(
        "Where the Pydantic API models go (true: Generated/pydantic/schemas.py); off unless given.", valueName: "path|true|none"))
    var pydantic: String?

    @Option(name: .long, help: ArgumentHelp(
        "Where the Zod API schemas go (true: Generated/zod/schemas.ts); off unless given.", valueName: "path|true|none"))
    var zod: String?

    @Option(name: .long, help: ArgumentHelp(
        "Where the JSON Schema for editors goes, relative to the schema file (written there unless it exists), or a URL to point at instead.",
        valueName: "path|url"))
    var jsonSchema: String = EditorSchema.defaultFileName

    /// Whether `--json-schema` names a URL (pointed at, nothing written) rather than a file to write.
    var jsonSchemaIsURL: Bool { jsonSchema.contains("://") }

    /// The `$schema=` value of the `yaml-language-server` line: the URL, or the path relative to the schema file.
    var modelineTarget: String {
        if jsonSchemaIsURL || jsonSchema.hasPrefix("/") || jsonSchema.hasPrefix("./") || jsonSchema.hasPrefix("../") {
            return jsonSchema
        }
        return "./" + jsonSchema
    }

    func validate() throws {
        for (flag, value) in flags {
            if let value, value.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError("--\(flag) needs a path, or none to turn the output off")
            }
        }
        if jsonSchema.contains(where: \.isNewline) { throw ValidationError("--json-schema must be one line") }
        if jsonSchema.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--json-schema needs a path or a URL") }
    }

    /// Each output flag and its value, in the order the settings list the outputs.
    var flags: [(String, String?)] {
        [("sql", sql), ("rls", rls), ("drizzle", drizzle), ("sqlalchemy", sqlalchemy), ("swift", swift), ("pydantic", pydantic), ("zod", zod),
         ("supabase", supabase)]
    }

    /// The outputs in the order the settings list them: target, path (nil: turned off). An output that is off by
    /// default (pydantic, zod, supabase) stays off unless its flag gives a path or `true`.
    var outputs: [(target: String, path: String?)] {
        flags.map { target, value in
            let defaultPath = Validator.defaultPaths[target] ?? target
            guard let value else { return (target, Validator.optInTargets.contains(target) ? nil : defaultPath) }
            if ["true", "on", "yes"].contains(value.lowercased()) { return (target, defaultPath) }
            return (target, ["none", "false", "off"].contains(value.lowercased()) ? nil : value)
        }
    }

    func run() throws {
        if FileManager.default.fileExists(atPath: schema) {
            printErr("schemagen: error: \(schema) already exists; init does not overwrite it "
                     + "(edit it, or move it away and run `schemagen init` again)")
            throw ExitCode(1)
        }
        let text = Self.starter(outputs: outputs, jsonSchema: modelineTarget)
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
        let note = try writeJSONSchema(directory: directory)
        print(nextSteps(jsonSchemaNote: note))
    }

    /// Writes the JSON Schema for editors where `--json-schema` says, unless it is a URL; a file already there is
    /// kept when it differs (it may be the user's). Returns the line that says what happened, if anything did.
    func writeJSONSchema(directory: String) throws -> String? {
        guard !jsonSchemaIsURL else { return nil }
        let path = Compilation.resolve(jsonSchema, in: directory.isEmpty ? "." : directory)
        if let existing = FileManager.default.contents(atPath: path) {
            if existing == Data(EditorSchema.json.utf8) { return "the JSON Schema for editors is \(path) (already current)." }
            return "kept the existing \(path), which differs from this schemagen's JSON Schema; "
                + "`schemagen json-schema --output \(shellQuote(path))` replaces it."
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) }
        _ = try OutputWriter.write(EditorSchema.json, to: path)
        return "wrote \(path), the JSON Schema editors check \(schema) against (the `yaml-language-server` line points at it); "
            + "after upgrading schemagen, `schemagen json-schema --output \(shellQuote(path))` updates it."
    }

    /// What to do after init, printed on stdout.
    func nextSteps(jsonSchemaNote: String? = nil) -> String {
        let command = FixCommand.prefix()
        let schemaFlag = schema == "schema.yaml" ? "" : " --schema \(shellQuote(schema))"
        let written = outputs.compactMap { output in output.path.map { "\(output.target): \($0)" } }
        let sqlFiles = outputs.filter { ($0.target == "sql" || $0.target == "rls") && $0.path != nil }.compactMap(\.path)
            .map { " -f " + shellQuote(Compilation.resolve($0, in: (schema as NSString).deletingLastPathComponent)) }
        var lines = [
            "schemagen: wrote \(schema): one example table (notes) with row-level security for its owner.",
        ] + (jsonSchemaNote.map { ["schemagen: " + $0] } ?? []) + [
            "",
            "Next steps:",
            "  1. Describe your tables in \(schema) (the language: docs/schema-language.md in schemagen's source; "
                + "`schemagen validate` checks the file).",
            "  2. Generate the outputs (\(written.isEmpty ? "none configured" : written.joined(separator: ", "))):",
            "       \(command)\(schemaFlag)",
        ]
        if !sqlFiles.isEmpty {
            lines += ["  3. Apply the SQL to a database:", "       psql \"$DATABASE_URL\" -1\(sqlFiles.joined())"]
        }
        lines += [
            "  \(sqlFiles.isEmpty ? 3 : 4). Refuse commits whose generated files are out of date, with a git hook:",
            "       \(command) install-hook\(schemaFlag)",
            "     or with the pre-commit framework, in .pre-commit-config.yaml (schemagen on PATH):",
            "       repos:",
            "         - repo: local",
            "           hooks:",
            "             - id: schemagen-check",
            "               name: schemagen check",
            "               entry: schemagen check --staged" + (schemaFlag.isEmpty ? "" : " --schema \(shellQuote(schema))"),
            "               language: system",
            "               pass_filenames: false",
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
        # The language: docs/schema-language.md in schemagen's source; `schemagen validate` checks this file.

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

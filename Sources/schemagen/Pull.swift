import ArgumentParser
import Foundation
import SchemaGenKit

/// `schemagen pull`: writes schema.yaml from a live database.
struct Pull: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read a live PostgreSQL database and write the schema.yaml that describes it.",
        discussion: """
        Reads the tables, columns, constraints, indexes, enums, domains, sequences, views, comments, row-level \
        security and policies of the chosen schemas and writes them in the language's short forms, keeping every \
        name. Without --schemas, every schema that is not PostgreSQL's, the platform's or an extension's is read (or \
        those the file being written over records in settings.schemas), and stderr says which were read and which \
        skipped; the pulled schemas are recorded in settings.schemas, the scope of status. Supabase's managed \
        schemas (auth, storage, realtime, extensions, ...) are never written as tables: what the pulled tables \
        reference there becomes external: entries. Functions, triggers, privileges, publications and what the \
        language cannot hold become raw sql: blocks placed where what they depend on exists (a function over a \
        table's row type after the tables), each announced by a warning; what is left out around the pulled schemas \
        (a policy on storage.objects, pg_net) is named in a warning too. Exit status: 0 written, 1 refused (the file \
        exists, or a --schemas name the database does not have), 2 the database cannot be reached or read.
        """)

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp(
        "The PostgreSQL schemas to read, comma-separated (default: every schema that is not PostgreSQL's, the "
            + "platform's or an extension's).", valueName: "names"))
    var schemas: [String] = []

    @Option(name: .long, help: ArgumentHelp("Where to write the schema; - for standard output.", valueName: "path"))
    var out = "schema.yaml"

    @Flag(name: .long, help: "Write over an existing file.")
    var force = false

    @Flag(name: .long, help: "Turn column groups repeated on three or more tables (an id, timestamps) into mixins.")
    var mixins = false

    func run() throws {
        var names = schemas.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty }
        if out != "-", FileManager.default.fileExists(atPath: out), !force {
            printErr("\(out): error: the file exists; give --force to write over it, or --out another path")
            throw ExitCode(1)
        }
        // Pulled again over a file that records its scope (`settings.schemas`): the same schemas.
        var recorded: [String]?
        if names.isEmpty, out != "-", let bytes = FileManager.default.contents(atPath: out),
           let schema = Pipeline.load([UInt8](bytes), fileName: out).0 {
            recorded = schema.settings.schemas
        }
        let database = try connection.connect()
        defer { database.close() }
        let catalog: DatabaseCatalog
        do {
            let present = try CatalogReader.schemas(database)
            if names.isEmpty, let recorded {
                names = recorded
                printErr("schemagen: reading the schemas \(out) records: \(recorded.joined(separator: ", "))")
            }
            if names.isEmpty {
                names = present.filter { $0.skipped == nil }.map(\.name)
                let skipped = present.filter { $0.skipped != nil && !CatalogReader.isSystemSchema($0.name) }
                var line = "schemagen: reading schema\(names.count == 1 ? "" : "s") \(names.joined(separator: ", "))"
                let managed = skipped.filter { $0.skipped == "managed" }.map(\.name)
                let fromExtensions = skipped.filter { $0.skipped == "extension" }.map(\.name)
                if !managed.isEmpty { line += "; skipped \(managed.joined(separator: ", ")) (managed by the platform)" }
                if !fromExtensions.isEmpty {
                    line += "\(managed.isEmpty ? "; skipped" : ",") \(fromExtensions.joined(separator: ", ")) (made by an extension)"
                }
                printErr(line)
            } else {
                let known = present.map(\.name)
                var missing = false
                for name in names where !known.contains(name) {
                    let hint = Suggest.hint(for: name, in: known.filter { !CatalogReader.isSystemSchema($0) })
                    printErr("schemagen: error: --schemas: the database has no schema \(name)\(hint.map { " (\($0))" } ?? "")")
                    missing = true
                }
                if missing { throw ExitCode(1) }
                for managed in names where CatalogReader.isManagedSchema(managed) {
                    printErr("schemagen: warning: \(managed) is managed by Supabase or PostgreSQL; it is not pulled (tables there that pulled ones reference become external:)")
                }
                names = names.filter { !CatalogReader.isManagedSchema($0) }
            }
            if names.isEmpty {
                printErr("schemagen: error: no schema left to pull")
                throw ExitCode(1)
            }
            catalog = try CatalogReader.read(database, schemas: names)
        } catch let error as PostgresError {
            printErr("schemagen: error: \(error.isMissingPrivilege ? "missing privilege: " : "")\(error.message)")
            throw ExitCode(2)
        }
        let result = SchemaPuller.pull(catalog, mixins: mixins)
        for warning in result.warnings { printErr("schemagen: warning: \(warning)") }
        // What the written file says when compiled: a pulled database the language cannot hold as written is reported.
        let (_, diagnostics) = Pipeline.load([UInt8](result.yaml.utf8), fileName: out == "-" ? "schema.yaml" : out)
        let errors = diagnostics.filter { $0.severity == .error }
        for diagnostic in errors { printErr(diagnostic.description) }
        let lints = diagnostics.count - errors.count
        if lints > 0 {
            printErr("schemagen: the pulled schema has \(lints) warning\(lints == 1 ? "" : "s") about the database's design; `schemagen validate --schema \(out == "-" ? "FILE" : out)` lists them")
        }
        if out == "-" {
            FileHandle.standardOutput.write(Data(result.yaml.utf8))
        } else {
            do {
                try Data(result.yaml.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                printErr("\(out): error: cannot write it: \(error.localizedDescription)")
                throw ExitCode(2)
            }
            printErr("schemagen: wrote \(out): \(catalog.tables.count) table\(catalog.tables.count == 1 ? "" : "s"), \(catalog.views.count) view\(catalog.views.count == 1 ? "" : "s"), \(catalog.enums.count) enum\(catalog.enums.count == 1 ? "" : "s"); next: schemagen generate")
        }
    }
}

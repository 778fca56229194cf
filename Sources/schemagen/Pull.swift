import ArgumentParser
import Foundation
import SchemaGenKit

/// `schemagen pull`: writes schema.yaml from a live database.
struct Pull: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read a live PostgreSQL database and write the schema.yaml that describes it.",
        discussion: """
        Reads the tables, columns, constraints, indexes, enums, domains, sequences, views, comments, row-level \
        security and policies of the chosen schemas (default: public) and writes them in the language's short forms, \
        keeping every name. Supabase's managed schemas (auth, storage, realtime, extensions, ...) are never written as \
        tables: what the pulled tables reference there becomes external: entries. Functions, triggers and what the \
        language cannot hold become raw sql: blocks, each announced by a warning. Exit status: 0 written, 1 refused \
        (the file exists), 2 the database cannot be reached or read.
        """)

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp(
        "The PostgreSQL schemas to read, comma-separated (default: public).", valueName: "names"))
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
        if names.isEmpty { names = ["public"] }
        for managed in names where CatalogReader.managedSchemas.contains(managed) {
            printErr("schemagen: warning: \(managed) is managed by Supabase or PostgreSQL; it is not pulled (tables there that pulled ones reference become external:)")
        }
        names = names.filter { !CatalogReader.managedSchemas.contains($0) }
        if names.isEmpty {
            printErr("schemagen: error: no schema left to pull")
            throw ExitCode(1)
        }
        if out != "-", FileManager.default.fileExists(atPath: out), !force {
            printErr("\(out): error: the file exists; give --force to write over it, or --out another path")
            throw ExitCode(1)
        }
        let database = try connection.connect()
        defer { database.close() }
        let catalog: DatabaseCatalog
        do {
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

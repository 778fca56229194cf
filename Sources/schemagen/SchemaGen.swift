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
        subcommands: [Generate.self, Validate.self, Check.self],
        defaultSubcommand: Generate.self)
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
    static let configuration = CommandConfiguration(abstract: "Write every configured output (the default).")

    @OptionGroup var options: SchemaOptions

    @Option(name: .long, help: "Only these targets, comma-separated (sql,rls,drizzle,sqlalchemy,swift or a custom target).")
    var only: String?

    @Option(name: .long, help: "Write outputs under this directory instead of the schema file's directory.")
    var out: String?

    func run() throws {
        let targets = only.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
        let compilation = try Compilation.run(options, targets: targets)
        let base = out ?? compilation.baseDirectory
        var written = 0
        for file in compilation.result.outputs {
            let path = (base as NSString).appendingPathComponent(file.path)
            if try OutputWriter.write(file.contents, to: path) { written += 1 }
        }
        let total = compilation.result.outputs.count
        status(options, "schemagen: \(written) of \(total) output\(total == 1 ? "" : "s") written, \(total - written) unchanged")
    }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check the schema and print diagnostics; write nothing.")

    @OptionGroup var options: SchemaOptions

    func run() throws {
        let compilation = try Compilation.run(options, targets: [])
        let schema = compilation.result.schema
        status(options, "schemagen: \(options.schema) is valid (\(schema?.tables.count ?? 0) tables, \(schema?.enums.count ?? 0) enums)")
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Exit 1 if any output on disk differs from what schema.yaml generates; write nothing.")

    @OptionGroup var options: SchemaOptions

    @Option(name: .long, help: "Lines of diff shown per stale file.")
    var diffLines: Int = 40

    func run() throws {
        let compilation = try Compilation.run(options, targets: nil)
        var stale = 0
        for file in compilation.result.outputs {
            let path = (compilation.baseDirectory as NSString).appendingPathComponent(file.path)
            guard let data = FileManager.default.contents(atPath: path) else {
                stale += 1
                print("missing: \(file.path)")
                continue
            }
            let current = String(decoding: data, as: UTF8.self)
            if current == file.contents { continue }
            stale += 1
            let recorded = GeneratedHeader.recordedHash(in: current[...])
            let expected = compilation.result.schema?.sourceHash
            if recorded != nil && recorded == expected {
                print("edited by hand: \(file.path) (its header matches \(compilation.schemaName) but its body was changed)")
            } else {
                print("stale: \(file.path) (\(compilation.schemaName) changed since it was generated)")
            }
            print(UnifiedDiff.render(old: current, new: file.contents, oldName: "a/\(file.path)", newName: "b/\(file.path)", limit: diffLines))
        }
        if stale > 0 {
            let schemaArgument = options.schema == "schema.yaml" ? "" : " --schema \(options.schema)"
            print("\(stale) generated file\(stale == 1 ? " is" : "s are") out of date; run `swift run schemagen\(schemaArgument)` to regenerate.")
            throw ExitCode(1)
        }
        status(options, "schemagen: all \(compilation.result.outputs.count) outputs are up to date")
    }
}

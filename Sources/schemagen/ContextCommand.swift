import ArgumentParser
import Foundation
import SchemaGenKit

/// `schemagen context`: prints the context a custom template receives, as JSON, for template authors.
struct ContextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "context",
        abstract: "Print the context custom templates receive, as JSON (see docs/templates.md).")

    @OptionGroup var options: SchemaOptions

    @Option(name: .long, help: "Fill in `output` as for this custom output of the schema.")
    var output: String?

    func run() throws {
        let compilation = try Compilation.run(options, targets: [])
        var setting: OutputSetting?
        if let output {
            guard let found = compilation.schema.settings.outputs.first(where: { $0.target == output && $0.template != nil }) else {
                let custom = compilation.schema.settings.outputs.filter { $0.template != nil }.map(\.target)
                printErr("schemagen: error: no custom output '\(output)' in \(options.schema)"
                         + (custom.isEmpty ? "" : " (custom outputs: \(custom.joined(separator: ", ")))"))
                throw ExitCode(1)
            }
            setting = found
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(TemplateContext(schema: compilation.schema, output: setting))
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}

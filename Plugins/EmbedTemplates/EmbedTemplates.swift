import Foundation
import PackagePlugin

/// Build-tool plugin of SchemaGenKit: compiles every `Templates/*.mustache` of the package (and docs/schema.json)
/// into the library as a string literal, so a `schemagen` binary needs no resource bundle beside it and `Templates/` stays the one source.
@main
struct EmbedTemplates: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let directory = context.package.directoryURL.appendingPathComponent("Templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".mustache") }.sorted()
        let inputs = names.map { directory.appendingPathComponent($0) }
        // docs/schema.json, the JSON Schema of schema.yaml, goes in too: `schemagen init` and `schemagen json-schema`
        // write the one this binary was built with.
        let jsonSchema = context.package.directoryURL.appendingPathComponent("docs").appendingPathComponent("schema.json")
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedTemplates.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(names.count) templates from Templates/ and docs/schema.json into \(target.name)",
                executable: try context.tool(named: "embed-templates").url,
                arguments: [output.path, "--json-schema", jsonSchema.path] + inputs.map(\.path),
                inputFiles: inputs + [jsonSchema],
                outputFiles: [output]),
        ]
    }
}

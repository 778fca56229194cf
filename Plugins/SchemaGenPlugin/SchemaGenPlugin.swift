import Foundation
import PackagePlugin

/// Build-tool plugin: generates the Swift Codable models of a target's `schema.yaml` at build time.
///
/// The file goes to the plugin's work directory and is compiled into the target; it is regenerated when the schema
/// (or a configured template) changes. Schema errors fail the build as `schema.yaml:LINE:COL: error: ...`.
@main
struct SchemaGenPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let target = target as? SwiftSourceModuleTarget else { return [] }
        guard let location = try SchemaLocation.find(in: target.directoryURL) else {
            throw SchemaLocation.Problem(description: "target '\(target.name)' uses SchemaGenPlugin but has no schema.yaml "
                + "or \(SchemaLocation.configName) in \(target.directoryURL.path)")
        }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent(location.outputName)
        let arguments = ["generate", "--schema", location.schema.path, "--only", "swift", "--output-file", output.path]
            + location.templateArguments
        return [
            .buildCommand(
                displayName: "schemagen: generating \(location.outputName) from \(location.schema.lastPathComponent) for \(target.name)",
                executable: try context.tool(named: "schemagen").url,
                arguments: arguments,
                inputFiles: location.inputFiles,
                outputFiles: [output]),
        ]
    }
}

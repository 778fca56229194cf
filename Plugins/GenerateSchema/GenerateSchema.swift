import Foundation
import PackagePlugin

/// Command plugin `swift package generate-schema`: writes every configured output of the package's schemas.
///
/// The schemas are the package's root `schema.yaml` and each target's (see `SchemaLocation`); `--schema PATH` and
/// `--target NAME` narrow that down. Other arguments go to `schemagen generate` (`--only sql,drizzle`, ...).
@main
struct GenerateSchema: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let schemaPaths = extractor.extractOption(named: "schema")
        let targetNames = extractor.extractOption(named: "target")
        let passthrough = extractor.remainingArguments
        let root = context.package.directoryURL

        var locations: [SchemaLocation] = schemaPaths.map {
            let url = URL(fileURLWithPath: $0, relativeTo: root).standardizedFileURL
            return SchemaLocation(schema: url, templates: nil, outputName: SchemaLocation.defaultOutputName)
        }
        if schemaPaths.isEmpty {
            let rootSchema = root.appendingPathComponent("schema.yaml")
            if targetNames.isEmpty, FileManager.default.fileExists(atPath: rootSchema.path) {
                locations.append(SchemaLocation(schema: rootSchema, templates: nil, outputName: SchemaLocation.defaultOutputName))
            }
            let targets = targetNames.isEmpty ? context.package.targets : try context.package.targets(named: targetNames)
            for target in targets {
                guard let target = target as? SwiftSourceModuleTarget, let location = try SchemaLocation.find(in: target.directoryURL),
                      !locations.contains(where: { $0.schema == location.schema }) else { continue }
                locations.append(location)
            }
        }
        guard !locations.isEmpty else {
            Diagnostics.error("no schema found: put a schema.yaml at the package root or in a target, or pass --schema PATH")
            return
        }
        let tool = try context.tool(named: "schemagen")
        for location in locations {
            let process = Process()
            process.executableURL = tool.url
            process.currentDirectoryURL = root
            process.arguments = ["generate", "--schema", location.schema.path] + location.templateArguments + passthrough
            try process.run()
            process.waitUntilExit()
            if process.terminationStatus != 0 {
                Diagnostics.error("schemagen generate failed for \(location.schema.path) (exit status \(process.terminationStatus))")
                return
            }
        }
    }
}

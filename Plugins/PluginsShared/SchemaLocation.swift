import Foundation

/// Where a target's schema is: `schemagen-plugin.json` in the target's directory, or a `schema.yaml` there.
///
/// `schemagen-plugin.json` (every key optional, paths relative to the target's directory):
///
///     { "schema": "../../schema.yaml", "templates": "../../templates", "output": "Models.swift" }
struct SchemaLocation {
    /// The schema file.
    var schema: URL
    /// A templates directory passed as `--templates`.
    var templates: URL?
    /// The file name of the generated Swift file in the plugin's work directory.
    var outputName: String

    /// The config file's name.
    static let configName = "schemagen-plugin.json"
    /// The generated file's default name: distinct from a user's own `Models.swift`, as file names in a module must be.
    static let defaultOutputName = "SchemaGenModels.swift"

    struct Config: Decodable {
        var schema: String?
        var templates: String?
        var output: String?
    }

    /// A problem with a target's configuration, shown as a build error.
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    /// The schema of a target directory, or nil when it has neither a config file nor a `schema.yaml`.
    static func find(in directory: URL) throws -> SchemaLocation? {
        let configURL = directory.appendingPathComponent(configName)
        var config = Config()
        if let data = FileManager.default.contents(atPath: configURL.path) {
            do {
                config = try JSONDecoder().decode(Config.self, from: data)
            } catch {
                throw Problem(description: "\(configURL.path): error: not a valid \(configName): \(error)")
            }
        } else if !FileManager.default.fileExists(atPath: directory.appendingPathComponent("schema.yaml").path) {
            return nil
        }
        let schema = directory.appendingPathComponent(config.schema ?? "schema.yaml").standardizedFileURL
        guard FileManager.default.fileExists(atPath: schema.path) else {
            throw Problem(description: "\(configURL.path): error: schema file \(schema.path) does not exist")
        }
        let output = config.output ?? defaultOutputName
        guard output.hasSuffix(".swift"), !output.contains("/") else {
            throw Problem(description: "\(configURL.path): error: \"output\" must be a file name ending in .swift")
        }
        return SchemaLocation(
            schema: schema,
            templates: config.templates.map { directory.appendingPathComponent($0).standardizedFileURL },
            outputName: output)
    }

    /// The files whose change must re-run the generator: the schema and the templates.
    var inputFiles: [URL] {
        var files = [schema]
        if let templates, let names = try? FileManager.default.contentsOfDirectory(atPath: templates.path) {
            files += names.sorted().filter { $0.hasSuffix(".mustache") }.map { templates.appendingPathComponent($0) }
        }
        return files
    }

    /// `--templates DIR`, when configured.
    var templateArguments: [String] {
        templates.map { ["--templates", $0.path] } ?? []
    }
}

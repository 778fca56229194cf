import ArgumentParser
import Foundation
import SchemaGenKit

/// `schemagen json-schema`: prints (or writes) the JSON Schema of schema.yaml that this schemagen was built with.
struct JSONSchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "json-schema",
        abstract: "Print the JSON Schema of schema.yaml for editors (the one this schemagen understands).",
        discussion: """
        Examples:
          schemagen json-schema --output schemagen.schema.json

        `schemagen init` writes it beside the schema file and points the file's `yaml-language-server` line at it; \
        run this after upgrading schemagen so the editor knows the new keys. With --output the file is written only \
        when its bytes change.
        """)

    @Option(name: .long, help: "Write it to this file instead of printing it.")
    var output: String?

    func run() throws {
        guard let output else {
            FileHandle.standardOutput.write(Data(EditorSchema.json.utf8))
            return
        }
        let parent = (output as NSString).deletingLastPathComponent
        if !parent.isEmpty { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) }
        let written = try OutputWriter.write(EditorSchema.json, to: output)
        printErr("schemagen: \(output) \(written ? "written" : "unchanged") (JSON Schema of schemagen \(SchemaGenVersion.current))")
    }
}

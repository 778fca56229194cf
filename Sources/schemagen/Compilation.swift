import ArgumentParser
import Foundation
import SchemaGenKit

/// Reads the schema and templates, runs the pipeline and prints diagnostics; exits non-zero on errors.
struct Compilation {
    var result: Pipeline.Result
    var baseDirectory: String
    var schemaName: String

    static func run(_ options: SchemaOptions, targets: Set<String>?) throws -> Compilation {
        guard let data = FileManager.default.contents(atPath: options.schema) else {
            printErr("\(options.schema): error: cannot read the schema file")
            throw ExitCode(2)
        }
        let base = (options.schema as NSString).deletingLastPathComponent
        let baseDirectory = base.isEmpty ? "." : base
        var templates: TemplateSet
        do {
            templates = try TemplateSet.builtin()
        } catch {
            printErr("schemagen: error: \(error)")
            throw ExitCode(2)
        }
        let bytes = [UInt8](data)
        let (schema, loadDiagnostics) = Pipeline.load(bytes, fileName: options.schema)
        guard let schema else {
            DiagnosticPrinter.print(loadDiagnostics, format: options.diagnosticsFormat)
            throw ExitCode(1)
        }
        if let targets {
            let known = schema.settings.outputs.map(\.target)
            for target in targets.sorted() where !known.contains(target) {
                let hint = Suggest.hint(for: target, in: known).map { " (\($0))" } ?? " (outputs: \(known.joined(separator: ", ")))"
                printErr("schemagen: error: --only names no configured output '\(target)'\(hint)")
                throw ExitCode(2)
            }
        }
        let templateDirectory = options.templates ?? schema.settings.templatesDirectory.map {
            ($0 as NSString).isAbsolutePath ? $0 : (baseDirectory as NSString).appendingPathComponent($0)
        }
        if let templateDirectory {
            templates.override(with: try readTemplates(in: templateDirectory))
        }
        for output in schema.settings.outputs {
            guard let template = output.template else { continue }
            let path = (baseDirectory as NSString).appendingPathComponent(template)
            guard let text = FileManager.default.contents(atPath: path) else {
                printErr("\(options.schema): error: cannot read template \(template) of output '\(output.target)'")
                throw ExitCode(2)
            }
            templates.override(with: [output.target: String(decoding: text, as: UTF8.self)])
        }
        let result = Pipeline.run(bytes, fileName: options.schema, templates: templates, targets: targets)
        DiagnosticPrinter.print(result.diagnostics, format: options.diagnosticsFormat)
        if result.hasErrors { throw ExitCode(1) }
        return Compilation(result: result, baseDirectory: baseDirectory, schemaName: options.schema)
    }

    static func readTemplates(in directory: String) throws -> [String: String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            printErr("schemagen: error: cannot read template directory \(directory)")
            throw ExitCode(2)
        }
        var templates: [String: String] = [:]
        for name in names.sorted() where name.hasSuffix(".mustache") {
            let path = (directory as NSString).appendingPathComponent(name)
            if let data = FileManager.default.contents(atPath: path) {
                templates[String(name.dropLast(".mustache".count))] = String(decoding: data, as: UTF8.self)
            }
        }
        return templates
    }
}

func printErr(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

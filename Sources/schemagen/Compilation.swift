import ArgumentParser
import Foundation
import SchemaGenKit

/// Reads the schema and templates, runs the pipeline and prints diagnostics; exits non-zero on errors.
struct Compilation {
    var result: Pipeline.Result
    var schema: Schema
    var baseDirectory: String
    var schemaName: String
    /// Warnings the schema's `silence:` lists kept from being printed.
    var silencedWarnings = 0

    /// A loaded schema with the templates its outputs need, ready to render (see `run`).
    struct Prepared {
        var schema: Schema
        var diagnostics: [Diagnostic]
        var templates: TemplateSet
        var targets: Set<String>?
        var baseDirectory: String
        var options: SchemaOptions
        /// Warnings the schema's `silence:` lists kept from being printed.
        var silencedWarnings = 0

        /// `, N warnings silenced` for a summary line, or nothing when none was.
        var silencedNote: String { Compilation.silencedNote(silencedWarnings) }

        /// The outputs that will be rendered, in order.
        var outputs: [OutputSetting] {
            schema.settings.outputs.filter { targets?.contains($0.target) ?? true }
        }

        /// Renders the outputs one at a time, handing each to `body` and then letting it go; prints the
        /// diagnostics (warnings only when `printingWarnings`) and exits 1 when one is an error, in which case
        /// what `body` did must be undone by the caller.
        func emit(printingWarnings: Bool = true, each body: (OutputFile) throws -> Void) throws {
            let all = try Pipeline.emit(schema, diagnostics: diagnostics, fileName: options.schema, templates: templates,
                                        targets: targets, each: body)
            let hasErrors = all.contains { $0.severity == .error }
            if printingWarnings || hasErrors { DiagnosticPrinter.print(all, format: options.diagnosticsFormat) }
            if hasErrors { throw ExitCode(1) }
        }
    }

    /// Loads and validates the schema, reads the templates the selected outputs need, and renders them.
    ///
    /// `schemaBytes` replaces reading the schema file (`check --staged` reads it from the git index).
    /// `forcing` renders that built-in target even when the schema turns it off (`generate --output-file`).
    /// `printingWarnings: false` leaves the warnings of a valid schema to the caller (`status` prints them in its
    /// own diagnostics document).
    static func run(_ options: SchemaOptions, targets: Set<String>?, schemaBytes: [UInt8]? = nil,
                    forcing forced: String? = nil, printingWarnings: Bool = true) throws -> Compilation {
        let prepared = try prepare(options, targets: targets, schemaBytes: schemaBytes, forcing: forced)
        let result = Pipeline.emit(prepared.schema, diagnostics: prepared.diagnostics, fileName: options.schema,
                                   templates: prepared.templates, targets: targets)
        if printingWarnings || result.hasErrors { DiagnosticPrinter.print(result.diagnostics, format: options.diagnosticsFormat) }
        if result.hasErrors { throw ExitCode(1) }
        return Compilation(result: result, schema: prepared.schema, baseDirectory: prepared.baseDirectory, schemaName: options.schema,
                           silencedWarnings: prepared.silencedWarnings)
    }

    /// `, N warnings silenced` for a summary line, or nothing when none was.
    static func silencedNote(_ count: Int) -> String {
        count == 0 ? "" : ", \(count) warning\(count == 1 ? "" : "s") silenced"
    }

    /// Loads and validates the schema and reads the templates; renders nothing (see `Prepared.emit`).
    ///
    /// `confiningOutputs: false` skips the check that configured output paths stay inside the project, for a
    /// command that writes where its own arguments say (`generate --out DIR`, `--output-file`).
    static func prepare(_ options: SchemaOptions, targets: Set<String>?, schemaBytes: [UInt8]? = nil,
                        forcing forced: String? = nil, confiningOutputs: Bool = true) throws -> Prepared {
        guard let bytes = schemaBytes ?? FileManager.default.contents(atPath: options.schema).map({ [UInt8]($0) }) else {
            reportUnreadableSchema(options)
            throw ExitCode(2)
        }
        let base = (options.schema as NSString).deletingLastPathComponent
        let baseDirectory = base.isEmpty ? "." : base
        let read = Pipeline.read(bytes, fileName: options.schema)
        let diagnostics = read.diagnostics
        guard var schema = read.schema else {
            DiagnosticPrinter.print(diagnostics, format: options.diagnosticsFormat)
            throw ExitCode(1)
        }
        if let forced, Target(rawValue: forced) != nil, !schema.settings.outputs.contains(where: { $0.target == forced }) {
            schema.settings.outputs.append(OutputSetting(target: forced, path: forced, template: nil))
        }
        if let targets {
            let known = schema.settings.outputs.map(\.target)
            for target in targets.sorted() where !known.contains(target) {
                DiagnosticPrinter.print(diagnostics, format: options.diagnosticsFormat)
                let hint = Suggest.hint(for: target, in: known).map { " (\($0))" } ?? " (outputs: \(known.joined(separator: ", ")))"
                printErr("schemagen: error: --only names no configured output '\(target)'\(hint)")
                throw ExitCode(2)
            }
        }
        // Outputs are read (check's diff) and written through their paths: a symlink inside the project must not
        // lead out of it. The validator has refused `..` and absolute paths already.
        for output in schema.settings.outputs where confiningOutputs && targets?.contains(output.target) ?? true {
            guard !ProjectDirectory.contains(resolve(output.path, in: baseDirectory), in: baseDirectory) else { continue }
            DiagnosticPrinter.print(diagnostics, format: options.diagnosticsFormat)
            let place = output.location.map { "\(options.schema):\($0.line):\($0.column): " } ?? "schemagen: "
            printErr("\(place)error: output path '\(output.path)' of output '\(output.target)' is outside the project directory "
                     + "once symlinks are resolved; outputs must stay inside it")
            throw ExitCode(2)
        }
        let templates: TemplateSet
        do {
            templates = try loadTemplates(options, schema: schema, baseDirectory: baseDirectory, targets: targets)
        } catch {
            DiagnosticPrinter.print(diagnostics, format: options.diagnosticsFormat)
            throw error
        }
        return Prepared(schema: schema, diagnostics: diagnostics, templates: templates, targets: targets,
                        baseDirectory: baseDirectory, options: options, silencedWarnings: read.silencedWarnings)
    }

    /// Says why the schema file cannot be read (no such file, a directory, no permission) and what to do instead.
    static func reportUnreadableSchema(_ options: SchemaOptions) {
        let path = options.schema
        var isDirectory: ObjCBool = false
        let entry: DiagnosticEntry
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            entry = .schemaFileMissing(path, defaultName: path == "schema.yaml")
        } else if isDirectory.boolValue {
            entry = .schemaFileIsDirectory(path)
        } else {
            let descriptor = open(path, O_RDONLY)
            let reason = descriptor < 0 ? String(cString: strerror(errno)).lowercased() : "it could not be read"
            if descriptor >= 0 { close(descriptor) }
            entry = .schemaFileUnreadable(path, reason: reason)
        }
        switch options.diagnosticsFormat {
        case .human:
            // No line and column: the problem is the file, not a place in it.
            printErr("\(path): error: \(entry.message)" + (entry.hint.map { " (\($0))" } ?? ""))
        case .json, .sarif:
            DiagnosticPrinter.print([entry.at(path)], format: options.diagnosticsFormat)
        }
    }

    /// The templates the selected outputs need (see `TemplateSet.load`).
    static func loadTemplates(_ options: SchemaOptions, schema: Schema, baseDirectory: String, targets: Set<String>?) throws -> TemplateSet {
        do {
            return try TemplateSet.load(for: schema, baseDirectory: baseDirectory, templatesDirectory: options.templates, targets: targets)
        } catch let error as TemplateSet.LoadError {
            let place = error.output?.location.map { "\(options.schema):\($0.line):\($0.column): " } ?? "schemagen: "
            printErr("\(place)error: \(error)")
            throw ExitCode(2)
        } catch {
            printErr("schemagen: error: cannot read the templates: \(error)")
            throw ExitCode(2)
        }
    }

    /// A path from the schema file, relative to the schema file's directory unless absolute.
    static func resolve(_ path: String, in baseDirectory: String) -> String {
        TemplateSet.resolve(path, in: baseDirectory)
    }
}

func printErr(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

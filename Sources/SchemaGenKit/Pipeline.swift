/// load → validate → emit, without file I/O: bytes in, diagnostics and output files out.
public enum Pipeline {
    /// What one compilation produced.
    public struct Result: Sendable {
        /// Every diagnostic, errors and warnings, in file order.
        public var diagnostics: [Diagnostic]
        /// The generated files; empty when there are errors.
        public var outputs: [OutputFile]
        /// The validated schema, when there are no errors.
        public var schema: Schema?

        public init(diagnostics: [Diagnostic], outputs: [OutputFile], schema: Schema?) {
            self.diagnostics = diagnostics
            self.outputs = outputs
            self.schema = schema
        }

        /// Whether any diagnostic is an error.
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// A schema file read and validated.
    public struct Loaded: Sendable {
        /// The validated schema, when there are no errors.
        public var schema: Schema?
        /// Every diagnostic shown, in file order.
        public var diagnostics: [Diagnostic]
        /// How many warnings the schema's `silence:` lists kept out of `diagnostics`.
        public var silencedWarnings: Int
    }

    /// Reads and validates a schema file's bytes.
    public static func load(_ bytes: [UInt8], fileName: String) -> (Schema?, [Diagnostic]) {
        let loaded = read(bytes, fileName: fileName)
        return (loaded.schema, loaded.diagnostics)
    }

    /// Reads and validates a schema file's bytes, counting the warnings it silences.
    public static func read(_ bytes: [UInt8], fileName: String) -> Loaded {
        let (schema, diagnostics, silenced) = validate(bytes, fileName: fileName)
        return Loaded(schema: schema, diagnostics: diagnostics, silencedWarnings: silenced)
    }

    static func validate(_ bytes: [UInt8], fileName: String) -> (Schema?, [Diagnostic], Int) {
        var sink = DiagnosticSink(file: fileName)
        let document: YAMLParser.Document
        switch YAMLParser.parse(bytes) {
        case .success(let parsed): document = parsed
        case .failure(.notUTF8(let location)):
            sink.report(.notUTF8(), at: location, path: "")
            return (nil, sink.sorted, 0)
        case .failure(.empty):
            sink.report(.emptyDocument(), at: SourceLocation(line: 1, column: 1), path: "")
            return (nil, sink.sorted, 0)
        case .failure(.syntax(let message, let location)):
            var entry = DiagnosticEntry.yamlSyntax(message)
            let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            if location.line <= lines.count, String(decoding: lines[location.line - 1], as: UTF8.self).contains("[]") {
                entry.hint = "inside { ... } a type like text[] must be quoted: \"text[]\""
            }
            sink.report(entry, at: location, path: "")
            return (nil, sink.sorted, 0)
        case .failure(.tooLarge(let location)):
            sink.report(.documentTooLarge(max(YAMLParser.minimumNodeBudget, bytes.count)), at: location, path: "")
            return (nil, sink.sorted, 0)
        case .failure(.tooDeep(let location)):
            sink.report(.nestingTooDeep(YAMLParser.maximumDepth), at: location, path: "")
            return (nil, sink.sorted, 0)
        }
        var validator = Validator(file: fileName)
        for duplicate in document.duplicateKeys {
            validator.reader.report(.duplicateKey(duplicate.key, first: duplicate.first), at: duplicate.location, duplicate.path)
        }
        let baseName = fileName.split(separator: "/").last.map(String.init) ?? fileName
        // The hash is computed only for a valid schema: hashing a huge invalid file would only delay its error.
        var (schema, diagnostics) = validator.validate(document.root, sourceHash: "", sourceName: baseName)
        schema?.sourceHash = SHA256.hex(bytes)
        return (schema, diagnostics, validator.silencedCount)
    }

    /// Compiles a schema file's bytes into every configured output (or only `targets`, when given).
    public static func run(_ bytes: [UInt8], fileName: String, templates: TemplateSet, targets: Set<String>? = nil) -> Result {
        let (schema, diagnostics) = load(bytes, fileName: fileName)
        guard let schema else { return Result(diagnostics: diagnostics, outputs: [], schema: nil) }
        return emit(schema, diagnostics: diagnostics, fileName: fileName, templates: templates, targets: targets)
    }

    /// Renders a loaded schema's configured outputs (or only `targets`); `diagnostics` are those of loading it.
    ///
    /// A built-in target without an emitter yet is skipped; a custom target renders its template with a `TemplateContext`.
    public static func emit(_ schema: Schema, diagnostics: [Diagnostic] = [], fileName: String, templates: TemplateSet,
                            targets: Set<String>? = nil) -> Result {
        var outputs: [OutputFile] = []
        let all = emit(schema, diagnostics: diagnostics, fileName: fileName, templates: templates, targets: targets) {
            outputs.append($0)
        }
        let hasErrors = all.contains { $0.severity == .error }
        return Result(diagnostics: all, outputs: hasErrors ? [] : outputs, schema: schema)
    }

    /// Renders the outputs one at a time, in the order of `settings.outputs`, and hands each to `body` as soon as it
    /// is made, so a caller that writes or compares an output and lets it go holds one at a time: peak memory grows
    /// with the largest output, not with their sum. (Rendering them in parallel was measured: on two cores it saved
    /// no time and held several outputs at once.) Returns every diagnostic; when one is an error, the outputs `body`
    /// received must not be used (a later output failed).
    public static func emit(_ schema: Schema, diagnostics: [Diagnostic] = [], fileName: String, templates: TemplateSet,
                            targets: Set<String>? = nil, each body: (OutputFile) throws -> Void) rethrows -> [Diagnostic] {
        var all = diagnostics
        for output in schema.settings.outputs where targets?.contains(output.target) ?? true {
            if output.template == nil, let target = Target(rawValue: output.target), renderers[target] == nil { continue }
            let contents: String
            do {
                contents = try render(output, schema: schema, templates: templates)
            } catch {
                all += templateDiagnostics(error, output: output, fileName: fileName, templates: templates)
                continue
            }
            try body(OutputFile(target: output.target, path: output.path, contents: contents))
        }
        return all
    }

    /// A rendering failure as a diagnostic: at the template's line and column when it is the user's file,
    /// else at the output's entry in the schema.
    static func templateDiagnostics(_ error: Error, output: OutputSetting, fileName: String, templates: TemplateSet) -> [Diagnostic] {
        guard case TemplateError.unknownFields(let name, let fields, let known) = error else {
            return [templateDiagnostic(error, output: output, fileName: fileName)]
        }
        return fields.map { field in
            let entry = DiagnosticEntry.templateUnknownField(field, template: name, hint: Suggest.hint(for: field, in: known))
            if let place = templates.locate(tagContaining: field, startingAt: name) {
                return Diagnostic(severity: entry.severity, code: entry.code, message: entry.message, file: place.file,
                                  location: SourceLocation(line: place.line, column: place.column), path: "", hint: entry.hint)
            }
            return Diagnostic(severity: entry.severity, code: entry.code, message: entry.message, file: fileName,
                              location: output.location ?? SourceLocation(line: 1, column: 1),
                              path: "settings.outputs.\(output.target)", hint: entry.hint)
        }
    }

    static func templateDiagnostic(_ error: Error, output: OutputSetting, fileName: String) -> Diagnostic {
        let path = "settings.outputs.\(output.target)"
        let atOutput = output.location ?? SourceLocation(line: 1, column: 1)
        let entry: DiagnosticEntry
        switch error {
        case TemplateError.syntax(let name, let file?, let line, let column, let problem):
            entry = .templateSyntax(name: name, problem: problem)
            return Diagnostic(severity: entry.severity, code: entry.code, message: entry.message, file: file,
                              location: SourceLocation(line: line, column: column), path: "", hint: entry.hint)
        case TemplateError.syntax(let name, nil, _, _, let problem):
            entry = .templateSyntax(name: name, problem: problem)
        case TemplateError.missing(let name):
            entry = .templateMissing(name: name, target: output.target)
        default:
            entry = .templateSyntax(name: output.target, problem: "\(error)")
        }
        return Diagnostic(severity: entry.severity, code: entry.code, message: entry.message, file: fileName,
                          location: atOutput, path: path, hint: entry.hint)
    }

    /// The built-in emitters, each rendering its context through its template.
    static let renderers: [Target: @Sendable (Schema, TemplateSet) throws -> [UInt8]] = [
        .sql: { try $1.renderBytes(Target.sql.templateName, value: SQLEmitter(templatesHash: $1.fingerprint(of: Target.sql.templateName)).context(for: $0).mustacheValue) },
        .rls: { try $1.renderBytes(Target.rls.templateName, value: RLSEmitter(templatesHash: $1.fingerprint(of: Target.rls.templateName)).context(for: $0).mustacheValue) },
        .drizzle: { try $1.renderBytes(Target.drizzle.templateName, value: DrizzleEmitter(templatesHash: $1.fingerprint(of: Target.drizzle.templateName)).context(for: $0).mustacheValue) },
        .swift: { try $1.renderBytes(Target.swift.templateName, value: SwiftEmitter(templatesHash: $1.fingerprint(of: Target.swift.templateName)).context(for: $0).mustacheValue) },
        .sqlalchemy: { try $1.renderBytes(Target.sqlalchemy.templateName, value: SQLAlchemyEmitter(templatesHash: $1.fingerprint(of: Target.sqlalchemy.templateName)).context(for: $0).mustacheValue) },
        .pydantic: { try $1.renderBytes(Target.pydantic.templateName, value: MustacheValue.encode(PydanticEmitter(templatesHash: $1.fingerprint(of: Target.pydantic.templateName)).context(for: $0))) },
        .zod: { try $1.renderBytes(Target.zod.templateName, value: MustacheValue.encode(ZodEmitter(templatesHash: $1.fingerprint(of: Target.zod.templateName)).context(for: $0))) },
        .supabase: { try $1.renderBytes(Target.supabase.templateName, value: SupabaseEmitter(templatesHash: $1.fingerprint(of: Target.supabase.templateName)).context(for: $0).mustacheValue) },
    ]

    static func render(_ output: OutputSetting, schema: Schema, templates: TemplateSet) throws -> String {
        // A mapping with its own template under a built-in's name is a custom output that takes that name's place.
        guard output.template == nil, let target = Target(rawValue: output.target) else {
            let recorder = Mustache.LookupRecorder()
            let context = TemplateContext(schema: schema, output: output, templatesHash: templates.fingerprint(of: output.target))
            var bytes = try templates.renderBytes(output.target, context, absentFields: .absent, recorder: recorder)
            let unknown = recorder.unknownNames
            guard unknown.isEmpty else {
                throw TemplateError.unknownFields(name: output.target, fields: unknown, known: recorder.knownNames)
            }
            normalize(&bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        guard let renderer = renderers[target] else { throw TemplateError.missing(output.target) }
        var bytes = try renderer(schema, templates)
        normalize(&bytes)
        return VerbatimSQL.restore(String(decoding: bytes, as: UTF8.self), schema: schema)
    }

    /// One trailing newline, no trailing spaces: stable bytes whatever the template's whitespace.
    static func normalize(_ text: String) -> String {
        var bytes = Array(text.utf8)
        normalize(&bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `normalize` in place, in one pass over the UTF-8 bytes: the text only shrinks, so each byte is moved at most
    /// once. Lines end at LF only, as when splitting on the Character "\n": a CR LF pair is one Character, so spaces
    /// before it stay and its LF is not an empty last line.
    static func normalize(_ bytes: inout [UInt8]) {
        let count = bytes.withUnsafeMutableBufferPointer { buffer -> Int in
            var write = 0
            var spaces = 0
            var previous: UInt8 = 0
            // The LF of a CR LF pair in the text: it ends no line, so it is never dropped as an empty last line.
            var pairedLF = -1
            for read in 0..<buffer.count {
                let byte = buffer[read]
                switch byte {
                case 0x20:
                    spaces += 1
                case 0x0A:
                    if previous == 0x0D { pairedLF = write }
                    spaces = 0
                    buffer[write] = 0x0A
                    write += 1
                default:
                    // Spaces before other bytes stay: they were not written yet, and write + spaces <= read.
                    while spaces > 0 {
                        buffer[write] = 0x20
                        write += 1
                        spaces -= 1
                    }
                    buffer[write] = byte
                    write += 1
                }
                previous = byte
            }
            while write > 0, buffer[write - 1] == 0x0A, write - 1 != pairedLF { write -= 1 }
            return write
        }
        bytes.removeSubrange(count...)
        bytes.append(0x0A)
    }
}

import Foundation

/// The templates outputs are rendered with: the built-in ones from `Templates/`, overridden by file name.
///
/// Every template of the set can include any other as a Mustache partial (`{{> name}}`).
public struct TemplateSet: Sendable {
    private var sources: [String: String]
    /// Where templates that came from the user's files were read from, for diagnostics.
    private var files: [String: String] = [:]
    /// Parsed templates, shared by copies of the set until one of them changes a template.
    private var parsed = ParseCache()

    /// Template text by name (`sql` for `sql.mustache`).
    public init(sources: [String: String]) {
        self.sources = sources
    }

    /// The templates built into schemagen: every file of `Templates/`, compiled in by the EmbedTemplates plugin.
    ///
    /// All of them, not only the targets' own: they include shared parts as partials.
    public static func builtin() -> TemplateSet {
        TemplateSet(sources: embeddedSources)
    }

    /// Replaces or adds templates by name.
    public mutating func override(with other: [String: String]) {
        for (name, text) in other {
            sources[name] = text
            files[name] = nil
        }
        parsed = ParseCache()
    }

    /// Replaces or adds one template read from a file; errors in it are reported at that file.
    public mutating func override(_ name: String, with text: String, file: String) {
        sources[name] = text
        files[name] = file
        parsed = ParseCache()
    }

    /// The text of a template.
    public func source(named name: String) -> String? { sources[name] }

    /// SHA-256 of the templates rendering `name` may use: its own text and, followed transitively, every partial it
    /// names. A template that changes the tag delimiters or names partials dynamically may use any: then all count.
    ///
    /// Generated headers record it, so `check` can say a file differs because a template changed (a built-in one
    /// with an upgrade of schemagen, or the user's own).
    public func fingerprint(of name: String) -> String {
        var used: Set<String> = []
        var pending = [name]
        while let next = pending.popLast() {
            guard !used.contains(next), let text = sources[next] else { continue }
            used.insert(next)
            guard let partials = Self.partialNames(in: text) else {
                used = Set(sources.keys)
                break
            }
            pending += partials
        }
        var bytes: [UInt8] = []
        for key in used.sorted() {
            // Lengths first, so no two different sets of templates give the same bytes.
            let text = sources[key] ?? ""
            bytes += Array("\(key.utf8.count):\(key)\(text.utf8.count):".utf8) + Array(text.utf8)
        }
        return SHA256.hex(bytes)
    }

    /// The names of the partials and parents a template includes, or nil when they cannot be known from the text.
    ///
    /// Works on UTF-8 bytes (it runs over every template for every output's header).
    static func partialNames(in text: String) -> [String]? {
        let bytes = Array(text.utf8)
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
        var names: [String] = []
        var index = 0
        while let start = find(open, open, in: bytes, from: index) {
            index = start + 2
            guard index < bytes.count else { break }
            let kind = bytes[index]
            if kind == UInt8(ascii: "=") { return nil }
            guard kind == UInt8(ascii: ">") || kind == UInt8(ascii: "<") else { continue }
            guard let end = find(close, close, in: bytes, from: index + 1) else { break }
            let name = String(decoding: bytes[(index + 1)..<end], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("*") { return nil }
            names.append(name)
            index = end + 2
        }
        return names
    }

    /// Where the two bytes `first second` next occur at or after `start`.
    private static func find(_ first: UInt8, _ second: UInt8, in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == first, bytes[index + 1] == second { return index }
            index += 1
        }
        return nil
    }

    /// Whether a text has a `{{` (a template without one has no tags).
    static func hasTags(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "{"), previous == byte { return true }
            previous = byte
        }
        return false
    }

    /// The file a template was read from, when it is not a built-in one.
    public func file(named name: String) -> String? { files[name] }

    /// Where a name first appears inside a tag of a template or of a template it may include: file, line, column.
    package func locate(tagContaining word: String, startingAt name: String) -> (file: String, line: Int, column: Int)? {
        for candidate in [name] + sources.keys.sorted().filter({ $0 != name }) {
            guard let file = files[candidate], let text = sources[candidate] else { continue }
            var line = 1, column = 1
            var index = text.startIndex
            while index < text.endIndex {
                if text[index...].hasPrefix("{{"), let close = text[index...].range(of: "}}") {
                    let tag = text[index..<close.lowerBound]
                    if let found = tag.range(of: word), Self.isWordBoundary(tag, found) {
                        let offset = tag.distance(from: tag.startIndex, to: found.lowerBound)
                        return (file, line, column + offset)
                    }
                }
                if text[index] == "\n" { line += 1; column = 1 } else { column += 1 }
                index = text.index(after: index)
            }
        }
        return nil
    }

    private static func isWordBoundary(_ tag: Substring, _ range: Range<Substring.Index>) -> Bool {
        let isName: (Character) -> Bool = { $0.isLetter || $0.isNumber || $0 == "_" }
        let before = range.lowerBound > tag.startIndex ? tag[tag.index(before: range.lowerBound)] : " "
        let after = range.upperBound < tag.endIndex ? tag[range.upperBound] : " "
        return !isName(before) && !isName(after)
    }

    /// Renders a template with a context.
    ///
    /// `absentFields` says what an optional field without a value does: the built-in contexts let the lookup climb
    /// to enclosing objects, the documented `TemplateContext` ends it there. A `recorder` collects the names looked up.
    package func render<Context: Encodable>(_ name: String, _ context: Context,
                                            absentFields: MustacheValue.AbsentFields = .omitted,
                                            recorder: Mustache.LookupRecorder? = nil) throws -> String {
        String(decoding: try renderBytes(name, context, absentFields: absentFields, recorder: recorder), as: UTF8.self)
    }

    /// Renders a template with a context into UTF-8 bytes (see `render`).
    package func renderBytes<Context: Encodable>(_ name: String, _ context: Context,
                                                 absentFields: MustacheValue.AbsentFields = .omitted,
                                                 recorder: Mustache.LookupRecorder? = nil) throws -> [UInt8] {
        try renderBytes(name, value: try MustacheValue.encode(context, absentFields: absentFields), recorder: recorder)
    }

    /// Renders a template with a context's value into UTF-8 bytes.
    package func renderBytes(_ name: String, value: @autoclosure () throws -> MustacheValue,
                             recorder: Mustache.LookupRecorder? = nil) throws -> [UInt8] {
        // Text without tags renders as itself.
        if let text = sources[name], !Self.hasTags(text) { return Array(text.utf8) }
        let template = try parse(name)
        // Partials are resolved before rendering, so an error in one is reported even where it is not rendered.
        var pending = Mustache.partialNames(in: template)
        var seen: Set<String> = [name]
        while let next = pending.popLast() {
            guard seen.insert(next).inserted, sources[next] != nil else { continue }
            pending += Mustache.partialNames(in: try parse(next))
        }
        return try Mustache.renderBytes(template, try value(), partials: { partial in
            self.sources[partial] == nil ? nil : try self.parse(partial)
        }, recorder: recorder)
    }

    /// A template, parsed once per set. Every template starts with the content-type pragma, on its first line so
    /// that line numbers stay the user's; a template without tags is not parsed at all.
    private func parse(_ name: String) throws -> Mustache.Template {
        if let cached = parsed.template(name) { return try cached.get() }
        let result = Result<Mustache.Template, Error> { try parseUncached(name) }
        parsed.store(result, for: name)
        return try result.get()
    }

    private func parseUncached(_ name: String) throws -> Mustache.Template {
        guard let text = sources[name] else { throw TemplateError.missing(name) }
        let pragma = "{{% CONTENT_TYPE: TEXT}}"
        if !Self.hasTags(text) {
            // What parsing `pragma + text` gives: the pragma alone on a blank first line takes that line with it.
            return Mustache.text(Self.droppingBlankFirstLine(text))
        }
        do {
            return try Mustache.parse(pragma + text)
        } catch {
            let line = error.line
            let column = max(1, line == 1 ? error.column - pragma.count : error.column)
            throw TemplateError.syntax(name: name, file: files[name], line: line, column: column,
                                       problem: error.problem.description)
        }
    }

    /// The text without its first line when that line holds only spaces and tabs.
    static func droppingBlankFirstLine(_ text: String) -> String {
        let utf8 = text.utf8
        var index = utf8.startIndex
        while index < utf8.endIndex, utf8[index] == UInt8(ascii: " ") || utf8[index] == UInt8(ascii: "\t") {
            index = utf8.index(after: index)
        }
        guard index < utf8.endIndex, let first = text[index...].first, first.isNewline else { return text }
        return String(text[text.index(after: index)...])
    }
}

/// Parsed templates by name; one per `TemplateSet` value, replaced when a template changes.
private final class ParseCache: @unchecked Sendable {
    private let lock = NSLock()
    private var templates: [String: Result<Mustache.Template, Error>] = [:]

    func template(_ name: String) -> Result<Mustache.Template, Error>? {
        lock.lock()
        defer { lock.unlock() }
        return templates[name]
    }

    func store(_ result: Result<Mustache.Template, Error>, for name: String) {
        lock.lock()
        defer { lock.unlock() }
        templates[name] = result
    }
}

/// A template that cannot be found or parsed.
public enum TemplateError: Error, CustomStringConvertible, Sendable {
    /// No template of that name.
    case missing(String)
    /// The template's text is not valid Mustache; `file` is where it was read from, if not built in.
    case syntax(name: String, file: String?, line: Int, column: Int, problem: String)
    /// The template asks for fields the context does not have (typos would otherwise render as nothing).
    case unknownFields(name: String, fields: [String], known: [String])

    public var description: String {
        switch self {
        case .missing(let name): return "template '\(name).mustache' not found"
        case .syntax(let name, _, _, _, let problem): return "template '\(name).mustache' cannot be parsed: \(problem)"
        case .unknownFields(let name, let fields, _):
            return "template '\(name).mustache' uses fields the context does not have: \(fields.joined(separator: ", "))"
        }
    }
}

extension TemplateSet {
    /// A template file that cannot be read.
    public struct LoadError: Error, CustomStringConvertible, Sendable {
        /// The path that could not be read.
        public var path: String
        /// The output whose template it is, if any.
        public var output: OutputSetting?
        /// Whether the file exists but lies outside the project directory once symlinks are resolved.
        public var outsideProject = false

        public var description: String {
            if outsideProject {
                let what = output.flatMap { output in output.template.map { "template '\($0)' of output '\(output.target)'" } }
                    ?? "template \(path)"
                return "\(what) is outside the project directory once symlinks are resolved; templates must stay inside it"
            }
            guard let output, let template = output.template else { return "cannot read template directory or file \(path)" }
            return "cannot read template '\(template)' of output '\(output.target)' (looked at \(path))"
        }
    }

    /// The built-in templates, overridden by the templates directory (`--templates` or `settings.templates`), plus the
    /// template of each selected custom output; `.mustache` files beside a custom template are available as partials.
    ///
    /// Relative paths from the schema are resolved against `baseDirectory`, the schema file's directory. Every file
    /// the schema names (its templates directory, custom templates and the partials beside them) must lie inside
    /// that directory once symlinks are resolved; a `templatesDirectory` given on the command line is the user's own
    /// choice and is not confined.
    public static func load(for schema: Schema, baseDirectory: String, templatesDirectory: String? = nil,
                            targets: Set<String>? = nil) throws -> TemplateSet {
        var templates = builtin()
        let base = baseDirectory.isEmpty ? "." : baseDirectory
        let directory = templatesDirectory ?? schema.settings.templatesDirectory.map { resolve($0, in: baseDirectory) }
        if let directory {
            let confined = templatesDirectory == nil ? base : nil
            for (name, path) in try mustacheFiles(in: directory) {
                templates.override(name, with: try read(path, output: nil, inside: confined), file: path)
            }
        }
        var partialDirectories: [String] = []
        for output in schema.settings.outputs where output.template != nil && targets?.contains(output.target) ?? true {
            let path = resolve(output.template ?? "", in: baseDirectory)
            templates.override(output.target, with: try read(path, output: output, inside: base), file: path)
            let sibling = (path as NSString).deletingLastPathComponent
            if !partialDirectories.contains(sibling) { partialDirectories.append(sibling) }
        }
        for directory in partialDirectories {
            for (name, path) in (try? mustacheFiles(in: directory.isEmpty ? "." : directory)) ?? [] where templates.source(named: name) == nil {
                templates.override(name, with: try read(path, output: nil, inside: base), file: path)
            }
        }
        return templates
    }

    /// A path from the schema, relative to the schema file's directory unless absolute.
    public static func resolve(_ path: String, in baseDirectory: String) -> String {
        (path as NSString).isAbsolutePath || baseDirectory == "." || baseDirectory.isEmpty
            ? path : (baseDirectory as NSString).appendingPathComponent(path)
    }

    private static func mustacheFiles(in directory: String) throws -> [(String, String)] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw LoadError(path: directory, output: nil)
        }
        return names.sorted().filter { $0.hasSuffix(".mustache") }.map {
            (String($0.dropLast(".mustache".count)), (directory as NSString).appendingPathComponent($0))
        }
    }

    private static func read(_ path: String, output: OutputSetting?, inside base: String?) throws -> String {
        if let base, !ProjectDirectory.contains(path, in: base) {
            throw LoadError(path: path, output: output, outsideProject: true)
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw LoadError(path: path, output: output) }
        return String(decoding: data, as: UTF8.self)
    }
}

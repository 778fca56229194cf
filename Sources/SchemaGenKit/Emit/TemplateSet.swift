import Foundation
import Mustache

/// The templates outputs are rendered with: the built-in ones from `Templates/`, overridden by file name.
///
/// Every template of the set can include any other as a Mustache partial (`{{> name}}`).
public struct TemplateSet: Sendable {
    private var sources: [String: String]
    /// Where templates that came from the user's files were read from, for diagnostics.
    private var files: [String: String] = [:]

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
    }

    /// Replaces or adds one template read from a file; errors in it are reported at that file.
    public mutating func override(_ name: String, with text: String, file: String) {
        sources[name] = text
        files[name] = file
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
    private static func partialNames(in text: String) -> [String]? {
        if text.contains("{{=") { return nil }
        var names: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            guard let kind = rest.first, kind == ">" || kind == "<" else { continue }
            guard let close = rest.range(of: "}}") else { break }
            let name = rest[rest.index(after: rest.startIndex)..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("*") { return nil }
            names.append(name)
            rest = rest[close.upperBound...]
        }
        return names
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
    package func render(_ name: String, _ context: Any) throws -> String {
        // The parser's cost grows faster than the text; text without tags renders as itself.
        if let text = sources[name], !text.contains("{{") { return text }
        let template = try parse(name)
        let context = RenderContext.prepare(context)
        guard let text = sources[name], Self.mayUsePartials(text) else { return template.render(context) }
        var library = MustacheLibrary()
        for other in sources.keys.sorted() {
            library.register(other == name ? template : try parse(other), named: other)
        }
        return library.render(context, withTemplate: name) ?? ""
    }

    /// Whether a template may include partials; only then are the other templates parsed.
    private static func mayUsePartials(_ text: String) -> Bool {
        text.contains("{{>") || text.contains("{{=") || text.contains("{{<")
    }

    private func parse(_ name: String) throws -> MustacheTemplate {
        guard let text = sources[name] else { throw TemplateError.missing(name) }
        // The content-type pragma shares the template's first line, so line numbers stay the user's.
        let pragma = "{{% CONTENT_TYPE: TEXT}}"
        do {
            return try MustacheTemplate(string: pragma + text)
        } catch let error as MustacheTemplate.ParserError {
            let line = error.context.lineNumber
            let column = max(1, line == 1 ? error.context.columnNumber - pragma.count : error.context.columnNumber)
            throw TemplateError.syntax(name: name, file: files[name], line: line, column: column,
                                       problem: Self.describe(error.error))
        } catch {
            throw TemplateError.syntax(name: name, file: files[name], line: 1, column: 1, problem: "\(error)")
        }
    }

    private static func describe(_ error: Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with a name that does not match its opening tag"
        case .unfinishedName: return "a tag is not closed, or its name is malformed"
        case .expectedSectionEnd: return "a section is never closed"
        case .invalidSetDelimiter: return "invalid set-delimiter tag"
        case .transformAppliedToInheritanceSection: return "a transform cannot be applied to a parent section"
        case .illegalTokenInsideInheritSection: return "only blocks may appear inside a parent section"
        case .textInsideInheritSection: return "only blocks may appear inside a parent section"
        case .invalidConfigVariableSyntax: return "invalid pragma"
        case .unrecognisedConfigVariable: return "unknown pragma"
        @unknown default: return "\(error)"
        }
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

        public var description: String {
            guard let output, let template = output.template else { return "cannot read template directory or file \(path)" }
            return "cannot read template '\(template)' of output '\(output.target)' (looked at \(path))"
        }
    }

    /// The built-in templates, overridden by the templates directory (`--templates` or `settings.templates`), plus the
    /// template of each selected custom output; `.mustache` files beside a custom template are available as partials.
    ///
    /// Relative paths from the schema are resolved against `baseDirectory`, the schema file's directory.
    public static func load(for schema: Schema, baseDirectory: String, templatesDirectory: String? = nil,
                            targets: Set<String>? = nil) throws -> TemplateSet {
        var templates = builtin()
        let directory = templatesDirectory ?? schema.settings.templatesDirectory.map { resolve($0, in: baseDirectory) }
        if let directory {
            for (name, path) in try mustacheFiles(in: directory) {
                templates.override(name, with: try read(path, output: nil), file: path)
            }
        }
        var partialDirectories: [String] = []
        for output in schema.settings.outputs where output.template != nil && targets?.contains(output.target) ?? true {
            let path = resolve(output.template ?? "", in: baseDirectory)
            templates.override(output.target, with: try read(path, output: output), file: path)
            let sibling = (path as NSString).deletingLastPathComponent
            if !partialDirectories.contains(sibling) { partialDirectories.append(sibling) }
        }
        for directory in partialDirectories {
            for (name, path) in (try? mustacheFiles(in: directory.isEmpty ? "." : directory)) ?? [] where templates.source(named: name) == nil {
                templates.override(name, with: try read(path, output: nil), file: path)
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

    private static func read(_ path: String, output: OutputSetting?) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw LoadError(path: path, output: output) }
        return String(decoding: data, as: UTF8.self)
    }
}

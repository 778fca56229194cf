import Foundation
import Mustache

/// The templates outputs are rendered with: the built-in ones from `Templates/`, overridden by file name.
public struct TemplateSet: Sendable {
    private var sources: [String: String]

    /// Template text by name (`sql` for `sql.mustache`).
    public init(sources: [String: String]) {
        self.sources = sources
    }

    /// The templates bundled with schemagen.
    public static func builtin() throws -> TemplateSet {
        var sources: [String: String] = [:]
        for target in Target.allCases {
            guard let url = Bundle.module.url(forResource: target.templateName, withExtension: "mustache", subdirectory: "Templates") else {
                continue
            }
            sources[target.templateName] = try String(contentsOf: url, encoding: .utf8)
        }
        return TemplateSet(sources: sources)
    }

    /// Replaces or adds templates by name.
    public mutating func override(with other: [String: String]) {
        for (name, text) in other { sources[name] = text }
    }

    /// The text of a template.
    public func source(named name: String) -> String? { sources[name] }

    /// Renders a template with a context.
    package func render(_ name: String, _ context: Any) throws -> String {
        guard let text = sources[name] else { throw TemplateError.missing(name) }
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text)
        } catch {
            throw TemplateError.invalid(name, "\(error)")
        }
        return template.render(context)
    }
}

/// A template that cannot be found or parsed.
public enum TemplateError: Error, CustomStringConvertible, Sendable {
    case missing(String)
    case invalid(String, String)

    public var description: String {
        switch self {
        case .missing(let name): return "template '\(name).mustache' not found"
        case .invalid(let name, let why): return "template '\(name).mustache' cannot be parsed: \(why)"
        }
    }
}

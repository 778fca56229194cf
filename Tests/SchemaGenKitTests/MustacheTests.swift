import Foundation
import Mustache
import Testing
@testable import SchemaGenKit

/// The template engine: the Mustache specification's behaviour, and the same output as swift-mustache (the library
/// the templates were first rendered with) for every template, so users' templates render byte for byte as before.
struct MustacheTests {
    // An object prints as nothing in both engines (swift-mustache would print the struct's debug description).
    struct Leaf: Encodable, CustomStringConvertible {
        var name: String; var note: String?; var flag: Bool; var count: Int
        var description: String { "" }
    }
    struct Group: Encodable, CustomStringConvertible {
        var name: String; var note: String?; var items: [Leaf]; var tags: [String]; var empty: [Leaf]; var child: Leaf?
        var description: String { "" }
    }
    struct Root: Encodable, CustomStringConvertible {
        var title: String; var note: String?; var groups: [Group]; var hasGroups: Bool; var html: String
        var description: String { "" }
    }

    static let root = Root(title: "T", note: "root note", groups: [
        Group(name: "g1", note: nil, items: [Leaf(name: "a", note: nil, flag: true, count: 1),
                                             Leaf(name: "b", note: "nb", flag: false, count: 2)],
              tags: ["z", "a"], empty: [], child: Leaf(name: "c", note: nil, flag: false, count: 0)),
        Group(name: "g2", note: "n2", items: [], tags: [], empty: [], child: nil),
    ], hasGroups: true, html: "<a href=\"x\">&'</a>")

    /// Renders with this engine, as the outputs are rendered (text content type, partials from the set).
    static func ours(_ template: String, _ context: some Encodable, partials: [String: String] = [:]) throws -> String {
        var sources = partials
        sources["main"] = template
        return try TemplateSet(sources: sources).render("main", context)
    }

    /// Renders with swift-mustache over the same struct (its Mirror lookups), as the outputs were rendered.
    static func theirs(_ template: String, _ context: Any, partials: [String: String] = [:]) throws -> String {
        if !template.contains("{{") { return template }
        let pragma = "{{% CONTENT_TYPE: TEXT}}"
        var library = MustacheLibrary()
        for (name, text) in partials { library.register(try MustacheTemplate(string: pragma + text), named: name) }
        library.register(try MustacheTemplate(string: pragma + template), named: "main")
        return library.render(context, withTemplate: "main") ?? ""
    }

    // MARK: The specification

    @Test(arguments: [
        // Interpolation, escaping, dotted names, the implicit iterator.
        ("Hello {{title}}!", "Hello T!"),
        ("{{html}}|{{{html}}}|{{&html}}", "<a href=\"x\">&'</a>|<a href=\"x\">&'</a>|<a href=\"x\">&'</a>"),
        ("{{#groups}}{{#child}}{{name}}{{/child}}{{/groups}}", "c"),
        ("{{groups.missing}}|{{nothing.at.all}}|{{title.length}}", "||"),
        ("{{#groups}}{{#tags}}<{{.}}>{{/tags}}{{/groups}}", "<z><a>"),
        // Sections and inverted sections: lists, booleans, absent optionals, empty lists.
        ("{{#hasGroups}}yes{{/hasGroups}}{{^hasGroups}}no{{/hasGroups}}", "yes"),
        ("{{#groups}}{{name}}{{^items}} empty{{/items}};{{/groups}}", "g1;g2 empty;"),
        ("{{#groups}}{{#note}}[{{note}}]{{/note}}{{^note}}-{{/note}}{{/groups}}", "[root note][n2]"),
        // Context climbing: an inner name hides an outer one; a missing one climbs.
        ("{{#groups}}{{#items}}{{name}}/{{title}} {{/items}}{{/groups}}", "a/T b/T "),
        // Standalone lines disappear, with their indentation and line end.
        ("a\n  {{#hasGroups}}\nb\n  {{/hasGroups}}\nc\n", "a\nb\nc\n"),
        ("a\n  {{! a comment }}\nb\n", "a\nb\n"),
        ("  {{#hasGroups}}x{{/hasGroups}}  \n", "  x  \n"),
        ("a\r\n{{#hasGroups}}\r\nb\r\n{{/hasGroups}}\r\n", "a\r\nb\r\n"),
        // Set delimiters.
        ("{{=<% %>=}}<% title %>{{title}}<%={{ }}=%>{{title}}", "T{{title}}T"),
        // Transforms (swift-mustache's): positions in a list, strings, lists, numbers.
        ("{{#groups}}{{name}}{{^last()}}, {{/last()}}{{/groups}}", "g1, g2"),
        ("{{#groups}}{{index()}}{{#first()}}*{{/first()}}{{/groups}}", "0*1"),
        ("{{uppercased(title)}}{{#groups}}{{count(items)}}{{#sorted(tags)}}{{.}}{{/sorted(tags)}}{{/groups}}", "T2az0"),
        ("{{#groups}}{{#items}}{{plusone(count)}}{{/items}}{{/groups}}|{{reversed(html)}}", "23|>a/<'&>\"x\"=ferh a<"),
    ])
    func specificationBehaviour(template: String, expected: String) throws {
        #expect(try Self.ours(template, Self.root) == expected)
        #expect(try Self.theirs(template, Self.root) == expected)
    }

    @Test func htmlIsEscapedWithoutTheTextPragma() throws {
        let template = try SchemaGenKit.Mustache.parse("{{html}}|{{{html}}}")
        let value = try MustacheValue.encode(Self.root)
        let text = try SchemaGenKit.Mustache.render(template, value, partials: { _ in nil })
        #expect(text == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;|<a href=\"x\">&'</a>")
    }

    @Test func standalonePartialsAreIndented() throws {
        let partials = ["item": "- {{name}}\n  more\n", "inline": "[{{name}}]"]
        // A tag on the first line never stands alone: the content-type pragma shares that line.
        let template = "list:\n{{#groups}}\n  {{>item}}\n{{/groups}}\nx {{>inline}} y\n"
        let expected = "list:\n  - g1\n    more\n  - g2\n    more\nx [] y\n"
        let ours = try Self.ours(template, Self.root, partials: partials)
        #expect(ours == expected, "\(ours.debugDescription)")
        #expect(try Self.theirs(template, Self.root, partials: partials) == expected)
    }

    @Test func partialsMayRecurseAndParentsOverrideBlocks() throws {
        struct Node: Encodable { var name: String; var children: [Node] }
        let tree = Node(name: "a", children: [Node(name: "b", children: [Node(name: "c", children: [])]), Node(name: "d", children: [])])
        let partials = ["node": "{{name}}({{#children}}{{>node}}{{/children}})",
                        "layout": "<{{$head}}default head{{/head}}|{{$body}}default body{{/body}}>"]
        for template in ["{{>node}}", "{{<layout}}{{$body}}{{name}}!{{/body}}{{/layout}}", "{{>*name}}|{{>missing}}"] {
            let ours = try Self.ours(template, tree, partials: partials.merging(["a": "dynamic {{name}}"]) { $1 })
            let theirs = try Self.theirs(template, tree, partials: partials.merging(["a": "dynamic {{name}}"]) { $1 })
            #expect(ours == theirs, "\(template)")
        }
        #expect(try Self.ours("{{>node}}", tree, partials: partials) == "a(b(c())d())")
        #expect(try Self.ours("{{<layout}}{{$body}}{{name}}!{{/body}}{{/layout}}", tree, partials: partials)
            == "<default head|a!>")
    }

    @Test(arguments: [
        ("line one\n{{#tables}}\n  {{name}}\n{{/columns}}\n", 4, 4),
        ("{{#a}}\n\nb", 3, 2),
        ("x {{name", 1, 9),
        ("{{=<% =}}", 1, 10),
        ("{{% NOPE: TEXT}}", 1, 17),
        ("{{! never closed", 1, 4),
    ])
    func syntaxErrorsHaveALineAndColumn(template: String, line: Int, column: Int) throws {
        var templates = TemplateSet(sources: [:])
        templates.override("t", with: template, file: "t.mustache")
        do {
            _ = try templates.render("t", Self.root)
            Issue.record("\(template.debugDescription) parsed")
        } catch TemplateError.syntax(_, let file, let foundLine, let foundColumn, _) {
            #expect(file == "t.mustache")
            #expect(foundLine == line && foundColumn == column, "\(template.debugDescription): \(foundLine):\(foundColumn)")
        }
    }

    /// Hostile templates end in an error, never in a crash: sections nested past the limit, and a partial that
    /// includes itself with nothing to stop it.
    @Test func nestingPastTheLimitIsAnErrorNotACrash() throws {
        let deep = String(repeating: "{{#groups}}", count: 100_000) + String(repeating: "{{/groups}}", count: 100_000)
        #expect(throws: TemplateError.self) { try Self.ours(deep, Self.root) }
        do {
            _ = try Self.ours("{{>loop}}", Self.root, partials: ["loop": "x{{>loop}}"])
            Issue.record("a partial that includes itself rendered")
        } catch let error as SchemaGenKit.Mustache.RenderError {
            #expect(error.description.contains("partial 'loop' includes itself"))
        }
        // Within the limit, recursion through a section that ends it is fine (see partialsMayRecurse...).
        #expect(try Self.ours(String(repeating: "{{#hasGroups}}", count: 300) + "y" + String(repeating: "{{/hasGroups}}", count: 300),
                              Self.root) == "y")
    }

    // MARK: The same output as swift-mustache

    /// Random templates from the pieces real templates are made of, rendered by both engines over random contexts:
    /// the same text, or both refuse the template.
    @Test func randomTemplatesRenderAsSwiftMustacheRendersThem() throws {
        var random = SplitMix(seed: 12)
        // Variables name scalars: a list or an object printed as a variable shows Swift's description of its type.
        let scalars = ["title", "note", "name", "flag", "count", "nothing", "hasGroups", "html"]
        let names = scalars + ["groups", "items", "tags", "child", "empty"]
        let pieces = ["\n", "  ", "\t", " ", "\r\n", "x", "{", "}", "{{! c }}", "{{=<% %>=}}", "<%={{ }}=%>",
                      "{{>p}}", "{{>q}}", "{{^last()}}", "{{/last()}}", "{{#first()}}", "{{/first()}}", "{{index()}}",
                      "{{#tags}}{{.}}{{/tags}}", "{{#sorted(tags)}}{{.}};{{/sorted(tags)}}", "{{^sorted(tags)}}-{{/sorted(tags)}}",
                      "{{#reversed(items)}}{{name}}{{/reversed(items)}}", "{{#first(items)}}{{name}}{{/first(items)}}",
                      "{{count(items)}}", "{{empty(tags)}}", "{{#empty(tags)}}e{{/empty(tags)}}"]
        var compared = 0
        for _ in 0..<3000 {
            var parts: [String] = []
            var open: [String] = []
            for _ in 0..<random.next(below: 24) {
                switch random.next(below: 10) {
                case 0, 1, 2:
                    parts.append(pieces[random.next(below: pieces.count)])
                case 3, 4:
                    let name = scalars[random.next(below: scalars.count)]
                    parts.append(random.next(below: 2) == 0 ? "{{\(name)}}" : "{{ \(name) }}")
                case 5:
                    let name = names[random.next(below: names.count)]
                    parts.append("{{\(random.next(below: 2) == 0 ? "#" : "^")\(name)}}")
                    open.append(name)
                case 6:
                    if let name = open.popLast() { parts.append("{{/\(name)}}") }
                case 7:
                    let transform = ["uppercased", "lowercased", "capitalized", "reversed", "empty", "plusone", "even"][random.next(below: 7)]
                    parts.append("{{\(transform)(\(scalars[random.next(below: scalars.count)]))}}")
                default:
                    parts.append(String(repeating: " ", count: random.next(below: 3)) + "\n")
                }
            }
            if random.next(below: 8) != 0 { while let name = open.popLast() { parts.append("{{/\(name)}}") } }
            let template = parts.joined()
            let partials = ["p": "  {{name}}\n{{#tags}}  - {{.}}\n{{/tags}}", "q": "{{title}}"]
            let context = Self.randomRoot(&random)
            let ours = Result { try Self.ours(template, context, partials: partials) }
            let theirs = Result { try Self.theirs(template, context, partials: partials) }
            switch (ours, theirs) {
            case (.success(let mine), .success(let other)):
                #expect(mine == other, "\(template.debugDescription)")
                compared += 1
            case (.failure, .failure):
                break
            case (.success, .failure(let error)):
                // swift-mustache stops on a template that ends in a lone `{`; the engine reads it as text.
                let endsInBrace = template.hasSuffix("{") || template.hasSuffix("<")
                #expect(endsInBrace, "\(template.debugDescription): only swift-mustache refuses it: \(error)")
            case (.failure(let error), .success):
                Issue.record("\(template.debugDescription): only the engine refuses it: \(error)")
            }
        }
        #expect(compared > 1500)
    }

    static func randomRoot(_ random: inout SplitMix) -> Root {
        func leaf() -> Leaf {
            Leaf(name: ["a", "b", "<c>"][random.next(below: 3)], note: random.next(below: 2) == 0 ? nil : "n",
                 flag: random.next(below: 2) == 0, count: random.next(below: 4))
        }
        let groups = (0..<random.next(below: 3)).map { index in
            Group(name: "g\(index)", note: random.next(below: 2) == 0 ? nil : "gn",
                  items: (0..<random.next(below: 3)).map { _ in leaf() }, tags: ["z", "a", "m"].prefix(random.next(below: 4)).map { $0 },
                  empty: [], child: random.next(below: 2) == 0 ? nil : leaf())
        }
        return Root(title: "T", note: random.next(below: 2) == 0 ? nil : "rn", groups: groups, hasGroups: !groups.isEmpty,
                    html: "<&>")
    }

    /// Every built-in template, rendered with its emitter's context for every fixture, by both engines.
    @Test func builtinTemplatesRenderAsSwiftMustacheRendersThem() throws {
        let builtin = TemplateSet.builtin()
        var partials: [String: String] = [:]
        for name in ["swift-support", "swift-calendar-date", "swift-time-of-day", "swift-json-value"] {
            partials[name] = builtin.source(named: name)
        }
        var rendered = 0
        for name in TestEnvironment.fixtureNames() {
            guard let schema = try TestEnvironment.compileFixture(name).schema else { continue }
            func compare<C: MustacheRepresentable>(_ target: Target, _ context: C) throws {
                let source = try #require(builtin.source(named: target.templateName))
                let ours = String(decoding: try builtin.renderBytes(target.templateName, value: context.mustacheValue), as: UTF8.self)
                let theirs = try Self.theirs(source, context, partials: partials)
                #expect(ours == theirs, "\(name) \(target)")
                rendered += 1
            }
            try compare(.sql, SQLEmitter(templatesHash: "").context(for: schema))
            try compare(.rls, RLSEmitter(templatesHash: "").context(for: schema))
            try compare(.drizzle, DrizzleEmitter(templatesHash: "").context(for: schema))
            try compare(.sqlalchemy, SQLAlchemyEmitter(templatesHash: "").context(for: schema))
            try compare(.swift, SwiftEmitter(templatesHash: "").context(for: schema))
            try compare(.supabase, SupabaseEmitter(templatesHash: "").context(for: schema))
        }
        #expect(rendered > 100)
    }
}

extension MustacheTests {
    /// Whether two values are the same tree (objects: same type, keys and values in order).
    static func same(_ left: MustacheValue, _ right: MustacheValue) -> Bool {
        switch (left, right) {
        case (.string(let a), .string(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.absent, .absent): return true
        case (.list(let a), .list(let b)): return a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
        case (.object(let a), .object(let b)):
            return a.type == b.type && a.keys == b.keys && zip(a.values, b.values).allSatisfy { same($0, $1) }
        default: return false
        }
    }

    /// The built-in contexts build their values by hand, for speed; every stored property must be there, as
    /// `Encodable` (which the compiler writes) sees them.
    @Test func handWrittenContextValuesEqualTheEncodedContexts() throws {
        var compared = 0
        for name in TestEnvironment.fixtureNames() {
            guard let schema = try TestEnvironment.compileFixture(name).schema else { continue }
            func compare<C: Encodable & MustacheRepresentable>(_ context: C) throws {
                #expect(Self.same(context.mustacheValue, try MustacheValue.encode(context)), "\(name) \(C.self)")
                compared += 1
            }
            try compare(SQLEmitter(templatesHash: "h").context(for: schema))
            try compare(RLSEmitter(templatesHash: "h").context(for: schema))
            try compare(DrizzleEmitter(templatesHash: "h").context(for: schema))
            try compare(SQLAlchemyEmitter(templatesHash: "h").context(for: schema))
            try compare(SwiftEmitter(templatesHash: "h").context(for: schema))
            try compare(SupabaseEmitter(templatesHash: "h").context(for: schema))
        }
        #expect(compared > 100)
    }
}

/// A small deterministic random source, so a failing case can be replayed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(bound))
    }
}

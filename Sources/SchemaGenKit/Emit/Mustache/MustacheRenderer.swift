import Foundation

extension Mustache {
    /// Finds a partial by name; nil renders nothing, as an unknown partial does in Mustache.
    package typealias PartialResolver = (String) throws -> Template?

    /// Records the names a template asks for and the fields of the objects it asks, to report names that no
    /// context type has (a typo would otherwise render as nothing).
    package final class LookupRecorder {
        private(set) var requested: [String] = []
        private var requestedSet: Set<String> = []
        private(set) var fields: Set<String> = []
        private var typesSeen: Set<ObjectIdentifier> = []

        package init() {}

        func record(_ name: String, in object: MustacheObject) {
            if requestedSet.insert(name).inserted { requested.append(name) }
            if typesSeen.insert(object.type).inserted { fields.formUnion(object.keys) }
        }

        /// Names asked for that are no field of anything met, in the order first asked.
        package var unknownNames: [String] { requested.filter { !fields.contains($0) } }

        /// Every field name met, for suggestions.
        package var knownNames: [String] { fields.sorted() }
    }

    /// Renders a template over a value; `partials` resolves `{{> name}}`.
    package static func render(_ template: Template, _ value: MustacheValue, partials: @escaping PartialResolver,
                               contentType: ContentType = .html, recorder: LookupRecorder? = nil) throws -> String {
        String(decoding: try renderBytes(template, value, partials: partials, contentType: contentType, recorder: recorder),
               as: UTF8.self)
    }

    /// Renders a template over a value into UTF-8 bytes.
    package static func renderBytes(_ template: Template, _ value: MustacheValue, partials: @escaping PartialResolver,
                                    contentType: ContentType = .html, recorder: LookupRecorder? = nil) throws -> [UInt8] {
        var renderer = Renderer(partials: partials, recorder: recorder, stack: [value])
        var output: [UInt8] = []
        let context = Context(sequence: nil, indentation: nil, inherited: nil, contentType: contentType)
        try renderer.render(template, context: context, into: &output)
        return output
    }

    /// A render that cannot finish: partials and sections nested deeper than `Renderer.maximumDepth`.
    package struct RenderError: Error, CustomStringConvertible {
        package var partial: String?
        package var description: String {
            "sections and partials nest more than \(Renderer.maximumDepth) deep"
                + (partial.map { " (partial '\($0)' includes itself without a section that ends it?)" } ?? "")
        }
    }

    /// The position in a list being rendered: `first()`, `last()`, `index()`, `even()`, `odd()`.
    struct SequencePosition {
        var first: Bool
        var last: Bool
        var index: Int
    }

    /// What a token renders in, besides the stack of values (which the renderer keeps, pushing and popping).
    struct Context {
        var sequence: SequencePosition?
        var indentation: String?
        var inherited: [String: Template]?
        var contentType: ContentType

        func with(sequence: SequencePosition?) -> Context {
            var context = self
            context.sequence = sequence
            return context
        }

        func withIndentation(_ indented: String?) -> Context {
            var context = self
            if let indented { context.indentation = (indentation ?? "") + indented }
            context.sequence = nil
            return context
        }
    }

    /// A name's value: a value of the context, or the position in a list.
    enum Resolved {
        case value(MustacheValue)
        case position(SequencePosition)
    }

    struct Renderer {
        let partials: PartialResolver
        let recorder: LookupRecorder?
        /// The values the sections entered, innermost last.
        var stack: [MustacheValue]
        /// Templates being rendered inside one another (sections and partials).
        var depth = 0
        /// Room for a template whose sections nest as deep as the parser allows, inside partials.
        static let maximumDepth = Mustache.maximumNesting * 2

        /// Renders `inner` with `value` pushed on the stack.
        mutating func render(_ inner: Template, with value: MustacheValue, context: Context, into output: inout [UInt8]) throws {
            stack.append(value)
            defer { stack.removeLast() }
            try render(inner, context: context, into: &output)
        }

        mutating func render(_ template: Template, context: Context, into output: inout [UInt8], partial: String? = nil) throws {
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maximumDepth else { throw RenderError(partial: partial) }
            var context = context
            guard let indentation = context.indentation, !indentation.isEmpty else {
                for token in template.tokens { try render(token, context: &context, into: &output) }
                return
            }
            // Inside an indented partial every line it writes starts with the indentation: a token that starts a
            // line (after an LF, not a CR LF, of this template's own output) gets it first.
            let start = output.count
            for token in template.tokens {
                var piece: [UInt8] = []
                if case .lines(let text) = token {
                    Self.appendIndented(text, indentation, into: &piece)
                } else {
                    try render(token, context: &context, into: &piece)
                }
                if !piece.isEmpty, Self.endsLine(output, after: start) { output.append(contentsOf: indentation.utf8) }
                output.append(contentsOf: piece)
            }
        }

        /// Whether `output` past `start` ends with an LF that is not the end of a CR LF.
        static func endsLine(_ output: [UInt8], after start: Int) -> Bool {
            let count = output.count
            guard count > start, output[count - 1] == UInt8(ascii: "\n") else { return false }
            return count - 1 == start || output[count - 2] != UInt8(ascii: "\r")
        }

        /// Text of several lines, with the indentation after every inner line end (as if each line were a token).
        static func appendIndented(_ text: String, _ indentation: String, into output: inout [UInt8]) {
            var previous: UInt8 = 0
            let bytes = Array(text.utf8)
            for (index, byte) in bytes.enumerated() {
                output.append(byte)
                if byte == UInt8(ascii: "\n"), previous != UInt8(ascii: "\r"), index + 1 < bytes.count {
                    output.append(contentsOf: indentation.utf8)
                }
                previous = byte
            }
        }

        mutating func render(_ token: Token, context: inout Context, into output: inout [UInt8]) throws {
            switch token {
            case .text(let text), .lines(let text):
                output.append(contentsOf: text.utf8)
            case .variable(let name, let escaped):
                guard let resolved = resolve(name, context) else { return }
                if case .value(.string(let text)) = resolved, !escaped || context.contentType == .text {
                    output.append(contentsOf: text.utf8)
                    return
                }
                let text = Self.text(of: resolved)
                output.append(contentsOf: (escaped && context.contentType == .html ? Self.htmlEscape(text) : text).utf8)
            case .section(let name, let inner):
                switch resolve(name, context) {
                case .value(.list(let elements)):
                    for (index, element) in elements.enumerated() {
                        let position = SequencePosition(first: index == 0, last: index == elements.count - 1, index: index)
                        try render(inner, with: element, context: context.with(sequence: position), into: &output)
                    }
                case .value(.bool(let flag)):
                    if flag { try render(inner, context: context, into: &output) }
                case .value(.absent), nil:
                    break
                case .value(let value):
                    try render(inner, with: value, context: context.with(sequence: nil), into: &output)
                case .position:
                    // A position is only reached through a transform, which makes it a value.
                    break
                }
            case .invertedSection(let name, let inner):
                switch resolve(name, context) {
                case .value(.list(let elements)):
                    if elements.isEmpty { try render(inner, with: .list(elements), context: context.with(sequence: nil), into: &output) }
                case .value(.bool(let flag)):
                    if !flag { try render(inner, context: context, into: &output) }
                case .value(.absent), nil:
                    try render(inner, context: context, into: &output)
                case .value, .position:
                    break
                }
            case .partial(let name, let dynamic, let indentation, let overrides):
                var partialName = name
                if dynamic {
                    guard case .value(.string(let resolved))? = resolve(Name(kind: .climbing, parts: name.split(separator: ".").map(String.init),
                                                                            transforms: []), context) else { return }
                    partialName = resolved
                }
                guard let template = try partials(partialName) else { return }
                var inner = context.withIndentation(indentation)
                if let overrides {
                    inner.inherited = (context.inherited ?? [:]).merging(overrides) { outer, _ in outer }
                }
                inner.contentType = .html
                try render(template, context: inner, into: &output, partial: partialName)
            case .blockExpansion(let name, let fallback, let indentation):
                let inner = context.withIndentation(indentation)
                try render(context.inherited?[name] ?? fallback, context: inner, into: &output)
            case .blockDefinition:
                break
            case .contentType(let type):
                context.contentType = type
            }
        }

        /// Looks a name up: the first part through the stack (innermost first), the rest inside what it found;
        /// then the transforms, innermost first.
        mutating func resolve(_ name: Name, _ context: Context) -> Resolved? {
            var resolved: Resolved
            switch name.kind {
            case .current:
                resolved = .value(stack[stack.count - 1])
            case .sequence:
                guard let position = context.sequence else { return nil }
                resolved = .position(position)
            case .anchored:
                guard let value = descend(stack[stack.count - 1], name.parts[...]) else { return nil }
                resolved = .value(value)
            case .climbing:
                guard let first = name.parts.first else {
                    resolved = .value(stack[stack.count - 1])
                    break
                }
                var found: MustacheValue?
                var level = stack.count - 1
                while level >= 0 {
                    if let child = child(first, of: stack[level]) {
                        found = descend(child, name.parts.dropFirst())
                        break
                    }
                    level -= 1
                }
                guard let found else { return nil }
                resolved = .value(found)
            }
            for transform in name.transforms.reversed() {
                guard let next = Self.apply(transform, to: resolved) else { return nil }
                resolved = next
            }
            return resolved
        }

        private func child(_ name: String, of value: MustacheValue) -> MustacheValue? {
            guard case .object(let object) = value else { return nil }
            recorder?.record(name, in: object)
            return object.field(name)
        }

        private func descend(_ value: MustacheValue, _ parts: ArraySlice<String>) -> MustacheValue? {
            var current = value
            for part in parts {
                guard let next = child(part, of: current) else { return nil }
                current = next
            }
            return current
        }

        /// swift-mustache's transforms, with the same names and results.
        static func apply(_ transform: String, to resolved: Resolved) -> Resolved? {
            switch resolved {
            case .position(let position):
                switch transform {
                case "first": return .value(.bool(position.first))
                case "last": return .value(.bool(position.last))
                case "index": return .value(.int(position.index))
                case "even": return .value(.bool(position.index & 1 == 0))
                case "odd": return .value(.bool(position.index & 1 == 1))
                default: return nil
                }
            case .value(.string(let string)):
                switch transform {
                case "empty": return .value(.bool(string.isEmpty))
                case "capitalized": return .value(.string(string.capitalized))
                case "lowercased": return .value(.string(string.lowercased()))
                case "uppercased": return .value(.string(string.uppercased()))
                case "reversed": return .value(.string(String(string.reversed())))
                default: return nil
                }
            case .value(.int(let int)):
                switch transform {
                case "equalzero": return .value(.bool(int == 0))
                case "plusone": return .value(.int(int + 1))
                case "minusone": return .value(.int(int - 1))
                case "even": return .value(.bool(int & 1 == 0))
                case "odd": return .value(.bool(int & 1 == 1))
                default: return nil
                }
            case .value(.list(let elements)):
                switch transform {
                case "first": return elements.first.map { .value($0) }
                case "last": return elements.last.map { .value($0) }
                case "reversed": return .value(.list(elements.reversed()))
                case "count": return .value(.int(elements.count))
                case "empty": return .value(.bool(elements.isEmpty))
                case "sorted": return sorted(elements).map { .value(.list($0)) }
                default: return nil
                }
            default:
                return nil
            }
        }

        /// A list of strings or of numbers, sorted; nil for lists of anything else.
        static func sorted(_ elements: [MustacheValue]) -> [MustacheValue]? {
            var strings: [String] = [], ints: [Int] = [], doubles: [Double] = [], bools = 0
            for element in elements {
                switch element {
                case .string(let string): strings.append(string)
                case .int(let int): ints.append(int)
                case .double(let double): doubles.append(double)
                case .bool: bools += 1
                default: return nil
                }
            }
            if strings.count == elements.count { return strings.sorted().map { .string($0) } }
            if ints.count == elements.count { return ints.sorted().map { .int($0) } }
            if doubles.count == elements.count { return doubles.sorted().map { .double($0) } }
            return nil
        }

        /// A value as text, as `String(describing:)` prints it.
        static func text(of resolved: Resolved) -> String {
            switch resolved {
            case .position(let position):
                return "MustacheSequenceContext(first: \(position.first), last: \(position.last), index: \(position.index))"
            case .value(let value):
                return text(of: value)
            }
        }

        static func text(of value: MustacheValue) -> String {
            switch value {
            case .string(let string): return string
            case .bool(let bool): return bool ? "true" : "false"
            case .int(let int): return String(int)
            case .double(let double): return String(describing: double)
            case .absent: return ""
            case .object: return ""
            case .list(let elements):
                return "[" + elements.map { element -> String in
                    if case .string(let string) = element { return String(reflecting: string) }
                    return text(of: element)
                }.joined(separator: ", ") + "]"
            }
        }

        static func htmlEscape(_ text: String) -> String {
            guard text.utf8.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }) else {
                return text
            }
            var escaped = ""
            escaped.reserveCapacity(text.utf8.count + 16)
            for character in text {
                switch character {
                case "<": escaped += "&lt;"
                case ">": escaped += "&gt;"
                case "&": escaped += "&amp;"
                case "\"": escaped += "&quot;"
                case "'": escaped += "&#39;"
                default: escaped.append(character)
                }
            }
            return escaped
        }
    }
}

/// The Mustache engine the outputs are rendered with: templates are parsed once into a tree, and rendered over
/// `MustacheValue`s, so a lookup is a comparison of keys, never reflection.
///
/// The language is the one users' templates were written for: the Mustache specification (variables, sections,
/// inverted sections, comments, partials with standalone indentation, set delimiters, dotted names, the implicit
/// iterator, inheritance with parents and blocks, dynamic partials), plus the transforms of swift-mustache
/// (`{{uppercased(name)}}`, `{{#first()}}`, `{{count(columns)}}`) and its `{{% CONTENT_TYPE: TEXT}}` pragma, with
/// the same whitespace rules, so every template renders byte for byte as it did.
///
/// The parser works on UTF-8 bytes in one pass; a line is read once.
package enum Mustache {
    /// A parsed template.
    package struct Template: Sendable {
        var tokens: [Token]
    }

    /// A name as a tag spells it, split once.
    struct Name: Sendable, Equatable {
        enum Kind: Sendable, Equatable {
            /// `.`: the current object.
            case current
            /// `first()`: the position in the enclosing list (a transform applied to no name).
            case sequence
            /// `.name`: looked up in the current object only.
            case anchored
            /// `name` or `a.b`: the first part is looked up through the context stack.
            case climbing
        }
        var kind: Kind
        var parts: [String]
        /// Transforms, outermost first (`uppercased(name)` is `["uppercased"]`).
        var transforms: [String]
    }

    indirect enum Token: Sendable {
        case text(String)
        /// Text of several lines, each of which an indented partial indents (a template without tags).
        case lines(String)
        case variable(Name, escaped: Bool)
        case section(Name, Template)
        case invertedSection(Name, Template)
        /// A partial; `indentation` is set when the tag stands alone on its line, `overrides` for a parent (`{{<`).
        case partial(String, dynamic: Bool, indentation: String?, overrides: [String: Template]?)
        case blockExpansion(String, Template, indentation: String)
        case blockDefinition(String, Template)
        case contentType(ContentType)
    }

    /// How variables are escaped: HTML (the specification's default) or not at all (`{{% CONTENT_TYPE: TEXT}}`).
    package enum ContentType: Sendable {
        case html, text
    }

    /// A template that is not valid Mustache, with the line and column (in characters, from 1) where it stops.
    package struct ParseError: Error, Sendable, Equatable {
        package var problem: Problem
        package var line: Int
        package var column: Int
    }

    /// What is wrong with a template.
    package enum Problem: Sendable, Equatable {
        case sectionCloseNameIncorrect
        case unfinishedName
        case expectedSectionEnd
        case invalidSetDelimiter
        case transformAppliedToInheritanceSection
        case illegalTokenInsideInheritSection
        case invalidConfigVariableSyntax
        case unrecognisedConfigVariable
        case unfinishedComment
        case nestedTooDeeply

        package var description: String {
            switch self {
            case .sectionCloseNameIncorrect: return "a section is closed with a name that does not match its opening tag"
            case .unfinishedName: return "a tag is not closed, or its name is malformed"
            case .expectedSectionEnd: return "a section is never closed"
            case .invalidSetDelimiter: return "invalid set-delimiter tag"
            case .transformAppliedToInheritanceSection: return "a transform cannot be applied to a parent section"
            case .illegalTokenInsideInheritSection: return "only blocks may appear inside a parent section"
            case .invalidConfigVariableSyntax: return "invalid pragma"
            case .unrecognisedConfigVariable: return "unknown pragma"
            case .unfinishedComment: return "a comment is never closed"
            case .nestedTooDeeply: return "sections nest more than \(Mustache.maximumNesting) deep"
            }
        }
    }

    /// How deep sections, and partials rendered inside one another, may nest: deeper input is refused with an
    /// error rather than exhausting the stack (a partial that includes itself without a stopping section).
    package static let maximumNesting = 512

    /// A template of text only, with no tags to find: it is not parsed.
    package static func text(_ text: String) -> Template {
        Template(tokens: [.lines(text)])
    }

    /// Parses a template's text.
    package static func parse(_ text: String) throws(ParseError) -> Template {
        var parser = Parser(Array(text.utf8))
        do {
            return try parser.parseBlock(state: Parser.State())
        } catch {
            throw parser.error(error.problem, at: error.position)
        }
    }

    /// The names of the partials a template includes by name, following sections and parents.
    static func partialNames(in template: Template) -> [String] {
        var names: [String] = []
        func walk(_ tokens: [Token]) {
            for token in tokens {
                switch token {
                case .section(_, let inner), .invertedSection(_, let inner), .blockExpansion(_, let inner, _),
                     .blockDefinition(_, let inner):
                    walk(inner.tokens)
                case .partial(let name, let dynamic, _, let overrides):
                    if !dynamic { names.append(name) }
                    for (_, block) in overrides ?? [:] { walk(block.tokens) }
                default:
                    break
                }
            }
        }
        walk(template.tokens)
        return names
    }
}

extension Mustache {
    private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
    private static let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    /// Bytes allowed in a tag's name: letters, digits and `.-_?*`, with `()` for transforms (and `/` for partials).
    private static let nameBytes: [Bool] = byteTable("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*()")
    private static let plainNameBytes: [Bool] = byteTable("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
    private static let partialNameBytes: [Bool] = byteTable("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*()/")

    private static func byteTable(_ allowed: String) -> [Bool] {
        var table = [Bool](repeating: false, count: 256)
        for byte in allowed.utf8 { table[Int(byte)] = true }
        return table
    }

    struct Parser {
        struct Failure: Error {
            var problem: Problem
            var position: Int
        }

        struct State {
            var sectionName: String?
            var sectionTransforms: [String] = []
            var newLine = true
            var isPartialDefinition = false
            var isPartialDefinitionTopLevel = false
            var startDelimiter: [UInt8] = Array("{{".utf8)
            var endDelimiter: [UInt8] = Array("}}".utf8)
            var partialDefinitionIndent: Int?
            var depth = 0

            func withSection(_ name: String, newLine: Bool, transforms: [String] = []) -> State {
                var state = self
                state.depth += 1
                state.sectionName = name
                state.sectionTransforms = transforms
                state.isPartialDefinitionTopLevel = false
                if !newLine { state.newLine = false }
                return state
            }

            func withParent(_ name: String) -> State {
                var state = self
                state.depth += 1
                state.sectionName = name
                state.sectionTransforms = []
                state.newLine = true
                state.isPartialDefinition = true
                state.isPartialDefinitionTopLevel = true
                return state
            }
        }

        let bytes: [UInt8]
        var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { position >= bytes.count }

        func byte(at index: Int) -> UInt8 { index < bytes.count ? bytes[index] : 0 }

        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

        /// The length in bytes of a line break (`Character.isNewline`) starting at `index`, or 0.
        func newlineLength(at index: Int) -> Int {
            guard index < bytes.count else { return 0 }
            switch bytes[index] {
            case lf, 0x0B, 0x0C: return 1
            case cr: return byte(at: index + 1) == lf ? 2 : 1
            case 0xC2: return byte(at: index + 1) == 0x85 ? 2 : 0
            case 0xE2: return byte(at: index + 1) == 0x80 && (byte(at: index + 2) == 0xA8 || byte(at: index + 2) == 0xA9) ? 3 : 0
            default: return 0
            }
        }

        /// The length of a line break that ends a run of text: LF or CR LF.
        func lineEndLength(at index: Int) -> Int {
            guard index < bytes.count else { return 0 }
            if bytes[index] == lf { return 1 }
            if bytes[index] == cr, byte(at: index + 1) == lf { return 2 }
            return 0
        }

        func isWhitespace(at index: Int) -> Bool {
            guard index < bytes.count else { return false }
            let byte = bytes[index]
            return byte == space || byte == tab || newlineLength(at: index) > 0 || byte == 0xC2 && self.byte(at: index + 1) == 0xA0
        }

        mutating func skipWhitespace() {
            while isWhitespace(at: position) { position += max(1, newlineLength(at: position)) }
        }

        mutating func readSpacesAndTabs() -> Int {
            let start = position
            while position < bytes.count, bytes[position] == space || bytes[position] == tab { position += 1 }
            return position - start
        }

        mutating func read(_ sequence: [UInt8]) -> Bool {
            guard position + sequence.count <= bytes.count else { return false }
            for (offset, byte) in sequence.enumerated() where bytes[position + offset] != byte { return false }
            position += sequence.count
            return true
        }

        mutating func read(while table: [Bool]) -> Range<Int> {
            let start = position
            while position < bytes.count, table[Int(bytes[position])] { position += 1 }
            return start..<position
        }

        func error(_ problem: Problem, at position: Int) -> ParseError {
            var line = 1, column = 1
            for character in String(decoding: bytes[0..<min(position, bytes.count)], as: UTF8.self) {
                if character.isNewline { line += 1; column = 1 } else { column += 1 }
            }
            return ParseError(problem: problem, line: line, column: column)
        }

        /// Text up to the next tag or line end; the start delimiter, when found, is consumed.
        mutating func readUntilTagOrLineEnd(state: State) -> Range<Int>? {
            let start = position
            let first = state.startDelimiter[0]
            while position < bytes.count {
                let byte = bytes[position]
                if byte == lf || byte == cr && self.byte(at: position + 1) == lf { return start..<position }
                if byte == first {
                    let end = position
                    if read(state.startDelimiter) {
                        tagStart = end
                        return start..<end
                    }
                }
                position += 1
            }
            return start..<position
        }

        /// Where the last start delimiter began.
        var tagStart = 0

        /// Whether the rest of the line after a tag is blank; if so the line end is consumed.
        mutating func lineFinished() -> Bool {
            if atEnd { return true }
            var index = position
            while index < bytes.count, bytes[index] == space || bytes[index] == tab { index += 1 }
            let length = newlineLength(at: index)
            guard length > 0 else { return false }
            position = index + length
            return true
        }

        mutating func isStandalone(_ state: State) -> Bool { state.newLine && lineFinished() }

        mutating func parseBlock(state initial: State) throws(Failure) -> Template {
            guard initial.depth <= Mustache.maximumNesting else { throw Failure(problem: .nestedTooDeeply, position: position) }
            var tokens: [Token] = []
            var state = initial
            var whitespaceBefore = ""
            func flushWhitespace() {
                if !whitespaceBefore.isEmpty {
                    tokens.append(.text(whitespaceBefore))
                    whitespaceBefore = ""
                }
            }
            while !atEnd {
                if state.newLine {
                    let start = position
                    let count = readSpacesAndTabs()
                    if state.isPartialDefinition, !state.isPartialDefinitionTopLevel {
                        if let indent = state.partialDefinitionIndent {
                            whitespaceBefore = text(min(start + indent, position)..<position)
                        } else {
                            state.partialDefinitionIndent = count
                        }
                    } else {
                        whitespaceBefore = text(start..<position)
                    }
                }
                let before = position
                let run = readUntilTagOrLineEnd(state: state) ?? before..<before
                let lineEnd = lineEndLength(at: position)
                if lineEnd > 0, run.upperBound == position {
                    tokens.append(.text(whitespaceBefore + text(run.lowerBound..<position + lineEnd)))
                    position += lineEnd
                    state.newLine = true
                    continue
                }
                // A tag directly followed by a line break reads as text up to that break, as the first parser did.
                let afterTag = newlineLength(at: position)
                if afterTag > 0, run.upperBound != position {
                    tokens.append(.text(whitespaceBefore + text(run) + text(position..<position + afterTag)))
                    position += afterTag
                    state.newLine = true
                    continue
                }
                if !run.isEmpty {
                    tokens.append(.text(whitespaceBefore + text(run)))
                    whitespaceBefore = ""
                    state.newLine = false
                }
                if atEnd { break }
                guard run.upperBound != position else { continue }
                var setNewLine = false
                switch bytes[position] {
                case UInt8(ascii: "#"), UInt8(ascii: "^"):
                    let inverted = bytes[position] == UInt8(ascii: "^")
                    position += 1
                    let name = try parseName(state: state)
                    if isStandalone(state) { setNewLine = true } else { flushWhitespace() }
                    let inner = try parseBlock(state: state.withSection(name.raw, newLine: setNewLine, transforms: name.name.transforms))
                    tokens.append(inverted ? .invertedSection(name.name, inner) : .section(name.name, inner))

                case UInt8(ascii: "/"):
                    position += 1
                    let nameStart = position
                    let name = try parseName(state: state)
                    guard name.raw == state.sectionName, name.name.transforms == state.sectionTransforms else {
                        throw Failure(problem: .sectionCloseNameIncorrect, position: nameStart)
                    }
                    if isStandalone(state) { setNewLine = true } else { flushWhitespace() }
                    return Template(tokens: tokens)

                case UInt8(ascii: "!"):
                    position += 1
                    let start = position
                    while !read(state.endDelimiter) {
                        guard position < bytes.count else { throw Failure(problem: .unfinishedComment, position: start) }
                        position += 1
                    }
                    setNewLine = isStandalone(state)

                case UInt8(ascii: "{"):
                    flushWhitespace()
                    position += 1
                    let name = try parseName(state: state)
                    guard byte(at: position) == UInt8(ascii: "}") else { throw Failure(problem: .unfinishedName, position: position) }
                    position += 1
                    tokens.append(.variable(name.name, escaped: false))

                case UInt8(ascii: "&"):
                    flushWhitespace()
                    position += 1
                    let name = try parseName(state: state)
                    tokens.append(.variable(name.name, escaped: false))

                case UInt8(ascii: ">"):
                    position += 1
                    skipWhitespace()
                    let dynamic = byte(at: position) == UInt8(ascii: "*")
                    if dynamic { position += 1 }
                    let name = try parsePartialName(state: state)
                    if !whitespaceBefore.isEmpty { tokens.append(.text(whitespaceBefore)) }
                    if isStandalone(state) {
                        setNewLine = true
                        tokens.append(.partial(name, dynamic: dynamic, indentation: whitespaceBefore, overrides: nil))
                    } else {
                        tokens.append(.partial(name, dynamic: dynamic, indentation: nil, overrides: nil))
                    }
                    whitespaceBefore = ""

                case UInt8(ascii: "<"):
                    position += 1
                    skipWhitespace()
                    let sectionName = try parsePartialName(state: state)
                    let dynamic = sectionName.hasPrefix("*")
                    let name = dynamic ? String(sectionName.dropFirst()) : sectionName
                    if !whitespaceBefore.isEmpty { tokens.append(.text(whitespaceBefore)) }
                    if isStandalone(state) { setNewLine = true }
                    let inner = try parseBlock(state: state.withParent(sectionName))
                    var overrides: [String: Template] = [:]
                    for token in inner.tokens {
                        switch token {
                        case .blockDefinition(let block, let template): overrides[block] = template
                        case .text: break
                        default: throw Failure(problem: .illegalTokenInsideInheritSection, position: position)
                        }
                    }
                    tokens.append(.partial(name, dynamic: dynamic, indentation: whitespaceBefore, overrides: overrides))
                    whitespaceBefore = ""

                case UInt8(ascii: "$"):
                    position += 1
                    let name = try parseName(state: state)
                    guard name.name.transforms.isEmpty else {
                        throw Failure(problem: .transformAppliedToInheritanceSection, position: position)
                    }
                    if state.isPartialDefinitionTopLevel {
                        if isStandalone(state) { setNewLine = true }
                        let inner = try parseBlock(state: state.withSection(name.raw, newLine: setNewLine))
                        tokens.append(.blockDefinition(name.raw, inner))
                    } else {
                        if !whitespaceBefore.isEmpty { tokens.append(.text(whitespaceBefore)) }
                        if isStandalone(state) { setNewLine = true }
                        let inner = try parseBlock(state: state.withSection(name.raw, newLine: setNewLine))
                        tokens.append(.blockExpansion(name.raw, inner, indentation: whitespaceBefore))
                        whitespaceBefore = ""
                    }

                case UInt8(ascii: "="):
                    position += 1
                    try parseSetDelimiter(state: &state)
                    setNewLine = isStandalone(state)

                case UInt8(ascii: "%"):
                    position += 1
                    tokens.append(.contentType(try parsePragma(state: state)))
                    setNewLine = isStandalone(state)

                default:
                    flushWhitespace()
                    let name = try parseName(state: state)
                    tokens.append(.variable(name.name, escaped: true))
                }
                state.newLine = setNewLine
            }
            guard state.sectionName == nil else { throw Failure(problem: .expectedSectionEnd, position: position) }
            return Template(tokens: tokens)
        }

        /// A tag's name up to and including the end delimiter, with its transforms.
        mutating func parseName(state: State) throws(Failure) -> (raw: String, name: Name) {
            skipWhitespace()
            let range = read(while: nameBytes)
            skipWhitespace()
            guard read(state.endDelimiter) else { throw Failure(problem: .unfinishedName, position: position) }
            let raw = Array(bytes[range])
            // `a(b(c))`: transforms a, b applied to the name c.
            var transforms: [String] = []
            var index = 0
            func plainRun() -> String {
                let start = index
                while index < raw.count, plainNameBytes[Int(raw[index])] { index += 1 }
                return String(decoding: raw[start..<index], as: UTF8.self)
            }
            var parameter = plainRun()
            if index < raw.count {
                guard raw[index] == UInt8(ascii: "(") else { throw Failure(problem: .unfinishedName, position: position) }
                index += 1
                transforms.append(parameter)
                while true {
                    let name = plainRun()
                    guard index < raw.count else { throw Failure(problem: .unfinishedName, position: position) }
                    if raw[index] == UInt8(ascii: "(") {
                        index += 1
                        transforms.append(name)
                        continue
                    }
                    guard raw[index] == UInt8(ascii: ")") else { throw Failure(problem: .unfinishedName, position: position) }
                    var closing = 0
                    while index < raw.count, raw[index] == UInt8(ascii: ")") { closing += 1; index += 1 }
                    guard closing == transforms.count, index == raw.count else {
                        throw Failure(problem: .unfinishedName, position: position)
                    }
                    parameter = name
                    break
                }
            }
            let kind: Name.Kind
            if parameter == "." {
                kind = .current
            } else if parameter.isEmpty, !transforms.isEmpty {
                kind = .sequence
            } else if parameter.hasPrefix(".") {
                kind = .anchored
            } else {
                kind = .climbing
            }
            let parts = parameter.split(separator: ".").map(String.init)
            return (String(decoding: raw, as: UTF8.self), Name(kind: kind, parts: parts, transforms: transforms))
        }

        mutating func parsePartialName(state: State) throws(Failure) -> String {
            skipWhitespace()
            let range = read(while: partialNameBytes)
            skipWhitespace()
            guard read(state.endDelimiter) else { throw Failure(problem: .unfinishedName, position: position) }
            return text(range)
        }

        mutating func parseSetDelimiter(state: inout State) throws(Failure) {
            skipWhitespace()
            let startRange = position
            while position < bytes.count, !isWhitespace(at: position) { position += 1 }
            guard position < bytes.count else { throw Failure(problem: .invalidSetDelimiter, position: position) }
            let start = Array(bytes[startRange..<position])
            skipWhitespace()
            let endRange = position
            while position < bytes.count, !isWhitespace(at: position), bytes[position] != UInt8(ascii: "=") { position += 1 }
            guard position < bytes.count else { throw Failure(problem: .invalidSetDelimiter, position: position) }
            let end = Array(bytes[endRange..<position])
            skipWhitespace()
            guard byte(at: position) == UInt8(ascii: "=") else { throw Failure(problem: .invalidSetDelimiter, position: position) }
            position += 1
            guard read(state.endDelimiter) else { throw Failure(problem: .invalidSetDelimiter, position: position) }
            guard !start.isEmpty, !end.isEmpty else { throw Failure(problem: .invalidSetDelimiter, position: position) }
            state.startDelimiter = start
            state.endDelimiter = end
            state.isPartialDefinitionTopLevel = false
        }

        mutating func parsePragma(state: State) throws(Failure) -> ContentType {
            skipWhitespace()
            let variable = text(read(while: plainNameBytes))
            skipWhitespace()
            guard byte(at: position) == UInt8(ascii: ":") else { throw Failure(problem: .invalidConfigVariableSyntax, position: position) }
            position += 1
            skipWhitespace()
            let value = text(read(while: plainNameBytes))
            skipWhitespace()
            guard read(state.endDelimiter) else { throw Failure(problem: .invalidConfigVariableSyntax, position: position) }
            guard !variable.isEmpty, !value.isEmpty else { throw Failure(problem: .invalidConfigVariableSyntax, position: position) }
            switch (variable, value) {
            case ("CONTENT_TYPE", "HTML"): return .html
            case ("CONTENT_TYPE", "TEXT"): return .text
            default: throw Failure(problem: .unrecognisedConfigVariable, position: position)
            }
        }
    }
}

import CYaml

/// Reads YAML bytes into a `YAMLNode` tree; the only place that knows YAML.
///
/// It composes libyaml's events itself (Yams carries libyaml) instead of using Yams' composer, because the schema
/// needs what that composer cannot give: every duplicate key reported at the duplicate with the parse going on, an
/// expansion budget that stops alias bombs while they are composed (Yams hashes whole subtrees of keys, so an alias
/// bomb used as a key hangs it), a nesting limit, and no recursion anywhere.
package enum YAMLParser {
    /// Nodes allowed after alias expansion: a document without aliases has fewer nodes than bytes, so an alias bomb stops here.
    package static let minimumNodeBudget = 10_000
    /// Deepest nesting of lists and mappings accepted; a schema needs fewer than ten levels.
    package static let maximumDepth = 100

    package enum Failure: Error, Equatable {
        case notUTF8(SourceLocation)
        case syntax(String, SourceLocation)
        case empty
        case tooLarge(SourceLocation)
        case tooDeep(SourceLocation)
    }

    /// A key that appears twice in one mapping; the first occurrence is kept.
    package struct DuplicateKey: Equatable {
        package var key: String
        package var location: SourceLocation
        package var first: SourceLocation
        package var path: String
    }

    /// A parsed document and the duplicate keys found while composing it.
    package struct Document {
        package var root: YAMLNode
        package var duplicateKeys: [DuplicateKey]
    }

    package static func parse(_ data: [UInt8]) -> Result<Document, Failure> {
        guard String(validating: data, as: UTF8.self) != nil else {
            return .failure(.notUTF8(firstInvalidUTF8(data)))
        }
        if let nul = data.firstIndex(of: 0) {
            return .failure(.syntax("the file contains a NUL byte", location(ofOffset: nul, in: data)))
        }
        var composer = Composer(bytes: data, budget: max(minimumNodeBudget, data.count))
        return composer.run()
    }

    /// The location of a byte offset, counting lines like libyaml (LF, CR LF or CR) and columns in characters.
    static func location(ofOffset offset: Int, in data: [UInt8]) -> SourceLocation {
        var line = 1, column = 1, index = 0
        while index < min(offset, data.count) {
            let byte = data[index]
            if byte == 0x0A || (byte == 0x0D && (index + 1 >= data.count || data[index + 1] != 0x0A)) {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 && byte != 0x0D {
                column += 1
            }
            index += 1
        }
        return SourceLocation(line: line, column: column)
    }

    private static func firstInvalidUTF8(_ data: [UInt8]) -> SourceLocation {
        var index = 0
        while index < data.count {
            let byte = data[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return location(ofOffset: index, in: data)
            }
            if index + length > data.count || String(validating: data[index..<(index + length)], as: UTF8.self) == nil {
                return location(ofOffset: index, in: data)
            }
            index += length
        }
        return location(ofOffset: index, in: data)
    }
}

/// Builds `YAMLNode`s from libyaml events with an explicit stack.
private struct Composer {
    let bytes: [UInt8]
    var budget: Int

    /// A collection being composed.
    struct Frame {
        var isMapping: Bool
        var location: SourceLocation
        var anchor: String?
        var items: [YAMLNode] = []
        var pairs: [(key: YAMLNode, value: YAMLNode)] = []
        var pendingKey: YAMLNode?
        /// Set when the pending key duplicates an earlier one: its value is read and dropped.
        var dropValue = false
        /// Where each scalar key was first written, once the mapping has `keyIndexThreshold` pairs; a smaller
        /// mapping (nearly all of a schema's) scans its pairs instead of hashing every key into a new dictionary.
        var keyLocations: [String: SourceLocation]?
        var size = 1

        /// Where the scalar key `text` was first written in this mapping, if it was.
        func firstLocation(ofKey text: String) -> SourceLocation? {
            if let keyLocations { return keyLocations[text] }
            for pair in pairs {
                if case .scalar(let key, _) = pair.key.kind, key == text { return pair.key.location }
            }
            return nil
        }

        /// Records the first occurrence of a scalar key (its pair is not added yet).
        mutating func noteKey(_ text: String, at location: SourceLocation) {
            if keyLocations != nil {
                keyLocations?[text] = location
                return
            }
            guard pairs.count >= Composer.keyIndexThreshold else { return }
            var index: [String: SourceLocation] = [:]
            for pair in pairs {
                if case .scalar(let key, _) = pair.key.kind, index[key] == nil { index[key] = pair.key.location }
            }
            index[text] = location
            keyLocations = index
        }
    }

    /// Pairs from which a mapping indexes its keys by name.
    static let keyIndexThreshold = 16

    var stack: [Frame] = []
    var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    var duplicates: [YAMLParser.DuplicateKey] = []
    var root: YAMLNode?
    var documents = 0

    init(bytes: [UInt8], budget: Int) {
        self.bytes = bytes
        self.budget = budget
    }

    mutating func run() -> Result<YAMLParser.Document, YAMLParser.Failure> {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return .failure(.syntax("the YAML parser could not be initialised", SourceLocation(line: 1, column: 1)))
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        return bytes.withUnsafeBufferPointer { buffer -> Result<YAMLParser.Document, YAMLParser.Failure> in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    return .failure(syntaxFailure(parser))
                }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { break }
                if let failure = handle(event) { return .failure(failure) }
            }
            guard let root, !root.isNull else { return .failure(.empty) }
            return .success(YAMLParser.Document(root: root, duplicateKeys: duplicates))
        }
    }

    /// Handles one event; a failure ends the parse.
    mutating func handle(_ event: yaml_event_t) -> YAMLParser.Failure? {
        let place = location(event.start_mark)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                return .syntax("the file holds more than one YAML document; a schema is one document", place)
            }
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            // The escape `\0` in a double-quoted string: PostgreSQL cannot store a NUL character in text, so the DDL
            // (a comment, a default, an enum label) would be refused.
            if text.utf8.contains(0) {
                return .syntax("a string holds a NUL character (the escape \\0), which PostgreSQL cannot store", place)
            }
            let tag = Composer.string(scalar.tag)
            let plain = scalar.style == YAML_PLAIN_SCALAR_STYLE && tag != "tag:yaml.org,2002:str"
            return add(YAMLNode(kind: .scalar(text, plain: plain), location: place), size: 1, charge: 1,
                       anchor: Composer.string(scalar.anchor))
        case YAML_ALIAS_EVENT:
            let name = Composer.string(event.data.alias.anchor) ?? ""
            guard let (node, size) = anchors[name] else {
                return .syntax("the alias '*\(name)' names no anchor defined before it", place)
            }
            var copy = node
            copy.location = place
            return add(copy, size: size, charge: size, anchor: nil)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            if stack.count >= YAMLParser.maximumDepth {
                return .tooDeep(place)
            }
            let anchor = event.type == YAML_SEQUENCE_START_EVENT
                ? Composer.string(event.data.sequence_start.anchor) : Composer.string(event.data.mapping_start.anchor)
            stack.append(Frame(isMapping: event.type == YAML_MAPPING_START_EVENT, location: place, anchor: anchor))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return nil }
            let node = frame.isMapping
                ? YAMLNode(kind: .mapping(frame.pairs), location: frame.location)
                : YAMLNode(kind: .sequence(frame.items), location: frame.location)
            // Its children were charged as they were added; the collection itself costs one node.
            return add(node, size: frame.size, charge: 1, anchor: frame.anchor)
        default:
            break
        }
        return nil
    }

    /// Attaches a finished node to its parent (or makes it the root), charging what it adds to the budget.
    ///
    /// `size` is the node's expanded size (what an alias of it will cost); `charge` what it costs now.
    mutating func add(_ node: YAMLNode, size: Int, charge: Int, anchor: String?) -> YAMLParser.Failure? {
        budget -= charge
        if budget < 0 { return .tooLarge(node.location) }
        if let anchor { anchors[anchor] = (node, size) }
        guard var frame = stack.popLast() else {
            root = node
            return nil
        }
        frame.size += size
        if !frame.isMapping {
            frame.items.append(node)
        } else if let key = frame.pendingKey {
            if !frame.dropValue { frame.pairs.append((key, node)) }
            frame.pendingKey = nil
            frame.dropValue = false
        } else {
            frame.pendingKey = node
            if case .scalar(let text, _) = node.kind {
                if let first = frame.firstLocation(ofKey: text) {
                    duplicates.append(YAMLParser.DuplicateKey(key: text, location: node.location, first: first, path: path()))
                    frame.dropValue = true
                } else {
                    frame.noteKey(text, at: node.location)
                }
            }
        }
        stack.append(frame)
        return nil
    }

    /// The document path of the collection being added to (`tables.users.columns`): the open collections above it.
    func path() -> String {
        var text = ""
        for frame in stack {
            if !frame.isMapping {
                text += "[\(frame.items.count)]"
            } else if let key = frame.pendingKey?.scalar {
                text += text.isEmpty ? key : ".\(key)"
            }
        }
        return text
    }

    func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    func syntaxFailure(_ parser: yaml_parser_t) -> YAMLParser.Failure {
        let problem = Composer.string(parser.problem) ?? "the YAML cannot be read"
        if parser.error == YAML_READER_ERROR {
            return .syntax(problem, YAMLParser.location(ofOffset: Int(parser.problem_offset), in: bytes))
        }
        if problem.hasPrefix("Maximum nesting level reached") {
            return .tooDeep(location(parser.problem_mark))
        }
        var message = problem
        if let context = Composer.string(parser.context) {
            let start = location(parser.context_mark)
            message += " (\(context) that starts at \(start.line):\(start.column))"
        }
        return .syntax(message, location(parser.problem_mark))
    }

    static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }
}

import Foundation
import Yams

/// Reads YAML bytes into a `YAMLNode` tree; the only place that knows Yams.
package enum YAMLParser {
    /// Nodes allowed after alias expansion: a document without aliases has fewer nodes than bytes, so an alias bomb stops here.
    static let minimumNodeBudget = 10_000

    package enum Failure: Error {
        case notUTF8(SourceLocation)
        case syntax(String, SourceLocation)
        case empty
        case tooLarge(SourceLocation)
    }

    package static func parse(_ data: [UInt8]) -> Result<YAMLNode, Failure> {
        guard let text = String(validating: data, as: UTF8.self) else {
            return .failure(.notUTF8(firstInvalidUTF8(data)))
        }
        if text.contains("\u{0}") {
            return .failure(.syntax("the file contains a NUL byte", location(ofFirst: "\u{0}", in: text)))
        }
        let root: Node?
        do {
            let parser = try Parser(yaml: text)
            root = try parser.singleRoot()
        } catch let error as YamlError {
            return .failure(describe(error))
        } catch {
            return .failure(.syntax("\(error)", SourceLocation(line: 1, column: 1)))
        }
        guard let root else { return .failure(.empty) }
        var budget = max(minimumNodeBudget, data.count)
        guard let node = convert(root, budget: &budget) else {
            return .failure(.tooLarge(location(of: root)))
        }
        if node.isNull { return .failure(.empty) }
        return .success(node)
    }

    private static func convert(_ node: Node, budget: inout Int) -> YAMLNode? {
        budget -= 1
        if budget < 0 { return nil }
        let place = location(of: node)
        switch node {
        case .scalar(let scalar):
            return YAMLNode(kind: .scalar(scalar.string, plain: scalar.style == .plain), location: place)
        case .sequence(let sequence):
            var items: [YAMLNode] = []
            items.reserveCapacity(sequence.count)
            for item in sequence {
                guard let converted = convert(item, budget: &budget) else { return nil }
                items.append(converted)
            }
            return YAMLNode(kind: .sequence(items), location: place)
        case .mapping(let mapping):
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            pairs.reserveCapacity(mapping.count)
            for (key, value) in mapping {
                guard let k = convert(key, budget: &budget), let v = convert(value, budget: &budget) else { return nil }
                pairs.append((k, v))
            }
            return YAMLNode(kind: .mapping(pairs), location: place)
        case .alias:
            return YAMLNode(kind: .scalar("", plain: true), location: place)
        }
    }

    private static func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(line: 1, column: 1) }
        return SourceLocation(line: max(1, mark.line), column: max(1, mark.column))
    }

    private static func describe(_ error: YamlError) -> Failure {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = problem
            if let context { message += " " + context.text }
            return .syntax(message, SourceLocation(line: max(1, mark.line), column: max(1, mark.column)))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return .syntax("duplicate key \(keys) in one mapping",
                           SourceLocation(line: max(1, context.mark.line), column: max(1, context.mark.column)))
        case .reader(let problem, _, _, _):
            return .syntax(problem, SourceLocation(line: 1, column: 1))
        default:
            return .syntax("\(error)", SourceLocation(line: 1, column: 1))
        }
    }

    private static func firstInvalidUTF8(_ data: [UInt8]) -> SourceLocation {
        var line = 1, column = 1, index = 0
        while index < data.count {
            let byte = data[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return SourceLocation(line: line, column: column)
            }
            if index + length > data.count { return SourceLocation(line: line, column: column) }
            let slice = Array(data[index..<(index + length)])
            if String(validating: slice, as: UTF8.self) == nil { return SourceLocation(line: line, column: column) }
            if byte == 0x0A { line += 1; column = 1 } else { column += 1 }
            index += length
        }
        return SourceLocation(line: line, column: column)
    }

    private static func location(ofFirst needle: Character, in text: String) -> SourceLocation {
        var line = 1, column = 1
        for character in text {
            if character == needle { break }
            if character == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return SourceLocation(line: line, column: column)
    }
}

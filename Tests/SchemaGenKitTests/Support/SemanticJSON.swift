import Foundation

/// A JSON document that keeps each number's text, so two documents can be compared as decimals.
indirect enum JSONTree: Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONTree])
    case object([(key: String, value: JSONTree)])

    static func == (lhs: JSONTree, rhs: JSONTree) -> Bool {
        SemanticJSON.differences(lhs, rhs).isEmpty
    }

    struct SyntaxError: Error, CustomStringConvertible {
        var offset: Int
        var description: String { "invalid JSON at byte \(offset)" }
    }

    static func parse(_ text: String) throws -> JSONTree {
        var parser = Parser(bytes: Array(text.utf8))
        let value = try parser.value()
        parser.skipSpace()
        guard parser.index == parser.bytes.count else { throw SyntaxError(offset: parser.index) }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func value() throws -> JSONTree {
            skipSpace()
            guard index < bytes.count else { throw SyntaxError(offset: index) }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var members: [(key: String, value: JSONTree)] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
                while true {
                    skipSpace()
                    let key = try string()
                    skipSpace()
                    try expect(":")
                    members.append((key, try value()))
                    skipSpace()
                    if try next() == UInt8(ascii: "}") { return .object(members) }
                }
            case UInt8(ascii: "["):
                index += 1
                var elements: [JSONTree] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
                while true {
                    elements.append(try value())
                    skipSpace()
                    if try next() == UInt8(ascii: "]") { return .array(elements) }
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            default:
                let start = index
                while index < bytes.count, "+-.eE0123456789".utf8.contains(bytes[index]) { index += 1 }
                guard index > start else { throw SyntaxError(offset: index) }
                return .number(String(decoding: bytes[start..<index], as: UTF8.self))
            }
        }

        /// The separator after a member or element: `,` (returned) or the closing bracket.
        mutating func next() throws -> UInt8 {
            guard index < bytes.count else { throw SyntaxError(offset: index) }
            let byte = bytes[index]
            index += 1
            guard byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") else {
                throw SyntaxError(offset: index - 1)
            }
            return byte
        }

        mutating func expect(_ character: Unicode.Scalar) throws {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { throw SyntaxError(offset: index) }
            index += 1
        }

        mutating func literal(_ word: String) throws {
            let expected = Array(word.utf8)
            guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
                throw SyntaxError(offset: index)
            }
            index += expected.count
        }

        /// A string, decoded with Foundation from its exact JSON text (escapes included).
        mutating func string() throws -> String {
            let start = index
            try expect("\"")
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
            }
            try expect("\"")
            let data = Data(bytes[start..<index])
            guard let text = try JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed) as? String else {
                throw SyntaxError(offset: start)
            }
            return text
        }
    }
}

/// Compares two JSON documents by meaning: the same keys, numbers equal as decimals, strings equal as text or, when
/// both are PostgreSQL timestamps, as instants to the microsecond, and UUIDs equal whatever their case.
enum SemanticJSON {
    static func differences(_ expected: JSONTree, _ actual: JSONTree, path: String = "$") -> [String] {
        switch (expected, actual) {
        case (.null, .null): return []
        case let (.bool(left), .bool(right)): return left == right ? [] : ["\(path): \(left) != \(right)"]
        case let (.number(left), .number(right)):
            return numbersEqual(left, right) ? [] : ["\(path): number \(left) != \(right)"]
        case let (.string(left), .string(right)):
            return stringsEqual(left, right) ? [] : ["\(path): \"\(left)\" != \"\(right)\""]
        case let (.array(left), .array(right)):
            guard left.count == right.count else { return ["\(path): \(left.count) elements != \(right.count)"] }
            return zip(left, right).enumerated().flatMap { differences($0.element.0, $0.element.1, path: "\(path)[\($0.offset)]") }
        case let (.object(left), .object(right)):
            let leftKeys = Set(left.map(\.key))
            let rightKeys = Set(right.map(\.key))
            guard leftKeys == rightKeys else {
                return ["\(path): keys \(leftKeys.subtracting(rightKeys).sorted()) missing, \(rightKeys.subtracting(leftKeys).sorted()) extra"]
            }
            let rightValues = Dictionary(right.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            return left.flatMap { member in
                differences(member.value, rightValues[member.key] ?? .null, path: "\(path).\(member.key)")
            }
        default:
            return ["\(path): \(expected) != \(actual)"]
        }
    }

    static func numbersEqual(_ left: String, _ right: String) -> Bool {
        if left == right { return true }
        let posix = Locale(identifier: "en_US_POSIX")
        if let a = Decimal(string: left, locale: posix), let b = Decimal(string: right, locale: posix), a == b { return true }
        // Beyond Decimal's range (1e300): the same double.
        if let a = Double(left), let b = Double(right), abs(a) > 1e100 { return a == b }
        return false
    }

    static func stringsEqual(_ left: String, _ right: String) -> Bool {
        if left == right { return true }
        if let a = timestampMicroseconds(left), let b = timestampMicroseconds(right) { return a == b }
        if let a = UUID(uuidString: left), let b = UUID(uuidString: right) { return a == b }
        return false
    }

    /// Microseconds since 1970 of `YYYY-MM-DD[T ]HH:MM:SS[.f][offset]`; nil for anything else (a bare date is not a
    /// timestamp here, so a date written as a timestamp is a difference).
    static func timestampMicroseconds(_ text: String) -> Int64? {
        let pattern = #"^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(\.\d{1,6})?(Z|([+-])(\d\d)(?::?(\d\d))?(?::(\d\d))?)?$"#
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        func group(_ index: Int) -> String? {
            Range(match.range(at: index), in: text).map { String(text[$0]) }
        }
        var components = DateComponents()
        components.year = group(1).flatMap { Int($0) }
        components.month = group(2).flatMap { Int($0) }
        components.day = group(3).flatMap { Int($0) }
        components.hour = group(4).flatMap { Int($0) }
        components.minute = group(5).flatMap { Int($0) }
        components.second = group(6).flatMap { Int($0) }
        var calendar = Calendar(identifier: .gregorian)
        guard let utc = TimeZone(identifier: "UTC") else { return nil }
        calendar.timeZone = utc
        guard let date = calendar.date(from: components) else { return nil }
        let fraction = group(7).map { String($0.dropFirst()).padding(toLength: 6, withPad: "0", startingAt: 0) } ?? "000000"
        var offset = 0
        if let sign = group(9) {
            offset = (group(10).flatMap { Int($0) } ?? 0) * 3_600 + (group(11).flatMap { Int($0) } ?? 0) * 60
                + (group(12).flatMap { Int($0) } ?? 0)
            if sign == "-" { offset = -offset }
        }
        return (Int64(date.timeIntervalSince1970.rounded()) - Int64(offset)) * 1_000_000 + (Int64(fraction) ?? 0)
    }
}

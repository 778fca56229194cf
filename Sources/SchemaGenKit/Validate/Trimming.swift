import Foundation

/// `trimmingCharacters(in: .whitespaces)` and `(in: .whitespacesAndNewlines)` without bridging through `NSString`,
/// which made trimming type names and references the largest single cost of reading columns.
///
/// ASCII ends are trimmed on bytes, with the ASCII members of Foundation's own sets; as soon as an end reaches a
/// non-ASCII byte, the text goes to Foundation, so the result is always Foundation's.
extension String {
    /// The same as `trimmingCharacters(in: .whitespaces)`.
    func trimmingWhitespace() -> String {
        Trimming.trim(self[...], Trimming.asciiWhitespace) { self.trimmingCharacters(in: .whitespaces) }
    }

    /// The same as `trimmingCharacters(in: .whitespacesAndNewlines)`.
    func trimmingWhitespaceAndNewlines() -> String {
        Trimming.trim(self[...], Trimming.asciiWhitespaceAndNewlines) { self.trimmingCharacters(in: .whitespacesAndNewlines) }
    }
}

extension Substring {
    /// The same as `trimmingCharacters(in: .whitespaces)`.
    func trimmingWhitespace() -> String {
        Trimming.trim(self, Trimming.asciiWhitespace) { self.trimmingCharacters(in: .whitespaces) }
    }

    /// The same as `trimmingCharacters(in: .whitespacesAndNewlines)`.
    func trimmingWhitespaceAndNewlines() -> String {
        Trimming.trim(self, Trimming.asciiWhitespaceAndNewlines) { self.trimmingCharacters(in: .whitespacesAndNewlines) }
    }
}

enum Trimming {
    /// Whether each ASCII byte is in the set, as Foundation decides it.
    static let asciiWhitespace: [Bool] = (0..<128).map { CharacterSet.whitespaces.contains(Unicode.Scalar(UInt8($0))) }
    static let asciiWhitespaceAndNewlines: [Bool] = (0..<128).map {
        CharacterSet.whitespacesAndNewlines.contains(Unicode.Scalar(UInt8($0)))
    }

    static func trim(_ text: Substring, _ members: [Bool], foundation: () -> String) -> String {
        let utf8 = text.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end {
            let byte = utf8[start]
            if byte >= 0x80 { return foundation() }
            if !members[Int(byte)] { break }
            utf8.formIndex(after: &start)
        }
        while end > start {
            let last = utf8.index(before: end)
            let byte = utf8[last]
            if byte >= 0x80 { return foundation() }
            if !members[Int(byte)] { break }
            end = last
        }
        if start == utf8.startIndex && end == utf8.endIndex { return String(text) }
        return String(decoding: utf8[start..<end], as: UTF8.self)
    }
}

import Foundation
import Testing
@testable import SchemaGenKit

/// The fast paths taken for speed give exactly what the straightforward code gave.
@Suite struct FastPathTests {
    /// Deterministic pseudo-random strings over an alphabet (a linear congruential generator, so failures reproduce).
    static func strings(_ count: Int, alphabet: [String], maxLength: Int, seed: UInt64) -> [String] {
        var state = seed
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        return (0..<count).map { _ in
            (0..<(next() % (maxLength + 1))).map { _ in alphabet[next() % alphabet.count] }.joined()
        }
    }

    @Test func asciiWordsMatchUnicodeWords() {
        let alphabet = "aAbBzZmM09_- .$xXyY".map(String.init) + ["\t", "\r\n", "\u{7F}", "\u{1}"]
        for name in Self.strings(5000, alphabet: alphabet, maxLength: 14, seed: 1) {
            #expect(Naming.asciiWords(name) == Naming.unicodeWords(name), "\(name.debugDescription)")
        }
    }

    /// The line-by-line normalisation `Pipeline.normalize` replaced.
    static func referenceNormalize(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            var end = line.endIndex
            while end > line.startIndex, line[line.index(before: end)] == " " { end = line.index(before: end) }
            return line[line.startIndex..<end]
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func normalizeMatchesTheLineByLineVersion() {
        let alphabet = ["a", " ", " ", "\n", "\n", "\r", "\r\n", "\u{301}", "é", "\t", "-- x"]
        for text in Self.strings(5000, alphabet: alphabet, maxLength: 12, seed: 2) + ["", " ", "\n\n", "a \r\n", "a\r\n\n"] {
            #expect(Pipeline.normalize(text) == Self.referenceNormalize(text), "\(text.debugDescription)")
        }
    }

    /// `SwiftSyntax.docComment` before its ASCII fast path: one scalar at a time.
    static func referenceDocComment(_ text: String) -> [String] {
        var lines: [String] = []
        var current = ""
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n" where previous == "\r": break
            case "\n", "\r", "\u{2028}", "\u{2029}", "\u{85}": lines.append(current); current = ""
            case "\t": current += "    "
            default: current.unicodeScalars.append(scalar)
            }
            previous = scalar
        }
        lines.append(current)
        let trimmed = lines.map { line -> String in
            var end = line.endIndex
            while end > line.startIndex, line[line.index(before: end)] == " " { end = line.index(before: end) }
            return String(line[..<end])
        }
        let first = trimmed.firstIndex { !$0.isEmpty } ?? trimmed.endIndex
        let last = trimmed.lastIndex { !$0.isEmpty } ?? first
        guard first < trimmed.endIndex else { return [] }
        return trimmed[first...last].map { $0.isEmpty ? "///" : "/// " + $0 }
    }

    @Test func asciiDocCommentsMatchTheScalarLoop() {
        let alphabet = ["a", "Z", " ", "  ", "\n", "\n", "*/", "///", "x y", "\\"]
        for text in Self.strings(3000, alphabet: alphabet, maxLength: 10, seed: 3) {
            #expect(SwiftSyntax.docComment(text) == Self.referenceDocComment(text), "\(text.debugDescription)")
        }
    }

    @Test func asciiWidthIsOneColumnPerByte() {
        for text in Self.strings(2000, alphabet: ["a", " ", "~", "\"", "\u{7F}", "\u{1}"], maxLength: 12, seed: 4) {
            let scalars = text.unicodeScalars.filter {
                $0.properties.generalCategory != .nonspacingMark && $0.properties.generalCategory != .enclosingMark
            }
            #expect(PythonLayout.width(text) == scalars.count, "\(text.debugDescription)")
        }
        #expect(PythonLayout.width("e\u{301}\u{4E00}") == 3)
    }

    /// The premise of the ASCII shortcuts in the Python and Swift escapers: printable ASCII is never a control,
    /// format, separator, private-use or unassigned character, and the other ASCII characters are controls.
    @Test func asciiGeneralCategoriesAreWhatTheShortcutsAssume() {
        for value in UInt32(0)..<0x80 {
            let category = Unicode.Scalar(value)!.properties.generalCategory
            if value >= 0x20, value < 0x7F {
                #expect(![.control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .unassigned, .surrogate].contains(category))
            } else {
                #expect(category == .control)
            }
        }
    }

    @Test func quoteDoublingMatchesReplacingOccurrences() {
        for text in Self.strings(2000, alphabet: ["a", "\"", "'", "\u{301}", "é", " "], maxLength: 10, seed: 5)
            where !text.unicodeScalars.contains("\u{301}") {
            #expect(SQLSyntax.alwaysQuote(text) == "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
            #expect(SQLSyntax.standardLiteral(text) == "'" + text.replacingOccurrences(of: "'", with: "''") + "'")
        }
        // A quote followed by a combining mark is still a quote to PostgreSQL, which reads bytes.
        #expect(SQLSyntax.alwaysQuote("a\"\u{301}") == "\"a\"\"\u{301}\"")
    }

    /// `TemplateSet.partialNames` before it worked on bytes.
    static func referencePartialNames(_ text: String) -> [String]? {
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

    @Test func partialNamesMatchTheStringScan() {
        let alphabet = ["{{", "}}", "{", "}", ">", "<", " ", "a", "b-c", "*", "#", "{{>", "{{<", "\n"]
        for text in Self.strings(5000, alphabet: alphabet, maxLength: 12, seed: 6) {
            #expect(TemplateSet.partialNames(in: text) == Self.referencePartialNames(text), "\(text.debugDescription)")
            #expect(TemplateSet.hasTags(text) == text.contains("{{"), "\(text.debugDescription)")
        }
    }
}

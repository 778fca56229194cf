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

    /// A policy expression read once gives what the three readings give on their own.
    @Test func policyReadingMatchesTheSeparateReadings() {
        let alphabet = ["a", "user_id", "P", " ", "(", ")", ".", "::", "'x'", "\"q\"", "select ", "from ", " as ", "join ",
                        "auth", "uid()", "current_setting(", " = ", "--c\n", "é", "$$y$$", ",", "public"]
        for expression in Self.strings(3000, alphabet: alphabet, maxLength: 12, seed: 3) {
            let reading = PolicyExpression.Reading(expression)
            #expect(reading.columns == PolicyExpression.columnReferences(in: expression), "\(expression.debugDescription)")
            #expect(reading.qualifiedColumns == PolicyExpression.qualifiedColumns(in: expression), "\(expression.debugDescription)")
            #expect(reading.perRowAuthCalls == PolicyExpression.perRowAuthCalls(in: expression), "\(expression.debugDescription)")
        }
    }

    /// Trimming on bytes gives what Foundation's `trimmingCharacters(in:)` gives, for strings and substrings.
    @Test func trimmingMatchesFoundation() {
        let alphabet = ["a", "Z", " ", " ", "\t", "\n", "\r\n", "\r", "\u{B}", "\u{C}", "\u{85}", "\u{A0}", "\u{2003}", "\u{200B}",
                        "\u{2028}", "\u{3000}", "\u{301}", "é", "(", "?", "\u{1F600}", "\u{0}", "\u{1F}", "\u{7F}"]
        for text in Self.strings(5000, alphabet: alphabet, maxLength: 8, seed: 4) {
            #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
            #expect(text.trimmingWhitespaceAndNewlines() == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.debugDescription)")
            let inner = text.dropFirst()
            #expect(inner.trimmingWhitespace() == inner.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
        }
    }
}

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

    /// Duplicate keys are found by scanning a small mapping's pairs and through an index in a large one; both give
    /// what a table of first occurrences gives, on either side of the threshold.
    @Test func duplicateKeysMatchFirstOccurrences() {
        let alphabet = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t"]
        for (offset, word) in Self.strings(400, alphabet: alphabet, maxLength: 60, seed: 6).enumerated() {
            // One key per line, two letters each, so a few repeat: the keys of a block mapping at column 1.
            let letters = word.map(String.init)
            let keys = stride(from: 0, to: letters.count - 1, by: 2).map { letters[$0] + letters[$0 + 1] }
            guard !keys.isEmpty else { continue }
            let yaml = keys.enumerated().map { "\($1): \($0)" }.joined(separator: "\n") + "\n"
            guard case .success(let document) = YAMLParser.parse(Array(yaml.utf8)) else {
                Issue.record("not parsed: \(yaml)")
                continue
            }
            var first: [String: SchemaGenKit.SourceLocation] = [:]
            var expected: [YAMLParser.DuplicateKey] = []
            var kept: [String] = []
            for (line, key) in keys.enumerated() {
                let location = SchemaGenKit.SourceLocation(line: line + 1, column: 1)
                if let earlier = first[key] {
                    expected.append(YAMLParser.DuplicateKey(key: key, location: location, first: earlier, path: ""))
                } else {
                    first[key] = location
                    kept.append(key)
                }
            }
            #expect(document.duplicateKeys == expected, "case \(offset)")
            guard case .mapping(let pairs) = document.root.kind else {
                Issue.record("not a mapping")
                continue
            }
            #expect(pairs.map { $0.key.scalar ?? "" } == kept, "case \(offset)")
        }
    }

    /// The byte paths of reading a column type and checking a name give what the Character paths give.
    @Test func asciiNameAndTypePathsMatchCharacters() {
        let alphabet = ["a", "Z", "9", "_", " ", "  ", "(", ")", ",", "\r\n", "\r", "\n", "\t", "-", ".", "\u{301}", "é", "\u{0661}",
                        "\u{1F600}", "\u{7F}", "\u{1}", "\u{A0}"]
        for text in Self.strings(5000, alphabet: alphabet, maxLength: 10, seed: 5) {
            #expect(TypeSyntax.firstParenthesis(in: text) == text.firstIndex(of: "("), "\(text.debugDescription)")
            #expect(TypeSyntax.collapsingSpaces(text) == text.split(separator: " ").joined(separator: " "), "\(text.debugDescription)")
            #expect(Validator.hasWord(text) == !Naming.words(text).isEmpty, "\(text.debugDescription)")
        }
    }

    /// Decimal defaults are recognised on bytes exactly as the regular expression recognises them.
    @Test func decimalSyntaxMatchesTheRegularExpression() {
        let alphabet = ["0", "1", "9", "+", "-", ".", "e", "E", "x", " ", "\n", "\u{0663}", "\u{FF11}", "_"]
        for text in Self.strings(5000, alphabet: alphabet, maxLength: 7, seed: 7) + ["1\n", ".e1", "1.e5", "-.5E+3", "+", ""] {
            let expected = text.range(of: Validator.decimalPattern, options: .regularExpression) != nil
            #expect(Validator.isDecimalSyntax(text) == expected, "\(text.debugDescription)")
        }
    }

    /// The locations kept for migrations have the keys `SchemaOrigins.key` gives, for every valid fixture.
    @Test func locationKeysMatchSchemaOriginsKey() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: TestEnvironment.fixturesDirectory.path).sorted()
        var checked = 0
        for folder in folders {
            let file = TestEnvironment.fixturesDirectory.appendingPathComponent(folder).appendingPathComponent("schema.yaml")
            guard let data = try? Data(contentsOf: file) else { continue }
            guard let schema = Pipeline.load([UInt8](data), fileName: "schema.yaml").0, let origins = schema.origins else { continue }
            var expected = Set<String>()
            for table in schema.tables {
                expected.insert(SchemaOrigins.key("table", table.name))
                expected.insert(SchemaOrigins.key("rls", table.name))
                for column in table.columns { expected.insert(SchemaOrigins.key("column", table.name, column.name)) }
                let constraints = (table.primaryKey.map { [$0.name] } ?? []) + table.uniques.map(\.name) + table.checks.map(\.name)
                    + table.foreignKeys.map(\.name)
                for name in constraints { expected.insert(SchemaOrigins.key("constraint", table.name, name)) }
                for index in table.indexes { expected.insert(SchemaOrigins.key("index", table.name, index.name)) }
                for policy in table.rls.policies { expected.insert(SchemaOrigins.key("policy", table.name, policy.name)) }
            }
            for item in schema.enums { expected.insert(SchemaOrigins.key("enum", item.name)) }
            for view in schema.views { expected.insert(SchemaOrigins.key("view", view.name)) }
            #expect(Set(origins.locations.keys.filter { !$0.hasPrefix("section ") }) == expected, "\(folder)")
            checked += 1
        }
        #expect(checked > 20)
    }

    /// Referential actions are spelled on bytes for ASCII text exactly as Foundation spells them.
    @Test func actionSpellingMatchesFoundation() {
        let alphabet = ["s", "E", "t", "_", "N", " ", "\u{301}", "é", "\u{130}", "ß", "-"]
        for text in Self.strings(3000, alphabet: alphabet, maxLength: 9, seed: 8) + ["SET_NULL", "no_action", "Cascade"] {
            #expect(Validator.actionSpelling(text) == text.lowercased().replacingOccurrences(of: "_", with: " "), "\(text.debugDescription)")
        }
    }
}

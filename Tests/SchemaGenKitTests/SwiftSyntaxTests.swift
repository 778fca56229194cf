import Foundation
import Testing
@testable import SchemaGenKit

@Suite struct SwiftSyntaxTests {
    static let hostile = [
        "", "plain", "it's", "\"quoted\"", "\"\"\"", "back\\slash", "\\(x)", "\\(x + 1)", "#\"raw\"#", "${x}", "*/", "/*",
        "`tick`", "line\nbreak", "cr\rlf\r\n", "tab\there", "bell\u{07}", "del\u{7F}", "nul\u{0}", "é café 日本 🐼",
        "rtl\u{202E}override", "zero\u{200B}width", "ls\u{2028}ps\u{2029}", "nel\u{85}", "\\", "\"", "\\\"",
    ]

    // MARK: identifier

    @Test func identifierKeepsValidNames() {
        #expect(SwiftSyntax.identifier("keyHash") == "keyHash")
        #expect(SwiftSyntax.identifier("_private") == "_private")
        #expect(SwiftSyntax.identifier("café") == "café")
        #expect(SwiftSyntax.identifier("日本") == "日本")
    }

    @Test func identifierEscapesKeywords() {
        for keyword in ["class", "default", "self", "Self", "Type", "Any", "in", "is", "func", "init", "protocol", "true", "nil", "some", "any"] {
            #expect(SwiftSyntax.identifier(keyword) == "`\(keyword)`")
            #expect(SwiftSyntax.bareIdentifier(keyword) == keyword)
        }
        #expect(SwiftSyntax.identifier("async") == "async")
        #expect(SwiftSyntax.identifier("classes") == "classes")
    }

    @Test func identifierRepairsInvalidNames() {
        #expect(SwiftSyntax.identifier("1st") == "_1st")
        #expect(SwiftSyntax.identifier("") == "__")
        #expect(SwiftSyntax.identifier("_") == "__")
        #expect(SwiftSyntax.identifier("a-b c") == "a_b_c")
        #expect(SwiftSyntax.identifier("\\(x)") == "__x_")
        #expect(SwiftSyntax.identifier("`tick`") == "_tick_")
        #expect(SwiftSyntax.identifier("a\u{202E}b") == "a_b")
        #expect(SwiftSyntax.identifier("a\u{200B}b") == "a_b")
        #expect(SwiftSyntax.identifier("\u{301}accent") == "_\u{301}accent")
        #expect(SwiftSyntax.identifier("$0") == "_0")
    }

    @Test func identifiersCompile() throws {
        let names = Self.hostile + ["class", "self", "Type", "1st", "_", "init", "default", "straße", "🐼", "a\u{301}"]
        var seen = Set<String>()
        var lines = ["struct Holder {"]
        for name in names {
            let identifier = SwiftSyntax.identifier(name)
            guard seen.insert(identifier).inserted else { continue }
            lines.append("    var \(identifier): Int = 0")
        }
        lines.append("}")
        let directory = try SwiftCompiler.temporaryDirectory("identifiers")
        defer { try? FileManager.default.removeItem(at: directory) }
        try SwiftCompiler.typecheck([try SwiftCompiler.write(lines.joined(separator: "\n") + "\n", named: "Holder.swift", in: directory)])
    }

    // MARK: string

    @Test func stringEscapes() {
        #expect(SwiftSyntax.string("plain") == "\"plain\"")
        #expect(SwiftSyntax.string("\"\"\"") == "\"\\\"\\\"\\\"\"")
        #expect(SwiftSyntax.string("\\(x)") == "\"\\\\(x)\"")
        #expect(SwiftSyntax.string("a\nb\r\tc\0") == "\"a\\nb\\r\\tc\\0\"")
        #expect(SwiftSyntax.string("\u{7}\u{202E}\u{2028}") == "\"\\u{7}\\u{202E}\\u{2028}\"")
        #expect(SwiftSyntax.string("é 🐼") == "\"é 🐼\"")
        for text in Self.hostile {
            let literal = SwiftSyntax.string(text)
            #expect(!literal.contains("\n") && !literal.contains("\r"), "a literal spans lines: \(literal)")
        }
    }

    /// The compiler reads every literal back as exactly the text it was made from.
    @Test func stringsRoundTripThroughTheCompiler() throws {
        let literals = Self.hostile.map(SwiftSyntax.string).joined(separator: ",\n    ")
        let program = """
        let values: [String] = [
            \(literals),
        ]
        for value in values {
            print(value.unicodeScalars.map { String($0.value) }.joined(separator: " "))
        }

        """
        let directory = try SwiftCompiler.temporaryDirectory("strings")
        defer { try? FileManager.default.removeItem(at: directory) }
        let main = try SwiftCompiler.write(program, named: "main.swift", in: directory)
        let output = try Shell.run(try SwiftCompiler.build([main], in: directory).path, [])
        let expected = Self.hostile.map { $0.unicodeScalars.map { String($0.value) }.joined(separator: " ") }
        #expect(output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) == expected)
    }

    // MARK: docComment

    @Test func docCommentLines() {
        #expect(SwiftSyntax.docComment("One line.") == ["/// One line."])
        #expect(SwiftSyntax.docComment("a\nb\r\nc\rd") == ["/// a", "/// b", "/// c", "/// d"])
        #expect(SwiftSyntax.docComment("\n\nfirst\n\n\nlast  \n\n") == ["/// first", "///", "///", "/// last"])
        #expect(SwiftSyntax.docComment("ls\u{2028}ps\u{2029}nel\u{85}end") == ["/// ls", "/// ps", "/// nel", "/// end"])
        #expect(SwiftSyntax.docComment("*/ /* \"\"\" \\(x) `t`") == ["/// */ /* \"\"\" \\(x) `t`"])
        #expect(SwiftSyntax.docComment("bell\u{7} nul\u{0} rtl\u{202E}") == ["/// bell\\u{7} nul\\u{0} rtl\\u{202E}"])
        #expect(SwiftSyntax.docComment("tab\there") == ["/// tab    here"])
        #expect(SwiftSyntax.docComment("") == [])
        #expect(SwiftSyntax.docComment(" \n ") == [])
    }

    /// Whatever the text, the comment lines compile and nothing after them is swallowed.
    @Test func docCommentsCompile() throws {
        var lines: [String] = []
        for (index, text) in Self.hostile.enumerated() {
            lines += SwiftSyntax.docComment(text)
            lines.append("let value\(index) = \(index)")
        }
        lines.append("print(" + Self.hostile.indices.map { "value\($0)" }.joined(separator: " + ") + ")")
        let directory = try SwiftCompiler.temporaryDirectory("doc-comments")
        defer { try? FileManager.default.removeItem(at: directory) }
        let main = try SwiftCompiler.write(lines.joined(separator: "\n") + "\n", named: "main.swift", in: directory)
        let output = try Shell.run(try SwiftCompiler.build([main], in: directory).path, [])
        #expect(output == "\(Self.hostile.indices.reduce(0, +))\n")
    }
}

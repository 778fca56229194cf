import Foundation
import Testing
@testable import SchemaGenKit

/// Hostile and broken bytes: each gets one clear error with its place, returns quickly and never crashes.
@Suite struct YAMLParserTests {
    /// The diagnostics of compiling raw bytes, one line each.
    func diagnostics(_ bytes: [UInt8]) -> [String] {
        Pipeline.run(bytes, fileName: "schema.yaml", templates: TestEnvironment.templates).diagnostics.map(\.description)
    }

    func diagnostics(_ text: String) -> [String] { diagnostics(Array(text.utf8)) }

    @Test func emptyFile() {
        #expect(diagnostics([]) == ["schema.yaml:1:1: error: the schema is empty (declare at least 'tables:')"])
    }

    @Test func onlyComments() {
        #expect(diagnostics("# nothing\n\n  # yet\n") == ["schema.yaml:1:1: error: the schema is empty (declare at least 'tables:')"])
    }

    @Test func onlyNull() {
        #expect(diagnostics("~\n") == ["schema.yaml:1:1: error: the schema is empty (declare at least 'tables:')"])
    }

    @Test func nonUTF8Bytes() {
        let bytes = Array("tables:\n  notes:\n    comment: caf".utf8) + [0xE9] + Array(" au lait\n".utf8)
        #expect(diagnostics(bytes) == ["schema.yaml:3:17: error: the file is not valid UTF-8"])
    }

    @Test func truncatedUTF8Sequence() {
        #expect(diagnostics(Array("a: ".utf8) + [0xE2, 0x82]) == ["schema.yaml:1:4: error: the file is not valid UTF-8"])
    }

    @Test func nulByte() {
        let bytes = Array("tables:\n  no".utf8) + [0] + Array("tes: {}\n".utf8)
        #expect(diagnostics(bytes) == ["schema.yaml:2:5: error: YAML syntax error: the file contains a NUL byte"])
    }

    @Test func controlCharacter() {
        let bytes = Array("tables:\n  a".utf8) + [0x01] + Array(": {}\n".utf8)
        #expect(diagnostics(bytes) == ["schema.yaml:2:4: error: YAML syntax error: control characters are not allowed"])
    }

    @Test func billionLaughs() {
        var lines = ["lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1...9 {
            lines.append("lol\(level): &lol\(level) [" + Array(repeating: "*lol\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        lines.append("tables: *lol9")
        let result = diagnostics(lines.joined(separator: "\n"))
        #expect(result.count == 1)
        #expect(result.first?.contains("error: YAML aliases expand the document beyond 10000 nodes") == true)
    }

    /// An alias bomb used as a mapping key: a composer that hashes keys would hang here.
    @Test func aliasBombAsKey() {
        var lines = ["a0: &a0 [x, x]"]
        for level in 1...40 { lines.append("a\(level): &a\(level) [*a\(level - 1), *a\(level - 1)]") }
        lines.append("tables:\n  ? *a40\n  : {}")
        let result = diagnostics(lines.joined(separator: "\n"))
        #expect(result.count == 1)
        #expect(result.first?.contains("YAML aliases expand the document beyond") == true)
    }

    @Test func aliasesWithinTheBudgetWork() {
        let yaml = """
        tables:
          notes:
            columns:
              id: &key { type: uuid, primary_key: true }
            rls: false
          tags:
            columns:
              id: *key
            rls: false
        """
        let result = Pipeline.run(Array(yaml.utf8), fileName: "schema.yaml", templates: TestEnvironment.templates)
        #expect(!result.hasErrors, "\(result.diagnostics)")
        #expect(result.schema?.tables.map { $0.primaryKey?.columns } == [["id"], ["id"]])
    }

    @Test func undefinedAlias() {
        #expect(diagnostics("tables: *nothing\n")
                == ["schema.yaml:1:9: error: YAML syntax error: the alias '*nothing' names no anchor defined before it"])
    }

    @Test func deepFlowNesting() {
        let result = diagnostics("tables: " + String(repeating: "[", count: 100_000))
        #expect(result == ["schema.yaml:1:10: error: lists and mappings are nested more than 100 levels deep"])
    }

    @Test func deepNestingJustOverTheLimit() {
        let result = diagnostics("tables: " + String(repeating: "[", count: 150) + String(repeating: "]", count: 150))
        #expect(result == ["schema.yaml:1:108: error: lists and mappings are nested more than 100 levels deep"])
    }

    @Test func deepBlockNesting() {
        var text = ""
        for depth in 0..<200 { text += String(repeating: " ", count: depth) + "k:\n" }
        #expect(diagnostics(text) == ["schema.yaml:101:101: error: lists and mappings are nested more than 100 levels deep"])
    }

    @Test func hugeSingleLine() {
        let result = diagnostics("tables: " + String(repeating: "x", count: 5_000_000) + "\n")
        #expect(result.count == 1)
        #expect(result.first?.hasPrefix("schema.yaml:1:9: error: expected a mapping, found 'xxxxxxxx") == true)
    }

    @Test func hugeKeyIsASyntaxError() {
        let result = diagnostics(String(repeating: "k", count: 2_000) + ": 1\n")
        #expect(result == ["schema.yaml:1:2001: error: YAML syntax error: mapping values are not allowed in this context"])
    }

    @Test func everyDuplicateKeyIsReportedAtTheDuplicate() {
        let yaml = """
        tables:
          notes:
            columns:
              id: { type: uuid, primary_key: true }
              id: text
            rls: false
          notes: {}
        tables: {}
        """
        #expect(diagnostics(yaml) == [
            "schema.yaml:5:7: error: duplicate key 'id' in tables.notes.columns (first defined at line 4, column 7; remove or rename one of them)",
            "schema.yaml:7:3: error: duplicate key 'notes' in tables (first defined at line 2, column 3; remove or rename one of them)",
            "schema.yaml:8:1: error: duplicate key 'tables' (first defined at line 1, column 1; remove or rename one of them)",
        ])
    }

    @Test func quotedAndPlainKeysAreTheSameKey() {
        #expect(diagnostics("tables: {}\n\"tables\": {}\n")
                == ["schema.yaml:2:1: error: duplicate key 'tables' (first defined at line 1, column 1; remove or rename one of them)"])
    }

    @Test func crlfLinesAreCountedOnce() {
        let yaml = "tables:\r\n  notes:\r\n    columns:\r\n      id: strng\r\n"
        #expect(diagnostics(yaml).first == "schema.yaml:4:11: error: unknown type 'strng' in tables.notes.columns.id (did you mean 'string'?)")
    }

    @Test func twoDocuments() {
        #expect(diagnostics("tables: {}\n---\ntables: {}\n")
                == ["schema.yaml:2:1: error: YAML syntax error: the file holds more than one YAML document; a schema is one document"])
    }

    @Test func topLevelList() {
        #expect(diagnostics("- tables\n")
                == ["schema.yaml:1:1: error: expected a mapping, found a list"])
    }

    @Test func quotedScalarsStayStrings() throws {
        let parsed = try YAMLParser.parse(Array("a: \"true\"\nb: true\nc: !!str 1\n".utf8)).get()
        guard case .mapping(let pairs) = parsed.root.kind else { Issue.record("not a mapping"); return }
        let plain = pairs.map { pair -> Bool in
            if case .scalar(_, let plain) = pair.value.kind { return plain }
            return false
        }
        #expect(plain == [false, true, false])
    }

    @Test func byteOffsetsBecomeLinesAndCharacterColumns() {
        let bytes = Array("é\nab\r\ncd\rx".utf8)
        #expect(YAMLParser.location(ofOffset: 2, in: bytes) == SourceLocation(line: 1, column: 2))
        #expect(YAMLParser.location(ofOffset: 4, in: bytes) == SourceLocation(line: 2, column: 2))
        #expect(YAMLParser.location(ofOffset: 7, in: bytes) == SourceLocation(line: 3, column: 1))
        #expect(YAMLParser.location(ofOffset: 10, in: bytes) == SourceLocation(line: 4, column: 1))
    }
}

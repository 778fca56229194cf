import Testing
@testable import SchemaGenKit

/// Names PostgreSQL holds that the language once refused: quoted parts of `schema.name`, names without a letter or
/// digit, line breaks in column names, the empty enum label, built-in type names.
@Suite struct ValidatorNamesTests {
    @Test(arguments: [
        ("a", ["a"]),
        ("app.items", ["app", "items"]),
        (#""a.b""#, ["a.b"]),
        (#"app."a.b""c""#, ["app", #"a.b"c"#]),
        (#""app.x".y"#, ["app.x", "y"]),
        (#"sessions "1""#, [#"sessions "1""#]),
        (#""*/*""#, ["*/*"]),
    ])
    func nameParts(_ text: String, _ expected: [String]) {
        #expect(Validator.nameParts(text) == expected)
    }

    @Test(arguments: [#""a"#, #""a"b"#, #"a."b"c"#])
    func unclosedOrTrailingQuotesAreRefused(_ text: String) {
        #expect(Validator.nameParts(text) == nil)
    }

    @Test(arguments: ["items", "a.b", #""q"#, " x", "x?", "x[]", "f(1)", "text", "Integer", "double precision", #"a"b"#, "*/*", ""])
    func writtenNamesReadBack(_ name: String) throws {
        let written = Validator.writtenNamePart(name)
        #expect(Validator.nameParts(written) == [name])
        let parsed = try TypeSyntax.parse(written + "?").get()
        #expect(parsed.base == .named(written), "\(written)")
        #expect(parsed.nullable)
    }

    func load(_ yaml: String) -> (Schema?, [Diagnostic]) {
        Pipeline.load(Array(yaml.utf8), fileName: "schema.yaml")
    }

    @Test func everyNamePostgreSQLHoldsValidates() throws {
        let yaml = #"""
        settings: { exposed_schemas: [] }
        enums:
          e_empty: ["", a]
          '"text"': { values: [x], names: { type: TextKind } }
        domains:
          "*/*": bytea
          '"application/vnd.pgrst.object"': jsonb
          '"uuid"': text
        tables:
          "/*":
            columns:
              id: { type: integer, primary_key: true }
              "-": text
              "a\nb": '"application/vnd.pgrst.object"?'
              t: '"text"'
              u: public.uuid
              b: "*/*?"
          '"x.y"':
            columns:
              id: { type: integer, primary_key: true }
              r: { type: integer, references: '"/*".id' }
        """#
        let (schema, diagnostics) = load(yaml)
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors)")
        let loaded = try #require(schema)
        #expect(loaded.enums[0].values == ["", "a"])
        #expect(loaded.enums[0].valueNames[0].swift == "empty")
        let table = try #require(loaded.tables.first { $0.name.name == "/*" })
        #expect(table.names.type == "UnnamedTable")
        #expect(table.columns.map(\.names.ts) == ["id", "column", "aB", "t", "u", "b"])
        #expect(table.columns[3].type == .enumeration(QualifiedName(schema: "public", name: "text")))
        #expect(loaded.tables.contains { $0.name.name == "x.y" })
    }

    @Test func aBareDomainNamedLikeABuiltInIsStillAnError() {
        let (_, diagnostics) = load("domains:\n  uuid: text\n")
        #expect(diagnostics.contains { $0.severity == .error && $0.message.contains("built-in type") })
    }
}

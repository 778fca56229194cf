import Testing
@testable import SchemaGenKit

@Suite struct SQLSyntaxTests {
    @Test(arguments: [
        ("users", "users"),
        ("_private", "_private"),
        ("api_keys2", "api_keys2"),
        ("user", "\"user\""),
        ("order", "\"order\""),
        ("select", "\"select\""),
        ("UserName", "\"UserName\""),
        ("userName", "\"userName\""),
        ("2fa", "\"2fa\""),
        ("with space", "\"with space\""),
        ("wi\"th", "\"wi\"\"th\""),
        ("\"", "\"\"\"\""),
        ("back\\slash", "\"back\\slash\""),
        ("line\nbreak", "\"line\nbreak\""),
        ("café", "\"café\""),
        ("ключ", "\"ключ\""),
        ("dollar$", "\"dollar$\""),
        ("", "\"\""),
    ])
    func quoteIdent(_ name: String, _ expected: String) {
        #expect(SQLSyntax.quoteIdent(name) == expected)
    }

    /// Non-reserved keywords are valid bare column names in PostgreSQL and stay unquoted.
    @Test func nonReservedKeywordsStayBare() {
        for word in ["name", "type", "status", "comment", "text", "date", "key", "value", "role", "action"] {
            #expect(SQLSyntax.quoteIdent(word) == word)
        }
    }

    @Test(arguments: [
        ("plain", "'plain'"),
        ("it's", "'it''s'"),
        ("''", "''''''"),
        ("back\\slash", "E'back\\\\slash'"),
        ("line\nbreak", "E'line\\nbreak'"),
        ("tab\there", "E'tab\\there'"),
        ("cr\r", "E'cr\\r'"),
        ("bell\u{7}", "E'bell\\x07'"),
        ("del\u{7F}", "E'del\\x7F'"),
        ("it's\\n", "E'it''s\\\\n'"),
        ("$$ dollar $$", "'$$ dollar $$'"),
        ("*/ /* -- comment", "'*/ /* -- comment'"),
        ("naïve ☃ 𝄞", "'naïve ☃ 𝄞'"),
        ("", "''"),
    ])
    func literal(_ text: String, _ expected: String) {
        #expect(SQLSyntax.literal(text) == expected)
    }

    @Test func qualifiedNamesQuoteEachPart() {
        #expect(SQLSyntax.qualified(QualifiedName(schema: "public", name: "users")) == "public.users")
        #expect(SQLSyntax.qualified(QualifiedName(schema: "Auth", name: "user")) == "\"Auth\".\"user\"")
    }

    @Test func alwaysQuoteDoublesQuotes() {
        #expect(SQLSyntax.alwaysQuote("Users can \"view\" own rows") == "\"Users can \"\"view\"\" own rows\"")
    }
}

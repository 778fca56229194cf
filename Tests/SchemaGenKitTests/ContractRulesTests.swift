import Testing
@testable import SchemaGenKit

/// Which checks the API contracts translate, and into what; everything else must stay untranslated.
@Suite struct ContractRulesTests {
    let types: [String: ColumnType] = [
        "n": .integer, "name": .varchar(length: 100), "price": .numeric(precision: 10, scale: 2), "ratio": .real,
        "status": .enumeration(QualifiedName(schema: "public", name: "status")), "body": .text, "at": .timestamptz(precision: nil),
    ]

    func rules(_ expression: String) -> [String]? {
        CheckTranslator.translate(expression, columns: Set(types.keys), types: types).map { translation in
            translation.rules.map { "\($0.column) \($0.rule)" } + translation.notNull.sorted().map { "\($0) not null" }
        }
    }

    @Test func translatesComparisonsBetweenAndConjunctions() {
        #expect(rules("n > 0") == ["n compare(SchemaGenKit.ContractRule.ComparisonOperator.greater, SchemaGenKit.ContractLiteral.number(\"0\"))"])
        #expect(rules("0 < n")?.count == 1)
        #expect(rules("(n >= 1) AND (n <= 500)")?.count == 2)
        #expect(rules("n BETWEEN 0 AND 100")?.count == 2)
        #expect(rules("price >= -1.5")?.count == 1)
        #expect(rules("n IS NOT NULL") == ["n not null"])
    }

    @Test func translatesStringRules() {
        #expect(rules("char_length(name) BETWEEN 1 AND 200")?.count == 2)
        #expect(rules("length(body) <= 280")?.count == 1)
        #expect(rules("body <> ''")?.count == 1)
        #expect(rules("status IN ('a', 'b')")?.count == 1)
        #expect(rules("(status)::text = ANY (ARRAY['a'::text])") == nil)
        #expect(rules("name ~ '^[a-z]+$'")?.count == 1)
        #expect(rules("body IN ('it''s', $$x$$)") != nil)
    }

    @Test func leavesEverythingElseUntranslated() {
        for expression in [
            "n > 0 OR n IS NULL", "NOT (n > 0)", "n NOT BETWEEN 1 AND 2", "lower(name) = name", "name > 'a'",
            "name ~* '^a'", "name ~ '\\d+'", "name ~ '[[:alpha:]]+'", "body ~ E'^a\\\\d'", "ratio > 0.5", "at > now()",
            "n > other", "n + 1 > 0", "char_length(name) = 3", "name ~ '(?=a)'", "name ~ 'a{1,}?'", "price > 1e3",
        ] {
            #expect(rules(expression) == nil, "\(expression)")
        }
    }

    @Test func portableRegularExpressions() {
        for pattern in ["^[a-z0-9]+(-[a-z0-9]+)*$", "^INV-[0-9]{3,6}$", "a.b", "^[^@ ]+@[^@ ]+[.][a-z]+$", "\\.", "(?:ab|cd)+"] {
            #expect(RegexSubset.isPortable(pattern), "\(pattern)")
        }
        for pattern in ["\\d", "\\w+", "[[:digit:]]", "a*?", "(?i)a", "\\1", "[]a]", "[a\\]]", "[a&&b]", "é", "a{2", "}", "(a"] {
            #expect(!RegexSubset.isPortable(pattern), "\(pattern)")
        }
    }

    @Test func boundsKeepTheStrictest() {
        var bounds = Bounds()
        bounds.add(.greaterOrEqual, "-2147483648")
        bounds.add(.greater, "0")
        bounds.add(.lessOrEqual, "2147483647")
        bounds.add(.lessOrEqual, "100000")
        bounds.add(.less, "100000")
        #expect(bounds.keywords(quoted: false) == ["gt=0", "lt=100000"])
        #expect(Bounds.compare("-1.50", "-1.5") == 0)
        #expect(Bounds.compare("10", "9.99") == 1)
        #expect(Bounds.compare("-10", "-9") == -1)
    }
}

import Testing
@testable import SchemaGenKit

/// `SQLFragment`: what may be written into a statement as it is, and what would change the statement.
@Suite struct SQLFragmentTests {
    @Test(arguments: [
        "n > 0", "count(*) > 0", "a.b::text <> 'x;y'", "E'it\\'s' <> $$a;b$$", "$q$ ) $q$ = x", "\"a\"\"b\" > 0",
        "x /* a /* nested */ comment */ > 0", "n > 0 -- note\n", "arr[1] = 2", "x IS NOT NULL", "now()", "t.*",
        "CASE WHEN a THEN b ELSE c END", "f(a, b) > 0", "'a''b' = c", "-1 < n", "x = ANY (ARRAY[1, 2])",
    ])
    func expressionsAreAccepted(_ text: String) {
        #expect(SQLFragment.problem(in: text, kind: .expression) == nil)
    }

    @Test(arguments: [
        ("n > 0); DROP TABLE t; --", "')' closes nothing"), ("n > 0, extra int", "a ',' outside parentheses"),
        ("(n > 0", "'(' is not closed"), ("n > 0 -- c", "a -- comment runs to its end"), ("n /* c", "not closed"),
        ("x = 'a", "string literal"), ("x = \"a", "quoted name"), ("x = $t$a", "dollar-quoted"), ("n >", "ends with '>'"),
        ("n > 0 AND", "ends with 'AND'"), ("", "it is empty"), ("  -- only\n", "it is empty"), ("a; b", "';'"),
        ("x::", "ends with '::'"), ("arr[1 = 2", "'[' is not closed"), ("(a]", "']' closes nothing"),
    ])
    func brokenExpressionsAreRefused(_ text: String, _ problem: String) {
        let found = SQLFragment.problem(in: text, kind: .expression)
        #expect(found?.contains(problem) == true, "\(found ?? "nil")")
    }

    @Test func queriesMayHaveCommasButNotASecondStatement() {
        #expect(SQLFragment.problem(in: "SELECT a, b FROM t WHERE x = 'a;b'", kind: .query) == nil)
        #expect(SQLFragment.problem(in: "SELECT 1; DROP TABLE t", kind: .query)?.contains("';'") == true)
        #expect(SQLFragment.problem(in: "SELECT 1 -- c", kind: .query)?.contains("comment") == true)
        #expect(SQLFragment.problem(in: "n > 0 -- c", kind: .expression, closedOnItsOwnLine: true) == nil)
    }
}

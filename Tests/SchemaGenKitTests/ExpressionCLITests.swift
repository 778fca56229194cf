import Foundation
import Testing

/// SQL expressions from the schema are copied into the DDL: text that is not one expression, or a check that names
/// a column the table does not have, is a located error, and nothing is written. Through the CLI.
@Suite struct ExpressionCLITests {
    let cli = CLITests()

    /// A schema whose one table has the given extra column fields and table-level lines.
    static func schema(column: String = "", table: String = "", top: String = "") -> String {
        """
        \(top)
        tables:
          accounts:
            rls: { deny_all: true }
            columns:
              id: { type: uuid, primary_key: true }
              n: { type: integer\(column) }
              name: text
        \(table)

        """
    }

    /// Hostile or broken text in each field, where it is in the file, and what the error says.
    static let rejected: [(yaml: String, place: String, message: String)] = [
        (schema(column: #", check: "n > 0); DROP TABLE victim; --""#), "schema.yaml:7:34",
         "error: the check is not one SQL expression: ')' closes nothing that was opened in tables.accounts.columns.n.check"),
        (schema(column: #", check: "n >""#), "schema.yaml:7:34", "error: the check is not one SQL expression: it ends with '>'"),
        (schema(column: #", check: "n > 0 AND""#), "schema.yaml:7:34", "it ends with 'AND', which needs something after it"),
        (schema(table: "    checks: [\"n > 0, extra_column integer\"]"), "schema.yaml:9:14",
         "error: the check is not one SQL expression: a ',' outside parentheses starts a second expression in tables.accounts.checks[0]"),
        (schema(table: "    checks: [{ name: positive, check: \"n > 0 -- and then\" }]"), "schema.yaml:9:39", "a -- comment runs to its end"),
        (schema(table: "    checks: [\"n > 0 /* open\"]"), "schema.yaml:9:14", "a /* comment is not closed"),
        (schema(table: "    checks: [\"name = $$x\"]"), "schema.yaml:9:14", "a dollar-quoted string ($$...) is not closed"),
        (schema(table: "    checks: [\"name = 'x\"]"), "schema.yaml:9:14", "a string literal ('...') is not closed"),
        (schema(column: #", generated: "id::text || 'x') STORED, extra int GENERATED ALWAYS AS ('1'""#), "schema.yaml:7:38",
         "error: the generated expression is not one SQL expression: ')' closes nothing that was opened"),
        (schema(top: "domains:\n  positive: { type: integer, checks: [\"VALUE > 0); DROP TABLE victim; --\"] }"), "schema.yaml:2:39",
         "error: the domain check is not one SQL expression"),
        (schema(top: "views:\n  v: { sql: \"SELECT 1; DROP TABLE victim\", columns: { x: integer } }"), "schema.yaml:2:13",
         "error: the view's sql is not one query: ';' would end the statement in views.v.sql"),
        (schema(table: "    indexes: [{ columns: [n], where: \"n > 0; DROP TABLE victim\" }]"), "schema.yaml:9:38",
         "error: the index predicate is not one SQL expression: ';' would end the statement"),
        (schema(table: "  other:\n    columns: { id: { type: uuid, primary_key: true } }\n"
                 + "    rls: { policies: [{ name: p, command: select, using: \"true) WITH CHECK (true\" }] }"), "schema.yaml:11:58",
         "error: the policy's using is not one SQL expression"),
        (schema(column: #", check: "m > 0""#), "schema.yaml:7:34",
         "error: table public.accounts has no column 'm' in tables.accounts.columns.n.check (did you mean 'n'?)"),
        (schema(table: "    checks: [\"nme <> ''\"]"), "schema.yaml:9:14", "error: table public.accounts has no column 'nme' in tables.accounts.checks[0] (did you mean 'name'?)"),
        (schema(column: #", generated: "length(nam)""#), "schema.yaml:7:38",
         "error: table public.accounts has no column 'nam' in tables.accounts.columns.n.generated (did you mean 'name'?)"),
    ]

    @Test(arguments: 0..<rejected.count)
    func brokenExpressionIsALocatedErrorAndNothingIsWritten(case index: Int) throws {
        let (yaml, place, message) = Self.rejected[index]
        let directory = try cli.project(yaml)
        let run = try cli.run(["generate"], in: directory)
        #expect(run.status == 1)
        #expect(run.stderr.contains(place + ": " + message) || (run.stderr.contains(place + ": error:") && run.stderr.contains(message)),
                "\(run.stderr)")
        #expect(cli.files(directory) == ["schema.yaml"])
    }

    /// A policy clause closes its parenthesis on a line of its own after a comment, so there a comment may end the
    /// text; in a check it would swallow the parenthesis.
    @Test func trailingCommentIsAllowedWhereTheParenthesisGoesOnItsOwnLine() throws {
        let directory = try cli.project(Self.schema(table: """
          owned:
            columns:
              id: { type: uuid, primary_key: true }
              user_id: uuid
            rls: { policies: [{ name: own, command: select, using: "(select auth.uid()) = user_id -- the owner" }] }
        """))
        let run = try cli.run(["generate"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let rls = try String(contentsOf: directory.appendingPathComponent("Generated/sql/rls.sql"), encoding: .utf8)
        #expect(rls.contains("(select auth.uid()) = user_id -- the owner\n    );"))
    }

    /// Valid SQL of many shapes: functions, keywords, casts, literals, qualified names, subqueries, comments.
    @Test func validExpressionsAreAccepted() throws {
        let directory = try cli.project(Self.schema(
            column: #", check: "n > 0 AND n::numeric(10, 2) < 1e6 AND n IS DISTINCT FROM NULL -- small\n""#,
            table: #"""
                checks:
                  - "char_length(name) > 0 AND name ~* '^[a-z]' AND name <> ALL (ARRAY['x', 'y']) AND name COLLATE \"C\" > 'a'"
                  - "CASE WHEN n = 1 THEN true ELSE name IS NOT NULL END AND position('a' in name) >= 0 AND trim(both ' ' from name) <> ''"
                  - "substring(name from 1 for 2) <> 'zz' AND name::character varying(5) IS NOT NULL AND accounts.n >= 0 /* c */"
                  - "extract(epoch from now()) > 0 AND CURRENT_DATE > DATE '2000-01-01' AND interval '1 day' > interval '1 hour'"
                  - "\"n\" >= 0 AND $tag$x;y$tag$ <> 'a;b' AND E'\\'' <> '' AND (SELECT count(*) FROM pg_class c WHERE c.relname = 'x') >= 0"
                indexes: [{ columns: [n], where: "n > 0 AND name IS NOT NULL" }]
              generated_table:
                rls: { deny_all: true }
                columns:
                  id: { type: uuid, primary_key: true }
                  first: text
                  full_name: { type: text, generated: "coalesce(first, '') || ' ' || upper(first)" }
                  created: { type: timestamptz, default_sql: "now()" }
            views:
              v:
                sql: "SELECT n -- note\n, (SELECT 1) AS one, 'a;b' AS s FROM accounts WHERE n > 0;"
                columns: { n: integer, one: integer, s: text }
            """#,
            top: "domains:\n  positive: { type: integer, checks: [\"VALUE > 0\", \"VALUE < 100\"] }"))
        let run = try cli.run(["generate"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let sql = try String(contentsOf: directory.appendingPathComponent("Generated/sql/schema.sql"), encoding: .utf8)
        #expect(sql.contains("position('a' in name) >= 0"))
    }
}

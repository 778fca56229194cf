import Testing
@testable import SchemaGenKit

/// Reading policy expressions: the table's columns they name, and per-row `auth.*()` calls.
@Suite struct PolicyExpressionTests {
    @Test(arguments: [
        ("(select auth.uid()) = user_id", ["user_id"]),
        ("user_id = (SELECT auth.uid()) AND NOT is_archived", ["user_id", "is_archived"]),
        ("\"Owner Id\" = (select auth.uid())", ["Owner Id"]),
        ("User_ID = (select auth.uid())", ["user_id"]),
        ("status IN ('open', 'user_id''s') AND team.id IS NOT NULL", ["status"]),
        ("EXISTS (SELECT 1 FROM public.projects p WHERE p.id = project_id AND p.user_id = (select auth.uid()))", []),
        ("tags @> ARRAY['x']::text[] AND created_at > now() - interval '1 day'", ["tags", "created_at"]),
        ("extract(dow from now()) BETWEEN 1 AND 5 -- weekdays_only", []),
        ("body <> E'it\\'s' AND name COLLATE \"C\" > 'a' /* comment_col */", ["body"]),
        ("date '2024-01-01' < due_on AND amount::numeric(12,2) > 0 AND $$x$$ = note", ["due_on", "amount", "note"]),
        ("CASE WHEN is_public THEN true ELSE owner_id = (select auth.uid()) END", ["is_public", "owner_id"]),
    ])
    func columnReferences(_ expression: String, _ columns: [String]) {
        #expect(PolicyExpression.columnReferences(in: expression) == columns)
    }

    @Test(arguments: [
        ("crawl_jobs.project_id IS NOT NULL", [["crawl_jobs"]: "project_id"]),
        ("public.projects.user_id = (select auth.uid())", [["public", "projects"]: "user_id"]),
        ("EXISTS (SELECT 1 FROM public.projects p WHERE p.id = project_id)", [["public", "projects"]: "id"]),
        ("EXISTS (SELECT 1 FROM projects AS \"P\" JOIN teams t ON t.id = \"P\".team_id)", [["teams"]: "id", ["projects"]: "team_id"]),
        ("auth.uid() = user_id AND Orders.\"Total\" > 0", [["orders"]: "Total"]),
        ("x::public.money_amount > 0 AND (row).field = 1", [:]),
        ("EXISTS (SELECT 1 FROM jsonb_each(data) AS e WHERE e.key = 'a')", [["e"]: "key"]),
    ] as [(String, KeyValuePairs<[String], String>)])
    func qualifiedColumns(_ expression: String, _ expected: KeyValuePairs<[String], String>) {
        let found = PolicyExpression.qualifiedColumns(in: expression)
        #expect(found.map(\.relation) == expected.map(\.key))
        #expect(found.map(\.column) == expected.map(\.value))
    }

    @Test(arguments: [
        ("auth.uid() = user_id", ["auth.uid()"]),
        ("(select auth.uid()) = user_id", []),
        ("( SELECT\n  auth.uid() AS uid) = user_id", []),
        ("(auth.jwt() ->> 'role') = 'admin' OR auth.uid() = user_id", ["auth.jwt()", "auth.uid()"]),
        ("(select auth.jwt() ->> 'role') = 'admin'", []),
        ("current_setting('request.jwt.claims', true)::jsonb ->> 'sub' = user_id::text", ["current_setting()"]),
        ("EXISTS (SELECT 1 FROM projects p WHERE p.user_id = auth.uid())", ["auth.uid()"]),
        ("note = 'auth.uid()' AND \"auth\" IS NOT NULL", []),
        ("myschema.auth.uid() = user_id", []),
    ])
    func perRowAuthCalls(_ expression: String, _ calls: [String]) {
        #expect(PolicyExpression.perRowAuthCalls(in: expression) == calls)
    }

    @Test func lexerKeepsLiteralsWhole() {
        let tokens = SQLLexer.tokenize("a = E'x\\'y' || $tag$ it's $$ $tag$ || 'p''q' -- c\n|| \"b\"\"c\" || 1.5e3")
        #expect(tokens.map(\.text) == ["a", "=", "'x\\'y'", "|", "|", "$tag$ it's $$ $tag$", "|", "|", "'p''q'", "|", "|", "b\"c", "|", "|", "1.5e3"])
        #expect(SQLLexer.hasLineBreakInLiteral("a = 'x\ny'"))
        #expect(SQLLexer.hasLineBreakInLiteral("\"a\nb\" = 1"))
        #expect(!SQLLexer.hasLineBreakInLiteral("a = 1 -- 'x\nAND b = 'y'"))
    }
}

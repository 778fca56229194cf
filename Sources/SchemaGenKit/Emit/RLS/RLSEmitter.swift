/// Row-level security as SQL: RLS switched on (or explicitly off) for every table the DDL creates, and the
/// declared policies, written so that applying the file again, to a database in any earlier state, converges
/// on exactly what the schema declares.
///
/// Why each table's state is always written, `DISABLE` and `NO FORCE` included: the file is the whole truth about
/// row-level security of the tables it manages. A table whose RLS an earlier version of the schema enabled (or
/// forced) and this one turns off would otherwise keep the old state; with its stale policies dropped it would even
/// become deny-all. Both statements are idempotent, so stating them costs nothing on a re-run.
///
/// Why stale policies are dropped: `DROP POLICY IF EXISTS` + `CREATE POLICY` replaces every declared policy, but a
/// policy the schema no longer declares (removed, renamed, or added by hand in the dashboard) would stay and keep
/// granting access, because permissive policies are OR-ed. A `DO` block therefore first drops every policy of the
/// managed tables whose name the schema does not declare. Only the managed tables are touched, so policies on
/// other tables (Supabase's own schemas, tables managed elsewhere) are left alone. Declared policies are not dropped
/// there but by their own `DROP POLICY IF EXISTS`, so each policy's statements stand on their own when read or
/// copied.
package struct RLSEmitter: Emitter {
    package static let target = Target.rls

    package struct Context {
        var header: String
        var hasTables: Bool
        var dropStale: String
        var tables: [TableContext]
        var rawSQL: [RawContext]
    }

    struct TableContext {
        var name: String
        var notes: [String]
        var rowSecurity: String
        var force: String
        var policies: [PolicyContext]
    }

    struct PolicyContext {
        var name: String
        var table: String
        var clauses: [Line]
    }

    struct Line { var text: String; var last: Bool }
    struct RawContext { var name: String; var sql: String }

    /// SHA-256 of the templates the output is rendered with, recorded in the header (`TemplateSet.fingerprint`).
    package var templatesHash: String

    package init(templatesHash: String = "") { self.templatesHash = templatesHash }

    package func context(for schema: Schema) -> Context {
        Context(
            header: GeneratedHeader(commentPrefix: "--", templatesHash: templatesHash).render(for: schema),
            hasTables: !schema.tables.isEmpty,
            dropStale: dropStale(schema.tables),
            tables: schema.tables.map(table),
            rawSQL: schema.rawSQL.filter { $0.placement == .rls }.map {
                RawContext(name: $0.name, sql: $0.sql.hasSuffix("\n") ? String($0.sql.dropLast()) : $0.sql)
            })
    }

    private func table(_ table: Table) -> TableContext {
        let name = SQLSyntax.qualified(table.name)
        var notes: [String] = []
        if !table.rls.enabled {
            notes.append("Row-level security is off: the table privileges of the API roles alone decide who reads and writes it.")
        } else if table.rls.policies.isEmpty {
            notes.append("No policy: every row is denied to the API roles (service_role and the owner bypass RLS).")
        }
        if table.rls.forced {
            notes.append("Forced: the policies apply to the table's owner too.")
        }
        return TableContext(
            name: name, notes: notes,
            rowSecurity: table.rls.enabled ? "ENABLE ROW LEVEL SECURITY" : "DISABLE ROW LEVEL SECURITY",
            force: table.rls.forced ? "FORCE ROW LEVEL SECURITY" : "NO FORCE ROW LEVEL SECURITY",
            policies: table.rls.policies.map { policy($0, table: name) })
    }

    private func policy(_ policy: Policy, table: String) -> PolicyContext {
        var clauses = [
            "AS \(policy.permissive ? "PERMISSIVE" : "RESTRICTIVE")",
            "FOR \(policy.command.sql)",
            "TO \(policy.roles.isEmpty ? "PUBLIC" : policy.roles.map(role).joined(separator: ", "))",
        ]
        if let using = policy.using { clauses.append(Self.clause("USING", using)) }
        if let withCheck = policy.withCheck { clauses.append(Self.clause("WITH CHECK", withCheck)) }
        return PolicyContext(
            name: SQLSyntax.alwaysQuote(policy.name), table: table,
            clauses: clauses.enumerated().map { Line(text: $0.element, last: $0.offset == clauses.count - 1) })
    }

    /// `public` is the PUBLIC keyword in a role list; any other role is an identifier.
    private func role(_ name: String) -> String {
        name == "public" ? "PUBLIC" : SQLSyntax.quoteIdent(name)
    }

    /// `USING (expression)` with the user's expression verbatim. A multi-line expression becomes an indented
    /// block with the closing parenthesis on a line of its own, and so does one with a `--` comment, which would
    /// otherwise swallow the parenthesis. Lines are re-indented only when no line break lies inside a literal,
    /// where whitespace is data.
    static func clause(_ keyword: String, _ expression: String) -> String {
        if !expression.contains("\n") && !expression.contains("--") { return "\(keyword) (\(expression))" }
        if SQLLexer.hasLineBreakInLiteral(expression) { return "\(keyword) (\n\(expression)\n    )" }
        let body = expression.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "        " + $0 }.joined(separator: "\n")
        return "\(keyword) (\n\(body)\n    )"
    }

    private func dropStale(_ tables: [Table]) -> String {
        let rows = tables.map { table -> String in
            let names = table.rls.policies.map { SQLSyntax.literal($0.name) }.joined(separator: ", ")
            return "(\(SQLSyntax.literal(table.name.schema)), \(SQLSyntax.literal(table.name.name)), ARRAY[\(names)]::text[])"
        }
        let body = """

        DECLARE
            stale record;
        BEGIN
            FOR stale IN
                SELECT p.schemaname, p.tablename, p.policyname
                FROM pg_catalog.pg_policies AS p
                JOIN (VALUES
                    \(rows.joined(separator: ",\n            "))
                ) AS declared (schemaname, tablename, policies)
                    ON declared.schemaname = p.schemaname::text AND declared.tablename = p.tablename::text
                WHERE p.policyname::text <> ALL (declared.policies)
            LOOP
                EXECUTE format('DROP POLICY %I ON %I.%I', stale.policyname, stale.schemaname, stale.tablename);
            END LOOP;
        END

        """
        return "DO " + SQLSyntax.dollarQuoted(body) + ";"
    }
}

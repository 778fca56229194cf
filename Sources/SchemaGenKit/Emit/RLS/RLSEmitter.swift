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

    package struct Context: Encodable {
        var header: String
        var hasTables: Bool
        var dropStale: String
        var tables: [TableContext]
        var rawSQL: [RawContext]
    }

    struct TableContext: Encodable {
        var name: String
        var notes: [String]
        var rowSecurity: String
        var force: String
        /// Why the API roles' privileges are set per column, when some column is protected (else empty).
        var privilegeNotes: [String]
        /// Whether the API roles' privileges are set per column.
        var hasPrivileges: Bool
        /// The REVOKE and GRANT statements of the API roles' column privileges, when some column is protected.
        var privileges: [String]
        var policies: [PolicyContext]
    }

    struct PolicyContext: Encodable {
        var name: String
        var table: String
        var clauses: [Line]
    }

    struct Line: Encodable { var text: String; var last: Bool }
    struct RawContext: Encodable { var name: String; var sql: String }

    /// SHA-256 of the templates the output is rendered with, recorded in the header (`TemplateSet.fingerprint`).
    package var templatesHash: String

    package init(templatesHash: String = "") { self.templatesHash = templatesHash }

    package func context(for schema: Schema) -> Context {
        Context(
            header: GeneratedHeader(commentPrefix: "--", templatesHash: templatesHash).render(for: schema),
            hasTables: !schema.tables.isEmpty,
            dropStale: dropStale(schema.tables),
            tables: schema.tables.flatMap { [table($0)] + partitions(of: $0) },
            rawSQL: schema.rawSQL.enumerated().filter { $0.element.placement == .rls }.map {
                RawContext(name: $0.element.name, sql: VerbatimSQL.marker($0.offset, in: schema))
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
            privilegeNotes: privilegeNotes(table),
            hasPrivileges: table.hasProtectedColumns,
            privileges: SQLDefinitions.clientColumnPrivileges(table),
            policies: table.rls.policies.map { policy($0, table: name) })
    }

    /// Says which columns are protected and why the table-level privileges are revoked before the column grants.
    private func privilegeNotes(_ table: Table) -> [String] {
        let protected = table.columns.filter(\.isProtected).map(\.name)
        guard !protected.isEmpty else { return [] }
        let roles = SQLDefinitions.clientRoles.joined(separator: " and ")
        let rest = table.clientWritableColumns.isEmpty ? "no other column is left to grant" : "INSERT and UPDATE are granted on the other columns"
        return ["Protected columns: \(protected.joined(separator: ", ")).",
                "\(roles) may not insert or update them; defaults, triggers, service_role and the owner still can.",
                "A table-level privilege covers every column, so it is revoked; \(rest)."]
    }

    /// The partitions of a partitioned table, with its RLS state and no policies: PostgreSQL applies the parent's
    /// policies to queries through the parent, and a partition named directly is then deny-all to the API roles.
    private func partitions(of table: Table) -> [TableContext] {
        let parent = SQLSyntax.qualified(table.name)
        return (table.partitioning?.partitions ?? []).map { partition in
            var notes: [String]
            if table.rls.enabled {
                let bypass = table.rls.forced ? "service_role bypasses RLS" : "service_role and the owner bypass RLS"
                notes = ["A partition of \(parent): queries through \(parent) see its policies, not the partition's.",
                         "No policy: a query that names the partition itself is denied every row (\(bypass))."]
            } else {
                notes = ["A partition of \(parent): row-level security is off, as on \(parent)."]
            }
            return TableContext(
                name: SQLSyntax.qualified(partition.name), notes: notes,
                rowSecurity: table.rls.enabled ? "ENABLE ROW LEVEL SECURITY" : "DISABLE ROW LEVEL SECURITY",
                force: table.rls.forced ? "FORCE ROW LEVEL SECURITY" : "NO FORCE ROW LEVEL SECURITY",
                privilegeNotes: privilegeNotes(table),
                hasPrivileges: table.hasProtectedColumns,
                privileges: SQLDefinitions.clientColumnPrivileges(table, name: partition.name),
                policies: [])
        }
    }

    private func policy(_ policy: Policy, table: String) -> PolicyContext {
        let clauses = SQLDefinitions.policyClauses(policy)
        return PolicyContext(
            name: SQLSyntax.alwaysQuote(policy.name), table: table,
            clauses: clauses.enumerated().map { Line(text: $0.element, last: $0.offset == clauses.count - 1) })
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

// MARK: Template values

// The context as the template engine reads it. Every stored property is a field; `MustacheTests` checks that
// these values equal what the properties encode to, for every fixture.

extension RLSEmitter.Line: MustacheRepresentable {
    private static let fields = ["text", "last"]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [.string(text), .bool(last)])
    }
}

extension RLSEmitter.RawContext: MustacheRepresentable {
    private static let fields = ["name", "sql"]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [.string(name), .string(sql)])
    }
}

extension RLSEmitter.Context: MustacheRepresentable {
    private static let fields = ["header", "hasTables", "dropStale", "tables", "rawSQL"]

    package var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [
            .string(header),
            .bool(hasTables),
            .string(dropStale),
            .list(tables.map(\.mustacheValue)),
            .list(rawSQL.map(\.mustacheValue)),
        ])
    }
}

extension RLSEmitter.TableContext: MustacheRepresentable {
    private static let fields = ["name", "notes", "rowSecurity", "force", "privilegeNotes", "hasPrivileges", "privileges", "policies"]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [
            .string(name),
            .strings(notes),
            .string(rowSecurity),
            .string(force),
            .strings(privilegeNotes),
            .bool(hasPrivileges),
            .strings(privileges),
            .list(policies.map(\.mustacheValue)),
        ])
    }
}

extension RLSEmitter.PolicyContext: MustacheRepresentable {
    private static let fields = ["name", "table", "clauses"]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [
            .string(name),
            .string(table),
            .list(clauses.map(\.mustacheValue)),
        ])
    }
}

import Foundation
import Testing
@testable import SchemaGenKit

/// The generated `rls.sql` applied to a real PostgreSQL: the policies and table flags are exactly what the schema
/// declares, and applying the file again, to any earlier state, gives the same result.
@Suite struct RLSDatabaseTests {
    @Test(arguments: RLSCase.all())
    func policiesAreExactlyTheDeclaredOnes(_ name: String) throws {
        let rlsCase = try RLSCase.load(name)
        let database = try rlsCase.database()
        defer { database.drop() }
        let state = try RLSState.read(database, tables: rlsCase.schema.tables)
        #expect(state.policies == (try expectedPolicies(rlsCase.schema, database: database)))
        #expect(state.tables == rlsCase.schema.tables.map { table in
            [table.name.description, table.rls.enabled ? "t" : "f", table.rls.forced ? "t" : "f"]
        })
    }

    /// Every partition has its parent's flags and no policy: a query through the parent sees the parent's policies,
    /// a query that names a partition sees no row.
    @Test func partitionsFollowTheirParent() throws {
        let rlsCase = try RLSCase.load("partitioned-tables")
        let database = try rlsCase.database()
        defer { database.drop() }
        for table in rlsCase.schema.tables {
            for partition in table.partitioning?.partitions ?? [] {
                let row = try database.query("""
                    SELECT relrowsecurity, relforcerowsecurity,
                           (SELECT count(*) FROM pg_catalog.pg_policy p WHERE p.polrelid = c.oid)
                    FROM pg_catalog.pg_class c WHERE c.oid = \(SQLSyntax.literal(SQLSyntax.qualified(partition.name)))::regclass
                    """)
                #expect(row.first == [table.rls.enabled ? "t" : "f", table.rls.forced ? "t" : "f", "0"], "\(partition.name)")
            }
        }
        let harness = RLSHarness(database: database, schema: rlsCase.schema)
        let device = harness.userA
        let prepare = """
            GRANT USAGE ON SCHEMA public, archive TO authenticated;
            GRANT SELECT ON ALL TABLES IN SCHEMA public, archive TO authenticated;
            INSERT INTO public.devices VALUES ('\(device)', 'sensor');
            INSERT INTO public.measurements VALUES ('\(device)', '2024-05-01', 1, 1.5), ('\(device)', '2025-05-01', 1, 2.5),
                ('\(device)', '2031-05-01', 1, 3.5);
            """
        #expect(try harness.run("SELECT count(*) FROM public.measurements", as: harness.actorA, prepare: prepare) == .rows(3))
        #expect(try harness.run("SELECT count(*) FROM public.measurements", as: harness.actorB, prepare: prepare) == .rows(0))
        for partition in ["public.measurements_2024", "public.measurements_2025", "archive.measurements_old"] {
            #expect(try harness.run("SELECT count(*) FROM \(partition)", as: harness.actorA, prepare: prepare) == .rows(0), "\(partition)")
        }
    }

    @Test(arguments: RLSCase.all())
    func applyingTwiceLeavesTheSameState(_ name: String) throws {
        let rlsCase = try RLSCase.load(name)
        let database = try rlsCase.database()
        defer { database.drop() }
        let first = try RLSState.read(database, tables: rlsCase.schema.tables)
        try database.apply(rlsCase.rlsSQL)
        #expect(try RLSState.read(database, tables: rlsCase.schema.tables) == first)
    }

    /// From the opposite of every declared flag, with a policy added by hand and every declared policy replaced by a
    /// different one of the same name, applying `rls.sql` again restores exactly the declared state.
    @Test(arguments: RLSCase.all())
    func applyingConvergesFromAnyEarlierState(_ name: String) throws {
        let rlsCase = try RLSCase.load(name)
        let database = try rlsCase.database()
        defer { database.drop() }
        let declared = try RLSState.read(database, tables: rlsCase.schema.tables)
        var drift: [String] = []
        for table in rlsCase.schema.tables {
            let qualified = SQLSyntax.qualified(table.name)
            drift.append("ALTER TABLE \(qualified) \(table.rls.enabled ? "DISABLE" : "ENABLE") ROW LEVEL SECURITY, "
                         + "\(table.rls.forced ? "NO FORCE" : "FORCE") ROW LEVEL SECURITY;")
            drift.append("CREATE POLICY \"Added by hand\" ON \(qualified) USING (true);")
            for policy in table.rls.policies {
                drift.append("DROP POLICY \(SQLSyntax.alwaysQuote(policy.name)) ON \(qualified);")
                drift.append("CREATE POLICY \(SQLSyntax.alwaysQuote(policy.name)) ON \(qualified) AS RESTRICTIVE FOR ALL TO anon USING (true);")
            }
        }
        try database.apply(drift.joined(separator: "\n"))
        #expect(try RLSState.read(database, tables: rlsCase.schema.tables) != declared)
        try database.apply(rlsCase.rlsSQL)
        #expect(try RLSState.read(database, tables: rlsCase.schema.tables) == declared)
    }

    /// The owner shorthand is stored as Supabase recommends it: one `auth.uid()` per statement, for `authenticated`.
    @Test func ownerPoliciesAreStoredAsSupabaseAdvises() throws {
        let rlsCase = try RLSCase.load(RLSCase.root)
        let database = try rlsCase.database()
        defer { database.drop() }
        let rows = try database.query("""
            SELECT policyname, roles::text, cmd, coalesce(qual, '-'), coalesce(with_check, '-') FROM pg_policies
            WHERE tablename IN ('api_keys', 'credit_transactions') ORDER BY tablename, cmd, policyname
            """)
        let owner = "(( SELECT auth.uid() AS uid) = user_id)"
        #expect(rows == [
            ["Users can delete own API keys", "{authenticated}", "DELETE", owner, "-"],
            ["Users can create own API keys", "{authenticated}", "INSERT", "-", owner],
            ["Users can view own API keys", "{authenticated}", "SELECT", owner, "-"],
            ["Users can update own API keys", "{authenticated}", "UPDATE", owner, owner],
            ["Users can view own transactions", "{authenticated}", "SELECT", owner, "-"],
        ])
    }

    @Test func restrictivePolicyHidesSoftDeletedRowsFromTheirOwner() throws {
        let rlsCase = try RLSCase.load("rls-restrictive")
        let database = try rlsCase.database()
        defer { database.drop() }
        var harness = RLSHarness(database: database, schema: rlsCase.schema)
        try harness.seed()
        try database.run(sql: "INSERT INTO public.posts (user_id, title, deleted_at) VALUES ('\(harness.userA)', 'gone', now())")
        #expect(try harness.run("SELECT count(*) FROM public.posts", as: harness.actorA) == .rows(1))
        #expect(try harness.run("SELECT count(*) FROM public.posts", as: .serviceRole) == .rows(3))
    }

    @Test func denyAllTableIsClosedToTheAPIRolesAndForcedRLSBindsTheTableOwner() throws {
        let rlsCase = try RLSCase.load("rls-deny-all")
        let database = try rlsCase.database()
        defer { database.drop() }
        var harness = RLSHarness(database: database, schema: rlsCase.schema)
        try harness.seed()
        try database.run(sql: """
            INSERT INTO public.webhook_events (payload) VALUES ('{}');
            DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'schemagen_table_owner') THEN
                    CREATE ROLE schemagen_table_owner NOLOGIN;
                END IF;
            END $$;
            GRANT USAGE ON SCHEMA auth TO schemagen_table_owner;
            GRANT EXECUTE ON FUNCTION auth.uid() TO schemagen_table_owner;
            ALTER TABLE public.webhook_events OWNER TO schemagen_table_owner;
            ALTER TABLE public.wallets OWNER TO schemagen_table_owner;
            """)
        for actor in [harness.actorA, .anon] {
            #expect(try harness.run("SELECT count(*) FROM public.webhook_events", as: actor) == .rows(0), "\(actor)")
            #expect(try harness.run("INSERT INTO public.webhook_events (payload) VALUES ('{}')", as: actor) == .refused("42501"), "\(actor)")
        }
        #expect(try harness.run("SELECT count(*) FROM public.webhook_events", as: .serviceRole) == .rows(1))
        // The owner of a table bypasses RLS unless it is forced: webhook_events is not, wallets is.
        let asOwner = "SET LOCAL ROLE schemagen_table_owner;"
        #expect(try database.session("BEGIN;\n\(asOwner)\nSELECT count(*) FROM public.webhook_events;\nROLLBACK;\n")
            .contains("\n1\n"))
        #expect(try database.session("BEGIN;\n\(asOwner)\nSELECT count(*) FROM public.wallets;\nROLLBACK;\n")
            .contains("\n0\n"))
    }

    /// What `pg_policies` should hold: each declared policy with its expressions as PostgreSQL deparses them,
    /// read back from throwaway policies created with the schema's own expression text.
    func expectedPolicies(_ schema: Schema, database: TestDatabase) throws -> [[String]] {
        var probes: [(name: String, table: String, statement: String)] = []
        var expected: [[String]] = []
        for table in schema.tables {
            let qualified = SQLSyntax.qualified(table.name)
            for policy in table.rls.policies {
                var row = [table.name.schema, table.name.name, policy.name, policy.permissive ? "PERMISSIVE" : "RESTRICTIVE",
                           (policy.roles.isEmpty ? ["public"] : policy.roles).sorted().joined(separator: ","), policy.command.sql]
                for (expression, clause) in [(policy.using, "USING"), (policy.withCheck, "WITH CHECK")] {
                    guard let expression else {
                        row.append("<none>")
                        continue
                    }
                    let probe = "schemagen_probe_\(probes.count)"
                    probes.append((probe, qualified, "CREATE POLICY \(probe) ON \(qualified) FOR ALL \(clause) (\(expression));"))
                    row.append(probe)
                }
                expected.append(row)
            }
        }
        if !probes.isEmpty {
            try database.run(sql: probes.map(\.statement).joined(separator: "\n"))
            let texts = try database.query(
                "SELECT policyname, coalesce(qual, with_check) FROM pg_policies WHERE policyname LIKE 'schemagen\\_probe\\_%'")
            try database.run(sql: probes.map { "DROP POLICY \($0.name) ON \($0.table);" }.joined(separator: "\n"))
            let deparsed = Dictionary(texts.map { ($0[0], $0[1]) }, uniquingKeysWith: { first, _ in first })
            expected = expected.map { row in row.map { deparsed[$0] ?? $0 } }
        }
        return expected.sorted { $0.lexicographicallyPrecedes($1) }
    }
}

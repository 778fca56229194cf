import Foundation
import Testing
@testable import SchemaGenKit

/// `protected: true`: what the validator accepts, the lint for privileged-sounding writable columns, and the
/// column privileges of `rls.sql`.
@Suite struct ProtectedColumnsTests {
    func load(_ yaml: String) -> (Schema?, [String]) {
        let (schema, diagnostics) = Pipeline.load(Array(yaml.utf8), fileName: "schema.yaml")
        return (schema, diagnostics.map(\.description))
    }

    @Test func protectedIsReadIntoTheModel() {
        let (schema, diagnostics) = load("""
        tables:
          accounts:
            columns:
              id: { type: uuid, primary_key: true }
              user_id: { type: uuid, index: true }
              balance: { type: integer, default: 0, protected: true }
              total: { type: integer, generated: "balance * 2" }
              name: text
            rls: { owner: user_id }
        """)
        #expect(diagnostics.isEmpty)
        let table = schema?.tables.first
        #expect(table?.columns.map(\.isProtected) == [false, false, true, false, false])
        #expect(table?.hasProtectedColumns == true)
        #expect(table?.clientWritableColumns.map(\.name) == ["id", "user_id", "name"])
    }

    @Test func protectedMustBeABooleanOnAWritableColumnOfAManagedTable() {
        #expect(load("""
        external:
          auth.users:
            columns:
              id: { type: uuid, primary_key: true, protected: true }
        tables:
          items:
            columns:
              id: { type: uuid, primary_key: true, protected: maybe }
              total: { type: integer, generated: "1 + 1", protected: true }
            rls: { deny_all: true }
        """).1 == [
            "schema.yaml:4:44: error: column auth.users.id is protected, but auth.users is external: schemagen writes no privileges for it in external.auth.users.columns.id (grant the column privileges where the table is managed, and remove 'protected')",
            "schema.yaml:8:55: error: expected true or false, found 'maybe' in tables.items.columns.id.protected",
            "schema.yaml:9:51: error: column public.items.total is protected, but it is generated: PostgreSQL never lets anyone write it in tables.items.columns.total (remove 'protected'; a generated column is already read-only)",
        ])
    }

    @Test func privilegedNamesAreRecognisedByWord() {
        for name in ["current_balance", "role", "is_admin", "plan", "credits_used", "rate_limit", "api_rate_limit", "tier",
                     "email_verified", "monthly_quota", "roles", "subscription_tier"] {
            #expect(Validator.hasPrivilegedName(name), "\(name)")
        }
        for name in ["display_name", "roleplay_notes", "planet", "rate", "limit", "explanation"] {
            #expect(!Validator.hasPrivilegedName(name), "\(name)")
        }
    }

    @Test func lintWarnsOncePerWritablePrivilegedColumn() {
        #expect(load("""
        tables:
          accounts:
            columns:
              id: { type: uuid, primary_key: true }
              user_id: { type: uuid, index: true }
              current_balance: { type: integer, default: 0 }
              role: { type: text, default: user, protected: true }
              plan: { type: text, generated: "'free'" }
            rls:
              owner: user_id
          ledger:
            columns:
              id: { type: uuid, primary_key: true }
              user_id: { type: uuid, index: true }
              balance: integer
            rls:
              owner: user_id
              allow: [select, delete]
        """).1 == [
            "schema.yaml:6:7: warning: INSERT policy 'Users can create own accounts' lets clients write public.accounts.current_balance, whose name says only the backend should change it in tables.accounts.columns.current_balance (add 'protected: true' to the column; defaults, triggers and service_role can still write it) [privileged-column-writable]",
        ])
    }

    @Test func lintIgnoresPoliciesForOtherRoles() {
        #expect(load("""
        tables:
          accounts:
            columns:
              id: { type: uuid, primary_key: true }
              balance: { type: integer, default: 0 }
            rls:
              policies:
                - name: Backend writes
                  command: update
                  roles: [service_role]
                  using: "true"
                  with_check: "true"
        """).1.filter { $0.contains("privileged") || $0.contains("whose name") }.isEmpty)
    }

    @Test func rlsRevokesTableWritesAndGrantsTheOtherColumns() {
        let (schema, _) = load("""
        tables:
          accounts:
            columns:
              id: { type: uuid, primary_key: true }
              user_id: { type: uuid, index: true }
              "Select": text
              balance: { type: integer, default: 0, protected: true }
              doubled: { type: integer, generated: "balance * 2" }
            rls: { owner: user_id }
          plain:
            columns:
              id: { type: uuid, primary_key: true }
            rls: { deny_all: true }
        """)
        guard let schema else { Issue.record("the schema does not load"); return }
        #expect(SQLDefinitions.clientColumnPrivileges(schema.tables[0]) == [
            "REVOKE INSERT, UPDATE ON TABLE public.accounts FROM anon, authenticated;",
            #"GRANT INSERT (id, user_id, "Select"), UPDATE (id, user_id, "Select") ON TABLE public.accounts TO anon, authenticated;"#,
        ])
        #expect(SQLDefinitions.clientColumnPrivileges(schema.tables[1]).isEmpty)
    }

    // MARK: Migrations

    static let migrationCases = ["protected-column-add", "protected-column-new-column", "protected-column-remove"]

    /// The clients' INSERT and UPDATE privileges, per table and per column, as PostgreSQL reports them.
    static func clientPrivileges(_ database: TestDatabase) throws -> [[String]] {
        try database.query("""
            SELECT table_name, '(table)', grantee, privilege_type FROM information_schema.role_table_grants
            WHERE table_schema = 'public' AND grantee IN ('anon', 'authenticated') AND privilege_type IN ('INSERT', 'UPDATE')
            UNION ALL
            SELECT c.relname, a.attname, r.rolname, p.privilege
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            CROSS JOIN (VALUES ('anon'), ('authenticated')) AS r (rolname)
            CROSS JOIN (VALUES ('INSERT'), ('UPDATE')) AS p (privilege)
            WHERE n.nspname = 'public' AND c.relkind = 'r'
              AND has_column_privilege(r.rolname, c.oid, a.attnum, p.privilege)
            ORDER BY 1, 2, 3, 4
            """)
    }

    /// A migration leaves the clients exactly the privileges a fresh database built from the new DDL and RLS has.
    @Test(arguments: migrationCases)
    func migrationsLeaveTheClientPrivilegesOfAFreshDatabase(_ name: String) throws {
        let loaded = try MigrationPlannerTests.load(name)
        #expect(!loaded.plan.hasErrors, "\(loaded.plan.diagnostics)")
        let migrated = try TestDatabase.create("migrated_" + name)
        defer { migrated.drop() }
        let fresh = try TestDatabase.create("fresh_" + name)
        defer { fresh.drop() }
        try MigrationPlannerTests.build(loaded.before, result: loaded.beforeResult, in: migrated)
        for file in loaded.plan.files(sourceName: "after.yaml") {
            if file.transactional { try migrated.apply(file.contents) } else { try migrated.run(sql: file.contents) }
        }
        try MigrationPlannerTests.build(loaded.after, result: loaded.afterResult, in: fresh)
        let have = try Self.clientPrivileges(migrated), want = try Self.clientPrivileges(fresh)
        #expect(have == want, "\(name): migrated \(have.map { $0.joined(separator: " ") })\nfresh \(want.map { $0.joined(separator: " ") })")
    }

    @Test func planningFromTheOldToTheNewClientColumns() throws {
        func table(_ columns: String) throws -> Table {
            let (schema, diagnostics) = load("""
            tables:
              t:
                columns:
            \(columns)
                rls: { deny_all: true }
            """)
            return try #require(schema?.tables.first, "\(diagnostics)")
        }
        let plain = try table("      a: text\n      b: text?")
        let protectedB = try table("      a: text\n      b: { type: text?, protected: true }")
        let plusC = try table("      a: text\n      b: { type: text?, protected: true }\n      c: text?")
        let same: (String) -> String? = { $0 }
        let revoke = "REVOKE INSERT, UPDATE ON TABLE public.t FROM anon, authenticated;"
        #expect(MigrationPlanner.columnPrivilegeStatements(from: plain, to: plain, oldName: same, recreated: []).isEmpty)
        #expect(MigrationPlanner.columnPrivilegeStatements(from: plain, to: protectedB, oldName: same, recreated: []) == [
            revoke, "GRANT INSERT (a), UPDATE (a) ON TABLE public.t TO anon, authenticated;"])
        #expect(MigrationPlanner.columnPrivilegeStatements(from: nil, to: protectedB, oldName: { _ in nil }, recreated: []) == [
            revoke, "GRANT INSERT (a), UPDATE (a) ON TABLE public.t TO anon, authenticated;"])
        #expect(MigrationPlanner.columnPrivilegeStatements(from: protectedB, to: protectedB, oldName: same, recreated: []).isEmpty)
        #expect(MigrationPlanner.columnPrivilegeStatements(from: protectedB, to: plusC, oldName: { $0 == "c" ? nil : $0 }, recreated: []) == [
            "GRANT INSERT (c), UPDATE (c) ON TABLE public.t TO anon, authenticated;"])
        #expect(MigrationPlanner.columnPrivilegeStatements(from: protectedB, to: plusC, oldName: { $0 == "c" ? nil : $0 }, recreated: ["a"]) == [
            "GRANT INSERT (a, c), UPDATE (a, c) ON TABLE public.t TO anon, authenticated;"])
        #expect(MigrationPlanner.columnPrivilegeStatements(from: protectedB, to: plain, oldName: same, recreated: []) == [
            revoke, "GRANT INSERT, UPDATE ON TABLE public.t TO anon, authenticated;"])
        // A renamed column keeps its privileges.
        let renamed = try table("      z: text\n      b: { type: text?, protected: true }")
        #expect(MigrationPlanner.columnPrivilegeStatements(from: protectedB, to: renamed, oldName: { $0 == "z" ? "a" : $0 }, recreated: []).isEmpty)
    }
}

import Foundation
import Testing
@testable import SchemaGenKit

/// Row-level security in the schema language: defaults, the owner shorthand, explicit policies, every lint with
/// its exact message and place.
@Suite struct ValidatorRLSTests {
    /// A table `items` whose `rls:` key is on line 7; `body` is indented under it.
    static func items(_ body: String, columns: String = "") -> String {
        """
        tables:
          items:
            columns:
              id: { type: uuid, primary_key: true, default: gen_random_uuid() }
              user_id: { type: uuid, index: true }
              status: text\(columns)
            rls:
        \(body)
        """
    }

    func load(_ yaml: String) -> (Schema?, [String]) {
        let (schema, diagnostics) = Pipeline.load(Array(yaml.utf8), fileName: "schema.yaml")
        return (schema, diagnostics.map(\.description))
    }

    func policies(_ yaml: String) -> [Policy] {
        load(yaml).0?.tables.first?.rls.policies ?? []
    }

    // MARK: Secure by default

    @Test func exposedTableGetsRLSWithoutAnyKey() {
        let (schema, diagnostics) = load("""
        tables:
          items:
            columns:
              id: { type: uuid, primary_key: true }
        """)
        #expect(schema?.tables.first?.rls.enabled == true)
        #expect(diagnostics == [
            "schema.yaml:2:3: warning: table public.items has row-level security enabled but no policy, so the API denies every row in tables.items.rls (add policies, or set 'rls: { deny_all: true }' if that is intended) [rls-no-policy]",
        ])
    }

    @Test func turningRLSOffInAnExposedSchemaIsExplicitAndWarns() {
        for (rls, column, path) in [("rls: false", 10, "rls"), ("rls: { enabled: false }", 21, "rls.enabled")] {
            let (schema, diagnostics) = load("""
            tables:
              items:
                columns:
                  id: { type: uuid, primary_key: true }
                \(rls)
            """)
            #expect(schema?.tables.first?.rls.enabled == false)
            #expect(diagnostics == [
                "schema.yaml:5:\(column): warning: table public.items is exposed through the API without row-level security in tables.items.\(path) (anyone with the anon key can read and write it; turn RLS on, or move the table to a schema that is not exposed) [rls-disabled-in-public]",
            ])
        }
    }

    @Test func tablesOutsideExposedSchemasHaveNoRLSUnlessTheyDeclareIt() {
        let (schema, diagnostics) = load("""
        tables:
          jobs:
            schema: private
            columns:
              id: { type: uuid, primary_key: true }
          secrets:
            schema: private
            columns:
              id: { type: uuid, primary_key: true }
              user_id: { type: uuid, index: true }
            rls:
              owner: user_id
        """)
        #expect(diagnostics == [])
        #expect(schema?.tables.map(\.rls.enabled) == [false, true])
        #expect(schema?.tables.last?.rls.policies.count == 4)
    }

    @Test func denyAllSilencesTheNoPolicyWarning() {
        let (schema, diagnostics) = load(Self.items("      deny_all: true\n      force: true"))
        #expect(diagnostics == [])
        let rls = schema?.tables.first?.rls
        #expect(rls?.enabled == true && rls?.denyAllIntended == true && rls?.forced == true && rls?.policies == [])
    }

    @Test func contradictoryRLSKeysAreErrors() {
        #expect(load(Self.items("      enabled: false\n      force: true")).1 == [
            "schema.yaml:9:7: error: 'enabled: false' and 'force: true' cannot be used together in tables.items.rls",
        ])
        #expect(load(Self.items("      enabled: false\n      owner: user_id")).1 == [
            "schema.yaml:8:16: error: table public.items declares policies but disables row-level security in tables.items.rls.enabled (remove 'enabled: false', or remove the policies)",
        ])
        #expect(load(Self.items("      deny_all: true\n      owner: user_id")).1 == [
            "schema.yaml:8:7: error: 'deny_all: true' and 'owner' cannot be used together in tables.items.rls",
        ])
    }

    // MARK: Owner shorthand

    @Test func ownerShorthandExpandsToTheSeedsPolicies() {
        let yaml = """
        tables:
          api_keys:
            columns:
              id: { type: uuid, primary_key: true }
              user_id: { type: uuid, index: true }
            rls:
              owner: user_id
        """
        let check = "(select auth.uid()) = user_id"
        #expect(policies(yaml) == [
            Policy(name: "Users can view own API keys", command: .select, roles: ["authenticated"], using: check, withCheck: nil,
                   permissive: true, location: SourceLocation(line: 7, column: 7)),
            Policy(name: "Users can create own API keys", command: .insert, roles: ["authenticated"], using: nil, withCheck: check,
                   permissive: true, location: SourceLocation(line: 7, column: 7)),
            Policy(name: "Users can update own API keys", command: .update, roles: ["authenticated"], using: check, withCheck: check,
                   permissive: true, location: SourceLocation(line: 7, column: 7)),
            Policy(name: "Users can delete own API keys", command: .delete, roles: ["authenticated"], using: check, withCheck: nil,
                   permissive: true, location: SourceLocation(line: 7, column: 7)),
        ])
        #expect(load(yaml).1 == [])
    }

    @Test func allowAndNounChooseCommandsAndNames() {
        let result = policies(Self.items("      owner: user_id\n      allow: [update, select]\n      noun: credit account"))
        #expect(result.map(\.name) == ["Users can view own credit account", "Users can update own credit account"])
        #expect(result.map(\.command) == [.select, .update])
        #expect(policies(Self.items("      owner: user_id\n      allow: [all]")).map(\.command) == [.select, .insert, .update, .delete])
    }

    @Test func ownerColumnMustExistAndBeUUID() {
        #expect(load(Self.items("      owner: usr_id")).1 == [
            "schema.yaml:8:14: error: table public.items has no column 'usr_id' in tables.items.rls.owner (did you mean 'user_id'?)",
        ])
        #expect(load(Self.items("      owner: status")).1 == [
            "schema.yaml:8:14: error: owner column public.items.status has type text, but auth.uid() returns uuid in tables.items.rls.owner (the owner column holds the id of an auth user)",
        ])
    }

    @Test func ownerShorthandOptionsAreChecked() {
        #expect(load(Self.items("      owner: user_id\n      allow: [selct]")).1 == [
            "schema.yaml:9:15: error: 'selct' is not a command in tables.items.rls.allow (did you mean 'select'?)",
        ])
        #expect(load(Self.items("      owner: user_id\n      allow: []")).1 == [
            "schema.yaml:9:14: error: 'allow' cannot be empty in tables.items.rls.allow",
        ])
        #expect(load(Self.items("      noun: things")).1.first
            == "schema.yaml:8:7: error: 'noun' needs 'owner' in tables.items.rls")
        let long = String(repeating: "x", count: 60)
        #expect(load(Self.items("      owner: user_id\n      noun: \(long)")).1 == [
            "schema.yaml:9:13: error: 'Users can view own \(long)' is 79 bytes long; PostgreSQL truncates identifiers to 63 bytes in tables.items.rls.noun (choose a shorter name)",
        ])
    }

    // MARK: Explicit policies

    @Test func explicitPolicyReadsEveryKey() {
        let result = policies(Self.items("""
              policies:
                - name: Staff can read active items
                  command: select
                  roles: [anon, authenticated]
                  using: "status = 'active'"
                  restrictive: true
                - name: Owners manage items
                  using: (select auth.uid()) = user_id
                  with_check: (select auth.uid()) = user_id
        """))
        #expect(result == [
            Policy(name: "Staff can read active items", command: .select, roles: ["anon", "authenticated"], using: "status = 'active'",
                   withCheck: nil, permissive: false, location: SourceLocation(line: 9, column: 11)),
            Policy(name: "Owners manage items", command: .all, roles: ["authenticated"], using: "(select auth.uid()) = user_id",
                   withCheck: "(select auth.uid()) = user_id", permissive: true, location: SourceLocation(line: 14, column: 11)),
        ])
    }

    @Test func policyExpressionsNameOnlyColumnsOfTheTable() {
        #expect(load(Self.items("""
              policies:
                - name: Own
                  command: select
                  using: (select auth.uid()) = usr_id
        """)).1 == [
            "schema.yaml:11:18: error: table public.items has no column 'usr_id' in tables.items.rls.policies[0].using (did you mean 'user_id'?)",
        ])
        // Names inside a subquery belong to its tables and are not checked.
        #expect(load(Self.items("""
              policies:
                - name: Own
                  command: select
                  using: EXISTS (SELECT 1 FROM public.teams t WHERE t.id = team_id)
        """)).1 == [])
    }

    @Test func rolesMustBeKnownListedOnceAndPublicAlone() {
        let base = "      policies:\n        - name: Read\n          command: select\n          using: \"true\"\n"
        #expect(load(Self.items(base + "          roles: [authenticatd]")).1 == [
            "schema.yaml:12:19: error: unknown role 'authenticatd' in tables.items.rls.policies[0].roles (did you mean 'authenticated'?)",
        ])
        #expect(load(Self.items(base + "          roles: [anon, anon]")).1 == [
            "schema.yaml:12:25: error: duplicate role 'anon' in tables.items.rls.policies[0].roles",
        ])
        #expect(load(Self.items(base + "          roles: [authenticated, public]")).1 == [
            "schema.yaml:12:34: error: role 'public' already includes every role; PostgreSQL would drop the others in tables.items.rls.policies[0].roles (list 'public' alone, or only the roles meant)",
        ])
        #expect(load(Self.items(base + "          roles: []")).1 == [
            "schema.yaml:12:18: error: a policy's roles cannot be empty in tables.items.rls.policies[0].roles",
        ])
        let custom = "settings:\n  roles: [auditor]\n" + Self.items(base + "          roles: [auditor]")
        #expect(load(custom).1 == [])
    }

    @Test func commandDecidesWhichExpressionsAPolicyTakes() {
        #expect(load(Self.items("""
              policies:
                - name: Add
                  command: insert
                  using: (select auth.uid()) = user_id
        """)).1 == [
            "schema.yaml:9:11: error: missing required key 'with_check' in tables.items.rls.policies[0]",
            "schema.yaml:11:11: error: an INSERT policy takes only 'with_check' in tables.items.rls.policies[0]",
        ])
        #expect(load(Self.items("""
              policies:
                - name: Read
                  command: select
                  using: "true"
                  with_check: "true"
        """)).1 == [
            "schema.yaml:12:11: error: a SELECT policy takes only 'using' in tables.items.rls.policies[0]",
        ])
        #expect(load(Self.items("""
              policies:
                - name: Read
                  command: selct
                  using: "true"
        """)).1 == [
            "schema.yaml:10:20: error: 'selct' is not a command in tables.items.rls.policies[0].command (did you mean 'select'?)",
        ])
    }

    @Test func policyNamesAreIdentifiers() {
        #expect(load(Self.items("""
              policies:
                - name: Read
                  command: select
                  using: "true"
                - name: Read
                  command: delete
                  using: "true"
        """)).1 == [
            "schema.yaml:12:11: error: duplicate policy 'Read' in tables.items.rls.policies[1]",
        ])
        #expect(load(Self.items("""
              policies:
                - name: "Line\\nbreak"
                  command: select
                  using: "true"
        """)).1 == [
            "schema.yaml:9:17: error: invalid name 'Line\nbreak': names cannot contain control characters in tables.items.rls.policies[0].name",
        ])
    }

    // MARK: Lints

    @Test func lintPerRowAuthCall() {
        #expect(load(Self.items("""
              policies:
                - name: Own
                  command: select
                  using: auth.uid() = user_id
        """)).1 == [
            "schema.yaml:11:18: warning: policy 'Own' calls auth.uid() once per row in tables.items.rls.policies[0].using (write '(select auth.uid())' so PostgreSQL evaluates it once per statement) [auth-rls-initplan]",
        ])
        #expect(load(Self.items("""
              policies:
                - name: Admins
                  command: select
                  using: (auth.jwt() ->> 'role') = 'admin'
        """)).1 == [
            "schema.yaml:11:18: warning: policy 'Admins' calls auth.jwt() once per row in tables.items.rls.policies[0].using (write '(select auth.jwt())' so PostgreSQL evaluates it once per statement) [auth-rls-initplan]",
        ])
    }

    @Test func lintUpdateWithoutWithCheck() {
        #expect(load(Self.items("""
              policies:
                - name: Edit own
                  command: update
                  using: (select auth.uid()) = user_id
        """)).1 == [
            "schema.yaml:9:11: warning: UPDATE policy 'Edit own' has no WITH CHECK, so PostgreSQL checks the rows it writes only against USING in tables.items.rls.policies[0] (add 'with_check:' to say what a written row must satisfy) [policy-without-check]",
        ])
    }

    @Test func lintPolicyToPublic() {
        #expect(load(Self.items("""
              policies:
                - name: Everyone reads
                  command: select
                  roles: [public]
                  using: "true"
        """)).1 == [
            "schema.yaml:11:19: warning: policy 'Everyone reads' applies to PUBLIC, which includes the anon role in tables.items.rls.policies[0].roles (use 'roles: [authenticated]', or list 'anon' explicitly if signed-out users are meant) [policy-to-public]",
        ])
    }

    @Test func lintSeveralPermissivePolicies() {
        #expect(load(Self.items("""
              owner: user_id
              policies:
                - name: Read drafts
                  command: select
                  using: "status = 'draft'"
        """)).1.filter { $0.contains("several") } == [
            "schema.yaml:10:11: warning: several permissive policies for role authenticated and SELECT: 'Users can view own items', 'Read drafts' in tables.items.rls.policies[0] (combine them into one policy; each is evaluated for every row) [multiple-permissive-policies]",
        ])
        // PUBLIC overlaps with every role; a restrictive policy is AND-ed, not a second permissive one.
        #expect(load(Self.items("""
              policies:
                - name: Anyone reads
                  command: select
                  roles: [public]
                  using: "true"
                - name: Members read
                  command: all
                  roles: [authenticated]
                  using: "true"
                - name: Not archived
                  command: select
                  restrictive: true
                  using: "true"
        """)).1.filter { $0.contains("several") } == [
            "schema.yaml:13:11: warning: several permissive policies for role authenticated and SELECT: 'Anyone reads', 'Members read' in tables.items.rls.policies[1] (combine them into one policy; each is evaluated for every row) [multiple-permissive-policies]",
        ])
    }

    @Test func lintPolicyColumnWithoutIndex() {
        #expect(load("""
        tables:
          items:
            columns:
              id: { type: uuid, primary_key: true }
              user_id: uuid
              status: text
            rls:
              owner: user_id
              policies:
                - name: Read active
                  command: select
                  restrictive: true
                  using: "status = 'active'"
        """).1 == [
            "schema.yaml:8:7: warning: policy column items.user_id has no index in tables.items.rls.owner (add 'index: true' to the column; every query filters on it) [unindexed-policy-column]",
            "schema.yaml:13:18: warning: policy column items.status has no index in tables.items.rls.policies[0].using (add 'index: true' to the column; every query filters on it) [unindexed-policy-column]",
        ])
    }

    @Test func lintRestrictiveWithoutPermissive() {
        #expect(load(Self.items("""
              owner: user_id
              allow: [select]
              policies:
                - name: Only on weekdays
                  command: all
                  restrictive: true
                  using: extract(dow from now()) between 1 and 5
                  with_check: extract(dow from now()) between 1 and 5
        """)).1 == [
            "schema.yaml:11:11: warning: restrictive policy 'Only on weekdays' has no permissive policy to narrow for INSERT, UPDATE, DELETE, so it denies every row in tables.items.rls.policies[0] (a restrictive policy only narrows what permissive policies allow; add a permissive one) [restrictive-without-permissive]",
        ])
    }

    @Test func rootSchemaHasNoRLSDiagnostics() throws {
        let url = TestEnvironment.repositoryRoot.appendingPathComponent("schema.yaml")
        let (schema, diagnostics) = Pipeline.load([UInt8](try Data(contentsOf: url)), fileName: "schema.yaml")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let names = schema?.tables.first { $0.name.name == "credit_transactions" }?.rls.policies.map(\.name)
        #expect(names == ["Users can view own transactions"])
    }
}

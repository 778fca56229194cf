import Foundation
import Testing
@testable import SchemaGenKit

/// Row isolation on a real PostgreSQL with Supabase's roles: for every owner-scoped table of the root schema and
/// of the RLS fixtures, users A and B each own rows, created from the IR, and every operation is tried as A, as B,
/// as `anon` and as `service_role`.
@Suite struct RLSIsolationTests {
    /// The cases whose owner-scoped tables hold only rows that belong to one user, so "B sees none of A's rows"
    /// is what their policies promise. (The lint fixture deliberately has a policy for everyone.)
    static let cases = [RLSCase.root, "rls-owner-policy", "rls-explicit-policies", "rls-disabled", "rls-deny-all",
                        "rls-restrictive", "rls-hostile-names", "protected-columns"]

    @Test(arguments: cases)
    func ownersAreIsolated(_ name: String) throws {
        let rlsCase = try RLSCase.load(name)
        let database = try rlsCase.database()
        defer { database.drop() }
        var harness = RLSHarness(database: database, schema: rlsCase.schema)
        try harness.seed()
        let owned = harness.ownedTables
        // Every table with policies is checked: the harness must find whose rows they are.
        let withPolicies = rlsCase.schema.tables.filter { $0.rls.enabled && !$0.rls.policies.isEmpty }
        #expect(Set(owned.map(\.name)) == Set(withPolicies.map(\.name)), "\(name): tables without a known owner")
        #expect(!owned.isEmpty, "\(name) has no owner-scoped table")
        for table in owned {
            try checkIsolation(of: table, harness: &harness)
        }
    }

    /// Whether some permissive policy lets `authenticated` run `command`.
    func allows(_ table: Table, _ command: Policy.Command) -> Bool {
        table.rls.policies.contains { policy in
            policy.permissive && (policy.command == command || policy.command == .all)
                && (policy.roles.contains("authenticated") || policy.roles.contains("public") || policy.roles.isEmpty)
        }
    }

    func checkIsolation(of table: Table, harness: inout RLSHarness) throws {
        let name = SQLSyntax.qualified(table.name)
        let (ofA, countA) = try harness.rowsOf(table, harness.userA)
        let (ofB, countB) = try harness.rowsOf(table, harness.userB)
        let total = try harness.count(table)
        #expect(countA >= 1 && countB >= 1 && total == countA + countB, "\(name): seeded rows A=\(countA) B=\(countB) total=\(total)")

        // RLS is the only guard: the API roles hold every table privilege.
        for role in ["anon", "authenticated"] {
            let granted = try harness.database.scalar(
                "SELECT has_table_privilege('\(role)', \(SQLSyntax.literal(name)), 'SELECT, INSERT, UPDATE, DELETE')")
            #expect(granted == "t", "\(role) lacks privileges on \(name), so RLS would not be what isolates it")
        }

        let canSelect = allows(table, .select)
        // UPDATE and DELETE with a WHERE clause read the rows, so PostgreSQL applies the SELECT policies too.
        let canUpdate = allows(table, .update) && canSelect
        let canDelete = allows(table, .delete) && canSelect
        let column = SQLSyntax.quoteIdent(table.columns.first { !(table.primaryKey?.columns.contains($0.name) ?? false) }?.name
                                          ?? table.columns[0].name)
        let update = "UPDATE \(name) AS t SET \(column) = t.\(column) WHERE "
        let delete = "DELETE FROM \(name) AS t WHERE "
        let removeOwnRowsOfA = "DELETE FROM \(name) AS t WHERE \(harness.ownedBy(table, harness.userA, alias: "t"));"
        let insertForA = try harness.insertStatement(table, for: harness.userA)

        func expect(_ statement: String, as actor: Actor, _ expected: Outcome, prepare: String = "",
                    _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
            let outcome = try harness.run(statement, as: actor, prepare: prepare)
            #expect(outcome == expected, "\(name): \(what) as \(actor): got \(outcome), expected \(expected)\n\(statement)",
                    sourceLocation: sourceLocation)
        }

        // A sees exactly A's rows; B sees none of them.
        try expect("SELECT count(*) FROM \(name) AS t", as: harness.actorA, .rows(canSelect ? countA : 0), "rows visible")
        try expect("SELECT count(*) FROM \(name) AS t WHERE \(ofA)", as: harness.actorA, .rows(canSelect ? countA : 0), "own rows visible")
        try expect("SELECT count(*) FROM \(name) AS t WHERE \(ofA)", as: harness.actorB, .rows(0), "A's rows visible")

        // B can neither change, delete nor create A's rows.
        try expect(update + ofA, as: harness.actorB, .rows(0), "UPDATE of A's rows")
        try expect(delete + ofA, as: harness.actorB, .rows(0), "DELETE of A's rows")
        try expect(insertForA, as: harness.actorB, .refused("42501"), prepare: removeOwnRowsOfA, "INSERT of a row owned by A")

        // A may do exactly what the policies allow, and nothing else.
        try expect(insertForA, as: harness.actorA, allows(table, .insert) ? .rows(1) : .refused("42501"),
                   prepare: removeOwnRowsOfA, "INSERT of an own row")
        try expect(update + ofA, as: harness.actorA, .rows(canUpdate ? countA : 0), "UPDATE of own rows")
        try expect(delete + ofA, as: harness.actorA, .rows(canDelete ? countA : 0), "DELETE of own rows")

        // WITH CHECK: B cannot hand its own rows over to A.
        if canUpdate {
            var handOver: String?
            switch harness.ownership(of: table) {
            case .column(let owner):
                handOver = "\(SQLSyntax.quoteIdent(owner)) = \(SQLSyntax.literal(harness.userA))::uuid"
            case .parent(let key):
                let parent = try harness.parentKey(key, for: harness.userA)
                handOver = zip(key.columns, parent).map { column, value in
                    let type = table.column(column).map { SQLDefault.type($0.type) } ?? "text"
                    return "\(SQLSyntax.quoteIdent(column)) = \(SQLSyntax.literal(value))::\(type)"
                }.joined(separator: ", ")
            case nil:
                break
            }
            if let handOver {
                try expect("UPDATE \(name) AS t SET \(handOver) WHERE \(ofB)", as: harness.actorB, .refused("42501"),
                           "UPDATE handing own rows to A")
            }
        }

        // Signed-out visitors see and change nothing; the backend's service role sees everything.
        try expect("SELECT count(*) FROM \(name) AS t", as: .anon, .rows(0), "rows visible")
        try expect(update + "true", as: .anon, .rows(0), "UPDATE of every row")
        try expect(delete + "true", as: .anon, .rows(0), "DELETE of every row")
        try expect(insertForA, as: .anon, .refused("42501"), prepare: removeOwnRowsOfA, "INSERT of a row owned by A")
        try expect("SELECT count(*) FROM \(name) AS t", as: .serviceRole, .rows(total), "rows visible")
    }

    // MARK: Protected columns

    /// The writes of the issue, as user A through the API: each is refused by the column privileges of `rls.sql`.
    static let privilegedWrites: [(table: String, set: String)] = [
        ("credit_accounts", "current_balance = 1000000"),
        ("profiles", "role = 'admin'"),
        ("api_keys", "rate_limit = 100000"),
        ("api_keys", "status = 'active'"),
        ("crawl_jobs", "status = 'completed'"),
    ]
    /// Columns A may change on its own rows.
    static let ownWrites: [(table: String, set: String)] = [
        ("profiles", "full_name = 'A. User'"),
        ("api_keys", "name = 'Renamed key'"),
        ("credit_accounts", "auto_refill_enabled = true"),
        ("crawl_jobs", "name = 'Renamed job'"),
    ]

    /// On the root schema applied to PostgreSQL: A cannot write a protected column of its own rows, by UPDATE or
    /// INSERT, while the columns it may change still work; service_role still writes protected columns.
    @Test func protectedColumnsRefuseClientWrites() throws {
        let rlsCase = try RLSCase.load(RLSCase.root)
        let database = try rlsCase.database()
        defer { database.drop() }
        var harness = RLSHarness(database: database, schema: rlsCase.schema)
        try harness.seed()
        let protectedTables = rlsCase.schema.tables.filter(\.hasProtectedColumns)
        #expect(Set(protectedTables.map(\.name.name)).isSuperset(of: ["profiles", "credit_accounts", "api_keys", "crawl_jobs"]))

        func table(_ name: String) throws -> Table {
            guard let table = rlsCase.schema.tables.first(where: { $0.name.name == name }) else { throw Problem("no table \(name)") }
            return table
        }
        func expect(_ statement: String, as actor: Actor, _ expected: Outcome, prepare: String = "", _ what: String,
                    sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
            let outcome = try harness.run(statement, as: actor, prepare: prepare)
            #expect(outcome == expected, "\(what) as \(actor): got \(outcome), expected \(expected)\n\(statement)",
                    sourceLocation: sourceLocation)
        }
        func denied(_ table: Table) -> Outcome { .refused("42501: permission denied for table \(table.name.name)") }

        for (name, set) in Self.privilegedWrites {
            let table = try table(name)
            let (ofA, countA) = try harness.rowsOf(table, harness.userA)
            #expect(countA >= 1, "\(name): A owns no row")
            let update = "UPDATE \(SQLSyntax.qualified(table.name)) AS t SET \(set) WHERE \(ofA)"
            try expect(update, as: harness.actorA, denied(table), "UPDATE \(name) SET \(set)")
            try expect(update, as: .anon, denied(table), "UPDATE \(name) SET \(set)")
            try expect(update, as: .serviceRole, .rows(countA), "UPDATE \(name) SET \(set)")
        }
        for (name, set) in Self.ownWrites {
            let table = try table(name)
            let (ofA, countA) = try harness.rowsOf(table, harness.userA)
            let update = "UPDATE \(SQLSyntax.qualified(table.name)) AS t SET \(set) WHERE \(ofA)"
            try expect(update, as: harness.actorA, .rows(countA), "UPDATE \(name) SET \(set)")
            let (ofB, _) = try harness.rowsOf(table, harness.userB)
            try expect("UPDATE \(SQLSyntax.qualified(table.name)) AS t SET \(set) WHERE \(ofB)", as: harness.actorA, .rows(0),
                       "UPDATE of B's rows, \(name) SET \(set)")
        }

        for table in protectedTables {
            let name = SQLSyntax.qualified(table.name)
            let (ofA, countA) = try harness.rowsOf(table, harness.userA)
            // Every protected column, by UPDATE (to its own value: the privilege is checked, not the value) and by
            // an INSERT that otherwise succeeds for A.
            for column in table.columns where column.isProtected {
                let quoted = SQLSyntax.quoteIdent(column.name)
                try expect("UPDATE \(name) AS t SET \(quoted) = t.\(quoted) WHERE \(ofA)", as: harness.actorA, denied(table),
                           "UPDATE of protected \(table.name.name).\(column.name)")
                try expect("UPDATE \(name) AS t SET \(quoted) = t.\(quoted) WHERE \(ofA)", as: .serviceRole, .rows(countA),
                           "UPDATE of protected \(table.name.name).\(column.name)")
                let insert = try harness.insertStatement(table, for: harness.userA)
                if let open = insert.range(of: ") VALUES (") {
                    // The column with its default: naming it is what needs the privilege.
                    let withColumn = insert[..<open.lowerBound] + ", \(quoted)) VALUES (" + insert[open.upperBound...].dropLast()
                        + ", DEFAULT)"
                    try expect(String(withColumn), as: harness.actorA, denied(table),
                               prepare: "DELETE FROM \(name) AS t WHERE \(harness.ownedBy(table, harness.userA, alias: "t"));",
                               "INSERT naming protected \(table.name.name).\(column.name)")
                }
            }
            // What the catalog says: no table-level INSERT or UPDATE for the clients, per column exactly the others;
            // service_role and the owner keep the table-level privileges (Supabase's GRANT ALL, narrowed only here).
            for role in SQLDefinitions.clientRoles {
                for privilege in ["INSERT", "UPDATE"] {
                    #expect(try database.scalar("SELECT has_table_privilege('\(role)', \(SQLSyntax.literal(name)), '\(privilege)')") == "f",
                            "\(role) has table-level \(privilege) on \(name)")
                    for column in table.columns where column.generated == nil {
                        let granted = try database.scalar(
                            "SELECT has_column_privilege('\(role)', \(SQLSyntax.literal(name)), \(SQLSyntax.literal(column.name)), '\(privilege)')")
                        #expect(granted == (column.isProtected ? "f" : "t"), "\(role) \(privilege) on \(name).\(column.name): \(granted)")
                    }
                }
                #expect(try database.scalar("SELECT has_table_privilege('\(role)', \(SQLSyntax.literal(name)), 'SELECT')") == "t")
                #expect(try database.scalar("SELECT has_table_privilege('\(role)', \(SQLSyntax.literal(name)), 'DELETE')") == "t")
            }
            // The owner is the role that applied the DDL.
            for role in ["'service_role'", "current_user"] {
                #expect(try database.scalar("SELECT has_table_privilege(\(role), \(SQLSyntax.literal(name)), 'INSERT') AND has_table_privilege(\(role), \(SQLSyntax.literal(name)), 'UPDATE')") == "t",
                        "\(role) lost INSERT or UPDATE on \(name)")
            }
        }

        // Applying rls.sql again leaves the same privileges (the REVOKE also takes back the column grants).
        let before = try database.query("""
            SELECT table_name, column_name, grantee, privilege_type FROM information_schema.column_privileges
            WHERE table_schema = 'public' AND grantee IN ('anon', 'authenticated') ORDER BY 1, 2, 3, 4
            """)
        try database.apply(rlsCase.rlsSQL)
        let after = try database.query("""
            SELECT table_name, column_name, grantee, privilege_type FROM information_schema.column_privileges
            WHERE table_schema = 'public' AND grantee IN ('anon', 'authenticated') ORDER BY 1, 2, 3, 4
            """)
        #expect(before == after && !before.isEmpty)
    }
}

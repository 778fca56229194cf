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
                        "rls-restrictive", "rls-hostile-names"]

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
}

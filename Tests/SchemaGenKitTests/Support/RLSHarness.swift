import Foundation
import Testing
@testable import SchemaGenKit

/// A schema with its DDL and RLS outputs: the root PixCrawler schema (its committed `Generated/sql` files) or a
/// fixture (compiled in memory).
struct RLSCase: CustomTestStringConvertible, Sendable {
    static let root = "schema.yaml"

    var name: String
    var schema: Schema
    var schemaSQL: String
    var rlsSQL: String

    var testDescription: String { name }

    static func load(_ name: String) throws -> RLSCase {
        if name == root {
            let base = TestEnvironment.repositoryRoot
            let bytes = [UInt8](try Data(contentsOf: base.appendingPathComponent("schema.yaml")))
            let (schema, diagnostics) = Pipeline.load(bytes, fileName: "schema.yaml")
            guard let schema else { throw Problem("schema.yaml does not compile: \(diagnostics)") }
            let sql = base.appendingPathComponent("Generated/sql")
            return RLSCase(name: name, schema: schema,
                           schemaSQL: try String(contentsOf: sql.appendingPathComponent("schema.sql"), encoding: .utf8),
                           rlsSQL: try String(contentsOf: sql.appendingPathComponent("rls.sql"), encoding: .utf8))
        }
        let result = try TestEnvironment.compileFixture(name, targets: ["sql", "rls"])
        guard let schema = result.schema,
              let schemaSQL = result.outputs.first(where: { $0.target == "sql" })?.contents,
              let rlsSQL = result.outputs.first(where: { $0.target == "rls" })?.contents else {
            throw Problem("fixture \(name) does not produce schema.sql and rls.sql: \(result.diagnostics)")
        }
        return RLSCase(name: name, schema: schema, schemaSQL: schemaSQL, rlsSQL: rlsSQL)
    }

    /// Every fixture that produces `rls.sql`, and the root schema.
    static func all() -> [String] {
        [root] + TestEnvironment.fixtureNames().filter { name in
            // A case needing an extension this server does not have (pgvector) cannot be applied here.
            ((try? TestEnvironment.compileFixture(name, targets: ["rls"]).outputs.isEmpty == false) ?? false)
                && TestDatabase.canSetUp(name)
        }
    }

    /// A database with the case's `schema.sql` and `rls.sql` applied, as a migration tool applies them.
    func database() throws -> TestDatabase {
        let database = try TestDatabase.create(name)
        do {
            if name != Self.root { try database.setUp(name) }
            try database.apply(schemaSQL)
            try database.apply(rlsSQL)
        } catch {
            database.drop()
            throw error
        }
        return database
    }
}

struct Problem: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// What `pg_policies` and `pg_class` say about row-level security, in a stable order.
struct RLSState: Equatable {
    var policies: [[String]]
    var tables: [[String]]

    static func read(_ database: TestDatabase, tables: [Table]) throws -> RLSState {
        let policies = try database.query("""
            SELECT schemaname, tablename, policyname, permissive,
                   array_to_string(ARRAY(SELECT unnest(roles) ORDER BY 1), ','), cmd,
                   coalesce(qual, '<none>'), coalesce(with_check, '<none>')
            FROM pg_catalog.pg_policies ORDER BY 1, 2, 3
            """)
        var flags: [[String]] = []
        for table in tables {
            let row = try database.query("""
                SELECT relrowsecurity, relforcerowsecurity FROM pg_catalog.pg_class
                WHERE oid = \(SQLSyntax.literal(SQLSyntax.qualified(table.name)))::regclass
                """)
            flags.append([table.name.description] + (row.first ?? []))
        }
        return RLSState(policies: policies, tables: flags)
    }
}

/// Who runs a statement: a signed-in user (the `authenticated` role with a JWT whose `sub` is the user),
/// a signed-out visitor (`anon`), or the backend (`service_role`).
enum Actor: CustomStringConvertible {
    case user(String, label: String)
    case anon
    case serviceRole

    var description: String {
        switch self {
        case .user(_, let label): return "user \(label)"
        case .anon: return "anon"
        case .serviceRole: return "service_role"
        }
    }

    /// The statements that make the rest of the transaction run as this actor, as PostgREST does it.
    var prelude: String {
        switch self {
        case .user(let id, _):
            let claims = SQLSyntax.literal(#"{"sub":"\#(id)","role":"authenticated"}"#)
            return "SET LOCAL ROLE authenticated;\nSELECT set_config('request.jwt.claims', \(claims), true) \\g /dev/null"
        case .anon:
            return "SET LOCAL ROLE anon;"
        case .serviceRole:
            return "SET LOCAL ROLE service_role;"
        }
    }
}

/// The result of one statement: rows counted or affected, or an error with its SQLSTATE (alone for a
/// row-level security violation, with the message for anything else).
enum Outcome: Equatable, CustomStringConvertible {
    case rows(Int)
    case refused(String)

    var description: String {
        switch self {
        case .rows(let count): return "\(count) row(s)"
        case .refused(let code): return "error \(code)"
        }
    }
}

/// Creates users and owned rows from the IR, and runs statements as an actor inside a rolled-back transaction.
struct RLSHarness {
    let database: TestDatabase
    let schema: Schema
    let userA = UUID().uuidString.lowercased()
    let userB = UUID().uuidString.lowercased()
    var counter = 0

    var actorA: Actor { .user(userA, label: "A") }
    var actorB: Actor { .user(userB, label: "B") }

    init(database: TestDatabase, schema: Schema) {
        self.database = database
        self.schema = schema
    }

    /// How the rows of a table belong to a user.
    enum Ownership {
        /// A column holds the owner's user id.
        case column(String)
        /// A foreign key leads to a parent row that belongs to the user.
        case parent(ForeignKey)
    }

    /// The owner column of the owner shorthand; for explicit policies, a column referencing the users table,
    /// else a foreign key to an owner-scoped table (a row of `crawl_jobs` belongs to whoever owns its project).
    func ownership(of table: Table) -> Ownership? {
        if let owner = table.rls.ownerColumn { return .column(owner) }
        guard table.rls.enabled, !table.rls.policies.isEmpty else { return nil }
        if let key = table.foreignKeys.first(where: { $0.columns.count == 1 && schema.table($0.referencedTable)?.isExternal == true }) {
            return .column(key.columns[0])
        }
        if let key = table.foreignKeys.first(where: { key in
            key.referencedTable != table.name && schema.tables.first { $0.name == key.referencedTable }.map { ownership(of: $0) != nil } == true
        }) {
            return .parent(key)
        }
        return nil
    }

    /// The tables whose rows belong to users, parents before children.
    var ownedTables: [Table] {
        var ordered: [Table] = []
        func visit(_ table: Table, depth: Int) {
            guard depth < 20, !ordered.contains(where: { $0.name == table.name }) else { return }
            for key in table.foreignKeys where key.referencedTable != table.name {
                if let parent = schema.tables.first(where: { $0.name == key.referencedTable }) { visit(parent, depth: depth + 1) }
            }
            ordered.append(table)
        }
        for table in schema.tables { visit(table, depth: 0) }
        return ordered.filter { ownership(of: $0) != nil }
    }

    /// A predicate on `alias` (a row of `table`) that holds when the row belongs to `user`.
    func ownedBy(_ table: Table, _ user: String, alias: String, depth: Int = 0) -> String {
        switch ownership(of: table) {
        case .column(let column):
            return "\(alias).\(SQLSyntax.quoteIdent(column)) = \(SQLSyntax.literal(user))::uuid"
        case .parent(let key):
            guard let parent = schema.table(key.referencedTable) else { return "false" }
            let inner = "p\(depth)"
            let joins = zip(key.columns, key.referencedColumns).map {
                "\(inner).\(SQLSyntax.quoteIdent($0.1)) = \(alias).\(SQLSyntax.quoteIdent($0.0))"
            }
            return "EXISTS (SELECT 1 FROM \(SQLSyntax.qualified(parent.name)) AS \(inner) WHERE "
                + (joins + [ownedBy(parent, user, alias: inner, depth: depth + 1)]).joined(separator: " AND ") + ")"
        case nil:
            return "true"
        }
    }

    // MARK: Data

    /// Creates users A and B (a trigger on `auth.users` may create rows for them) and one row per user in every
    /// owned table that has none yet.
    mutating func seed() throws {
        try database.run(sql: """
            INSERT INTO auth.users (id, email) VALUES
                (\(SQLSyntax.literal(userA)), 'a@example.com'), (\(SQLSyntax.literal(userB)), 'b@example.com');
            """)
        for table in ownedTables {
            for user in [userA, userB] { try ensureRow(table, for: user) }
        }
        // RLS must be the only guard: tables outside `public` get the grants Supabase gives `public`.
        for name in schema.createdSchemas {
            let schemaName = SQLSyntax.quoteIdent(name)
            try database.run(sql: """
                GRANT USAGE ON SCHEMA \(schemaName) TO anon, authenticated, service_role;
                GRANT ALL ON ALL TABLES IN SCHEMA \(schemaName) TO anon, authenticated, service_role;
                GRANT ALL ON ALL SEQUENCES IN SCHEMA \(schemaName) TO anon, authenticated, service_role;
                """)
        }
    }

    mutating func ensureRow(_ table: Table, for user: String?) throws {
        let condition = user.map { ownedBy(table, $0, alias: "t") } ?? "true"
        let count = try database.scalar("SELECT count(*) FROM \(SQLSyntax.qualified(table.name)) AS t WHERE \(condition)")
        if count == "0" { try database.run(sql: try insertStatement(table, for: user)) }
    }

    /// An INSERT of a new row of `table` owned by `user` (or by nobody), every value a literal computed now,
    /// so the statement means the same whoever runs it.
    mutating func insertStatement(_ table: Table, for user: String?) throws -> String {
        var columns: [String] = []
        var values: [String] = []
        var owner: String?
        if case .column(let column) = ownership(of: table) { owner = column }
        for column in table.columns {
            let type = SQLDefault.type(column.type)
            if let key = table.foreignKeys.first(where: { $0.columns.contains(column.name) }),
               let position = key.columns.firstIndex(of: column.name) {
                if schema.table(key.referencedTable)?.isExternal == true {
                    columns.append(column.name)
                    values.append(SQLSyntax.literal(user ?? userA) + "::" + type)
                } else {
                    let parent = try parentKey(key, for: user)
                    columns.append(column.name)
                    values.append(SQLSyntax.literal(parent[position]) + "::" + type)
                }
            } else if column.name == owner, let user {
                columns.append(column.name)
                values.append(SQLSyntax.literal(user) + "::" + type)
            } else if !column.isOptionalOnInsert {
                columns.append(column.name)
                values.append("(" + sample(column.type) + ")::" + type)
            }
        }
        let list = columns.map(SQLSyntax.quoteIdent).joined(separator: ", ")
        return "INSERT INTO \(SQLSyntax.qualified(table.name)) (\(list)) VALUES (\(values.joined(separator: ", ")))"
    }

    /// The referenced values of a parent row for a foreign key: the user's own parent row when the parent is
    /// owned, else any row (created when there is none).
    mutating func parentKey(_ key: ForeignKey, for user: String?) throws -> [String] {
        guard let parent = schema.table(key.referencedTable) else { throw Problem("no table \(key.referencedTable)") }
        let owned = ownership(of: parent) != nil
        try ensureRow(parent, for: owned ? user : nil)
        let condition = owned ? user.map { ownedBy(parent, $0, alias: "t") } ?? "true" : "true"
        let columns = key.referencedColumns.map { "t.\(SQLSyntax.quoteIdent($0))::text" }.joined(separator: ", ")
        let rows = try database.query("SELECT \(columns) FROM \(SQLSyntax.qualified(parent.name)) AS t WHERE \(condition) LIMIT 1")
        guard let row = rows.first else { throw Problem("no parent row in \(parent.name) for \(key.name)") }
        return row
    }

    /// A valid value of a type for a NOT NULL column without a default; numbers and strings differ per call so
    /// unique columns stay unique.
    mutating func sample(_ type: ColumnType) -> String {
        counter += 1
        switch type {
        case .uuid: return "gen_random_uuid()"
        case .text: return SQLSyntax.literal("value \(counter)")
        case .varchar(let length), .char(let length):
            return SQLSyntax.literal(String("v\(counter)".prefix(length ?? 10)))
        case .smallint, .integer, .bigint, .smallserial, .serial, .bigserial, .real, .doublePrecision, .numeric:
            return "\(counter)"
        case .boolean: return "false"
        case .date: return "current_date + \(counter)"
        case .time, .timetz: return "'12:00'"
        case .timestamp, .timestamptz: return "now()"
        case .interval: return "'1 day'"
        case .json(let content), .jsonb(let content):
            if case .array = content { return "'[]'" }
            return "'{}'"
        case .bytea: return "'\\x00'"
        case .inet: return "'127.0.0.1'"
        case .enumeration(let name): return SQLSyntax.literal(schema.enumType(name)?.values.first ?? "")
        case .citext, .tsvector, .tsquery, .xml: return SQLSyntax.literal("v\(counter)")
        case .money, .oid: return "\(counter)"
        case .cidr: return "'10.0.0.0/8'"
        case .macaddr: return "'08:00:2b:01:02:03'"
        case .macaddr8: return "'08:00:2b:01:02:03:04:05'"
        case .geometric(.point): return "'(\(counter),0)'"
        case .geometric(.circle): return "'<(0,0),1>'"
        case .geometric(let kind): return "'(\(counter),0),(1,1)'::\(kind.rawValue)"
        case .bit(let n): return "B'" + String(repeating: "0", count: n ?? 1) + "'"
        case .varbit: return "B'0'"
        case .range: return "'empty'"
        case .multirange: return "'{}'"
        case .vector(let n): return "'[" + Array(repeating: "0", count: n ?? 1).joined(separator: ",") + "]'"
        case .declared: return "NULL"
        case .domain(_, let base): return sample(base)
        case .array: return "'{}'"
        }
    }

    /// The primary keys of the rows of `table` that belong to `user`, as a predicate on alias `t`.
    func rowsOf(_ table: Table, _ user: String) throws -> (predicate: String, count: Int) {
        guard let key = table.primaryKey else { return (ownedBy(table, user, alias: "t"), try count(table, ownedBy(table, user, alias: "t"))) }
        let columns = key.columns.map { "t.\(SQLSyntax.quoteIdent($0))::text" }.joined(separator: ", ")
        let rows = try database.query("SELECT \(columns) FROM \(SQLSyntax.qualified(table.name)) AS t WHERE \(ownedBy(table, user, alias: "t"))")
        guard !rows.isEmpty else { return ("false", 0) }
        let types = key.columns.map { name in table.column(name).map { SQLDefault.type($0.type) } ?? "text" }
        let tuples = rows.map { row in
            "(" + zip(row, types).map { SQLSyntax.literal($0.0) + "::" + $0.1 }.joined(separator: ", ") + ")"
        }
        let target = "(" + key.columns.map { "t.\(SQLSyntax.quoteIdent($0))" }.joined(separator: ", ") + ")"
        return ("\(target) IN (\(tuples.joined(separator: ", ")))", rows.count)
    }

    func count(_ table: Table, _ predicate: String = "true") throws -> Int {
        Int(try database.scalar("SELECT count(*) FROM \(SQLSyntax.qualified(table.name)) AS t WHERE \(predicate)")) ?? -1
    }

    // MARK: Acting

    /// Runs one statement as `actor` in a transaction that is rolled back; `prepare` runs before, as the superuser.
    func run(_ statement: String, as actor: Actor, prepare: String = "") throws -> Outcome {
        let script = """
            \\set VERBOSITY verbose
            BEGIN;
            \(prepare)
            \(actor.prelude)
            \\echo @@
            \(statement);
            \\echo @@
            ROLLBACK;

            """
        let output: String
        do {
            output = try database.session(script)
        } catch let failure as Shell.Failure {
            guard let range = failure.output.range(of: #"ERROR:  [0-9A-Z]{5}:[^\n]*"#, options: .regularExpression) else { throw failure }
            let line = failure.output[range]
            let code = String(line.dropFirst(8).prefix(5))
            // 42501 is also "permission denied"; only a row-level security refusal counts as one.
            return .refused(line.contains("row-level security") ? code : String(line.dropFirst(8)))
        }
        let parts = output.components(separatedBy: "@@\n")
        guard parts.count >= 3 else { throw Problem("unexpected psql output: \(output)") }
        let line = parts[1].split(separator: "\n").last.map(String.init) ?? ""
        guard let number = line.split(separator: " ").last.flatMap({ Int($0) }) else { throw Problem("no row count in '\(line)'") }
        return .rows(number)
    }
}

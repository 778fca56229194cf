import Foundation
import Testing
@testable import SchemaGenKit

/// Every folder in `Tests/MigrationFixtures` is a case: `before.yaml`, `after.yaml` and the expected
/// `migration.sql` (all files of the migration) or `diagnostics.txt` (a refused plan, or its warnings).
///
/// Each planned migration is also applied on PostgreSQL: a database built from before's DDL and RLS, holding one
/// row per table, is migrated and must then have the catalog of a fresh database built from after's DDL and RLS
/// (columns, types, defaults, constraints with their names, indexes, enums, comments, RLS and policies), with its
/// rows still there and the values of continuing columns (renamed ones included) unchanged.
@Suite struct MigrationPlannerTests {
    static let directory = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/MigrationFixtures")
    static let recording = ProcessInfo.processInfo.environment["SCHEMAGEN_RECORD"] == "1"

    static func caseNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: directory.appendingPathComponent("\($0)/after.yaml").path) }.sorted()
    }

    struct Case {
        var before: Schema
        var after: Schema
        var beforeResult: Pipeline.Result
        var afterResult: Pipeline.Result
        var plan: MigrationPlan
    }

    static func load(_ name: String) throws -> Case {
        let folder = directory.appendingPathComponent(name)
        let beforeText = try String(contentsOf: folder.appendingPathComponent("before.yaml"), encoding: .utf8)
        let afterText = try String(contentsOf: folder.appendingPathComponent("after.yaml"), encoding: .utf8)
        let beforeResult = TestEnvironment.compile(beforeText, fileName: "before.yaml", targets: ["sql", "rls"])
        let afterResult = TestEnvironment.compile(afterText, fileName: "after.yaml", targets: ["sql", "rls"])
        let before = try #require(beforeResult.schema, "\(name)/before.yaml: \(beforeResult.diagnostics)")
        let after = try #require(afterResult.schema, "\(name)/after.yaml: \(afterResult.diagnostics)")
        // The snapshot round trip is part of every case: the planner reads the old state from it.
        let recorded = try MigrationSnapshot.decode(try MigrationSnapshot.encode(before))
        let plan = MigrationPlanner.plan(from: recorded, to: after, file: "after.yaml")
        return Case(before: before, after: after, beforeResult: beforeResult, afterResult: afterResult, plan: plan)
    }

    /// The expected files of a case.
    static func rendered(_ plan: MigrationPlan) -> [(file: String, contents: String)] {
        var result: [(String, String)] = []
        if !plan.hasErrors {
            let files = plan.files(sourceName: "after.yaml")
            result.append(("migration.sql", files.map { file in
                (files.count > 1 ? "-- ==== file\(file.suffix.isEmpty ? " (main)" : " " + file.suffix) ====\n" : "") + file.contents
            }.joined(separator: "\n")))
        }
        var lines = plan.diagnostics.map(\.description)
        lines += plan.destructiveDiagnostics(file: "after.yaml").map(\.description)
        if !lines.isEmpty { result.append(("diagnostics.txt", lines.joined(separator: "\n") + "\n")) }
        return result
    }

    @Test(arguments: caseNames())
    func golden(_ name: String) throws {
        let folder = Self.directory.appendingPathComponent(name)
        let loaded = try Self.load(name)
        let expected = Self.rendered(loaded.plan)
        var recorded: [String] = []
        for (file, contents) in expected {
            let url = folder.appendingPathComponent(file)
            let onDisk = try? String(contentsOf: url, encoding: .utf8)
            if onDisk == contents { continue }
            if Self.recording {
                try contents.write(to: url, atomically: true, encoding: .utf8)
                recorded.append(file)
            } else if let onDisk {
                Issue.record("\(name)/\(file) differs:\n\(UnifiedDiff.render(old: onDisk, new: contents, oldName: "expected", newName: "actual", limit: 80))")
            } else {
                Issue.record("\(name)/\(file) is missing; record it with SCHEMAGEN_RECORD=1 swift test --filter MigrationPlannerTests")
            }
        }
        for file in ["migration.sql", "diagnostics.txt"] where !expected.contains(where: { $0.file == file }) {
            let url = folder.appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            if Self.recording { try FileManager.default.removeItem(at: url); recorded.append("-" + file) } else {
                Issue.record("\(name)/\(file) is expected but not produced")
            }
        }
        if !recorded.isEmpty { Issue.record("recorded \(name): \(recorded.joined(separator: ", ")); review the diff, then run without SCHEMAGEN_RECORD") }
    }

    @Test(arguments: caseNames())
    func appliesOnPostgres(_ name: String) throws {
        let loaded = try Self.load(name)
        if loaded.plan.hasErrors { return }
        let migrated = try TestDatabase.create("migrated_" + name)
        defer { migrated.drop() }
        let fresh = try TestDatabase.create("fresh_" + name)
        defer { fresh.drop() }
        try Self.build(loaded.before, result: loaded.beforeResult, in: migrated)
        // A case named "-on-empty" plans what applies to empty tables only (a NOT NULL column without a default,
        // an explicit cast of values that do not convert): its tables get no rows.
        let rows = name.hasSuffix("-on-empty") ? [:] : try Self.fillRows(loaded.before, in: migrated)
        for file in loaded.plan.files(sourceName: "after.yaml") {
            if file.transactional { try migrated.apply(file.contents) } else { try migrated.run(sql: file.contents) }
        }
        try Self.build(loaded.after, result: loaded.afterResult, in: fresh)
        let schemas = Self.schemas(loaded.before) .union(Self.schemas(loaded.after)).sorted()
        let extensions = Set((loaded.before.extensions + loaded.after.extensions).map(\.name))
        let versions = Set(loaded.after.extensions.filter { $0.version != nil }.map(\.name))
        let sequences = Set((loaded.before.sequences + loaded.after.sequences).map(\.name.description))
        let views = Set((loaded.before.views + loaded.after.views).map(\.name.description))
        let have = try Self.facts(migrated, schemas: schemas, extensions: extensions, versions: versions, sequences: sequences, views: views)
        let want = try Self.facts(fresh, schemas: schemas, extensions: extensions, versions: versions, sequences: sequences, views: views)
        var differences: [String] = []
        for key in Set(have.keys).union(want.keys).sorted() where have[key] != want[key] {
            differences.append("\(key): migrated \(have[key] ?? "(none)"), fresh \(want[key] ?? "(none)")")
        }
        #expect(differences.isEmpty, "\(name): the migrated database differs from a fresh one:\n\(differences.joined(separator: "\n"))")
        try Self.checkRows(rows, loaded: loaded, in: migrated)
    }

    /// The first migration (from nothing) of the root schema and of every valid fixture builds exactly the
    /// database that the generated DDL and RLS build.
    @Test(arguments: CatalogTests.cases())
    func firstMigrationEqualsTheDDL(_ name: String) throws {
        let result: Pipeline.Result
        if name == CatalogTests.root {
            let bytes = try [UInt8](Data(contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("schema.yaml")))
            result = Pipeline.run(bytes, fileName: "schema.yaml", templates: TestEnvironment.templates, targets: ["sql", "rls"])
        } else {
            result = try TestEnvironment.compileFixture(name, targets: ["sql", "rls"])
        }
        let schema = try #require(result.schema)
        let plan = MigrationPlanner.plan(from: MigrationPlanner.emptySchema(like: schema), to: schema, file: "schema.yaml")
        #expect(!plan.hasErrors, "\(plan.diagnostics)")
        #expect(plan.destructive.isEmpty)
        let migrated = try TestDatabase.create("first_" + name)
        defer { migrated.drop() }
        let fresh = try TestDatabase.create("ddl_" + name)
        defer { fresh.drop() }
        if name != CatalogTests.root {
            // The extensions a fixture's types need without declaring them (citext, vector).
            guard TestDatabase.canSetUp(name) else { return }
            try migrated.setUp(name)
            try fresh.setUp(name)
        }
        try CatalogTests.createExternalTables(schema, in: migrated)
        for file in plan.files(sourceName: "schema.yaml") {
            if file.transactional { try migrated.apply(file.contents) } else { try migrated.run(sql: file.contents) }
        }
        try Self.build(schema, result: result, in: fresh)
        let schemas = Self.schemas(schema).sorted()
        let extensions = Set(schema.extensions.map(\.name)), versions = Set(schema.extensions.filter { $0.version != nil }.map(\.name))
        let sequences = Set(schema.sequences.map(\.name.description)), views = Set(schema.views.map(\.name.description))
        let have = try Self.facts(migrated, schemas: schemas, extensions: extensions, versions: versions, sequences: sequences, views: views)
        let want = try Self.facts(fresh, schemas: schemas, extensions: extensions, versions: versions, sequences: sequences, views: views)
        let differences = Set(have.keys).union(want.keys).sorted().filter { have[$0] != want[$0] }
            .map { "\($0): migrated \(have[$0] ?? "(none)"), DDL \(want[$0] ?? "(none)")" }
        #expect(differences.isEmpty, "\(name):\n\(differences.joined(separator: "\n"))")
    }

    // MARK: Databases

    static func schemas(_ schema: Schema) -> Set<String> {
        Set(schema.tables.map(\.name.schema) + schema.enums.map(\.name.schema) + schema.sequences.map(\.name.schema)
            + schema.domains.map(\.name.schema) + schema.views.map(\.name.schema) + ["public"])
    }

    static func build(_ schema: Schema, result: Pipeline.Result, in database: TestDatabase) throws {
        try CatalogTests.createExternalTables(schema, in: database)
        for target in ["sql", "rls"] {
            if let text = result.outputs.first(where: { $0.target == target })?.contents { try database.apply(text) }
        }
    }

    /// The catalog facts of the catalog tests, without column order (a migration adds columns at the end), plus
    /// row-level security and policies.
    static func facts(_ database: TestDatabase, schemas: [String], extensions: Set<String> = [],
                      versions: Set<String> = [], sequences: Set<String> = [], views: Set<String> = []) throws -> [String: String] {
        let catalog = try CatalogTests.readCatalog(database, schemas: schemas)
        var facts = CatalogTests.facts(of: catalog, declaredExtensions: extensions, declaredVersions: versions,
                                       declaredSequences: sequences, declaredViews: views)
        for key in facts.keys where key.hasSuffix(" columns") {
            facts[key] = facts[key]?.components(separatedBy: ", ").sorted().joined(separator: ", ")
        }
        let list = "ARRAY[" + schemas.map(CatalogTests.literal).joined(separator: ", ") + "]::text[]"
        for row in try database.query("""
            SELECT n.nspname || '.' || c.relname, c.relrowsecurity::text, c.relforcerowsecurity::text
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname = ANY (\(list))
            """) {
            facts["\(row[0]) rls"] = "enabled \(row[1]), forced \(row[2])"
        }
        for row in try database.query("""
            SELECT schemaname || '.' || tablename || ' policy ' || policyname, permissive || ' ' || cmd || ' TO ' || roles::text
                || ' USING ' || coalesce(qual, '-') || ' WITH CHECK ' || coalesce(with_check, '-')
            FROM pg_catalog.pg_policies WHERE schemaname = ANY (\(list))
            """) {
            facts[row[0]] = row[1]
        }
        // The query of each declared view as PostgreSQL stores it: a replaced view must read what a fresh one reads.
        for row in try database.query("""
            SELECT n.nspname || '.' || c.relname, pg_catalog.pg_get_viewdef(c.oid)
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY (\(list))
            """) where views.contains(row[0]) {
            facts["view \(row[0]) query"] = row[1]
        }
        return facts
    }

    /// A value of each type, the same in every table, so foreign keys between the rows match.
    static func sampleValue(_ type: ColumnType, schema: Schema) -> String {
        switch type {
        case .uuid: return "'00000000-0000-0000-0000-000000000001'"
        case .text, .varchar, .char: return "'a'"
        case .smallint, .integer, .bigint, .smallserial, .serial, .bigserial, .real, .doublePrecision, .numeric: return "1"
        case .boolean: return "true"
        case .date: return "'2024-01-02'"
        case .time, .timetz: return "'12:00'"
        case .timestamp, .timestamptz: return "'2024-01-02 03:04:05+00'"
        case .interval: return "'1 day'"
        case .json, .jsonb: return "'{}'"
        case .bytea: return "'\\x00'"
        case .inet: return "'127.0.0.1'"
        case .enumeration(let name): return schema.enumType(name)?.values.first.map(CatalogTests.literal) ?? "NULL"
        case .array: return "'{}'"
        case .citext, .tsvector, .tsquery: return "'a'"
        case .xml: return "'<a/>'"
        case .money, .oid: return "'1'"
        case .cidr: return "'10.0.0.0/8'"
        case .macaddr: return "'08:00:2b:01:02:03'"
        case .macaddr8: return "'08:00:2b:01:02:03:04:05'"
        case .geometric(let kind):
            switch kind {
            case .point: return "'(0,0)'"
            case .line: return "'{1,1,0}'"
            case .lseg: return "'[(0,0),(1,1)]'"
            case .box: return "'((0,0),(1,1))'"
            case .path: return "'((0,0),(1,1))'"
            case .polygon: return "'((0,0),(1,1),(1,0))'"
            case .circle: return "'<(0,0),1>'"
            }
        case .bit(let length): return "B'" + String(repeating: "0", count: length ?? 1) + "'"
        case .varbit: return "B'1'"
        case .range: return "'empty'"
        case .multirange: return "'{}'"
        case .vector(let dimensions): return "'[" + Array(repeating: "0", count: dimensions ?? 1).joined(separator: ",") + "]'"
        case .declared: return "NULL"
        case .domain(_, let base): return sampleValue(base, schema: schema)
        }
    }

    /// One row per table (foreign key triggers off while filling, so the order does not matter); returns each
    /// table's row as JSON.
    static func fillRows(_ schema: Schema, in database: TestDatabase) throws -> [QualifiedName: [String: String]] {
        var script = ["SET session_replication_role = replica;"]
        // The referenced rows of external tables (auth.users), by their keys only: the rest is not ours.
        for table in schema.externalTables {
            guard let key = table.primaryKey else { continue }
            let columns = key.columns.compactMap { table.column($0) }
            script.append("INSERT INTO \(CatalogTests.qualified(table.name)) (\(columns.map { CatalogTests.ident($0.name) }.joined(separator: ", ")))"
                          + " VALUES (\(columns.map { sampleValue($0.type, schema: schema) }.joined(separator: ", "))) ON CONFLICT DO NOTHING;")
        }
        for table in schema.tables {
            let columns = table.columns.filter { $0.identity != .always && $0.generated == nil }
            let names = columns.map { CatalogTests.ident($0.name) }.joined(separator: ", ")
            let values = columns.map { sampleValue($0.type, schema: schema) }.joined(separator: ", ")
            script.append("INSERT INTO \(CatalogTests.qualified(table.name)) (\(names)) VALUES (\(values));")
        }
        try database.apply(script.joined(separator: "\n"))
        return try readRows(schema.tables.map(\.name), in: database)
    }

    static func readRows(_ tables: [QualifiedName], in database: TestDatabase) throws -> [QualifiedName: [String: String]] {
        var result: [QualifiedName: [String: String]] = [:]
        for name in tables {
            let rows = try database.query("SELECT json_agg(row_to_json(t))::text FROM \(CatalogTests.qualified(name)) AS t")
            let json = rows.first?.first ?? "[]"
            let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] ?? []
            result[name] = (decoded.first ?? [:]).mapValues { "\($0)" }
            if decoded.count != 1 { result[name]?["(row count)"] = "\(decoded.count)" }
        }
        return result
    }

    /// Every continuing table still has its row; every continuing column of an unchanged type has its value.
    static func checkRows(_ before: [QualifiedName: [String: String]], loaded: Case, in database: TestDatabase) throws {
        var planner = MigrationPlanner(old: loaded.before, new: loaded.after, file: "after.yaml")
        planner.matchObjects()
        let after = try readRows(Array(planner.tableMatches.keys), in: database)
        for (newName, oldName) in planner.tableMatches {
            guard let oldRow = before[oldName], let newRow = after[newName] else { continue }
            #expect(newRow["(row count)"] == nil, "\(newName): \(newRow["(row count)"] ?? "") rows after the migration")
            guard let oldTable = loaded.before.table(oldName), let newTable = loaded.after.table(newName) else { continue }
            for (newColumn, oldColumn) in planner.columnMatches[newName] ?? [:] {
                guard let a = oldTable.column(oldColumn), let b = newTable.column(newColumn),
                      SQLDefault.type(planner.renamedType(a.type)) == SQLDefault.type(b.type) else { continue }
                if case .enumeration = b.type.element { continue }
                // A column that becomes generated, or whose expression changes, holds what its expression computes.
                if b.generated != nil && a.generated != b.generated { continue }
                #expect(newRow[newColumn] == oldRow[oldColumn],
                        "\(newName).\(newColumn) (was \(oldName).\(oldColumn)): \(oldRow[oldColumn] ?? "nil") became \(newRow[newColumn] ?? "nil")")
            }
        }
    }
}

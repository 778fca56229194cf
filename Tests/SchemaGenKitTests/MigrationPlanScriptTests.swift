import Testing
@testable import SchemaGenKit

/// `MigrationPlan.script`, the SQL of `schemagen status --sql`.
@Suite struct MigrationPlanScriptTests {
    static let database = """
    settings: { exposed_schemas: [] }
    tables:
      notes:
        columns:
          id: { type: uuid, primary_key: true }
          body: text
          legacy: text?
        rls: false
    """

    static let schema = """
    settings: { exposed_schemas: [] }
    tables:
      notes:
        columns:
          id: { type: uuid, primary_key: true }
          body: text
          title: text?
        rls: false
    """

    func plan(from old: String, to new: String) throws -> MigrationPlan {
        let before = try #require(Pipeline.load(Array(old.utf8), fileName: "schema.yaml").0)
        let after = try #require(Pipeline.load(Array(new.utf8), fileName: "schema.yaml").0)
        return MigrationPlanner.plan(from: before, to: after, file: "schema.yaml")
    }

    @Test func destructiveStatementsAreCommentedOutUnlessAllowed() throws {
        let plan = try plan(from: Self.database, to: Self.schema)
        let script = plan.script(allowDestructive: false, sourceName: "schema.yaml")
        let lines = script.split(separator: "\n").map(String.init)
        #expect(lines.first == "-- The statements that bring the database to schema.yaml (schemagen status --sql). Review them before running them.")
        #expect(lines.contains("-- 1 destructive statement is commented out (--allow-destructive prints them as statements)."))
        let drop = try #require(lines.firstIndex { $0.contains("DROP COLUMN") })
        #expect(lines[drop].hasPrefix("-- ALTER TABLE"))
        #expect(lines[drop - 1].hasPrefix("-- DESTRUCTIVE: "))
        #expect(lines.contains { $0.hasPrefix("ALTER TABLE") && $0.contains("ADD COLUMN") })

        let allowed = plan.script(allowDestructive: true, sourceName: "schema.yaml")
        #expect(allowed.split(separator: "\n").contains { $0.hasPrefix("ALTER TABLE") && $0.contains("DROP COLUMN") })
        #expect(!allowed.contains("commented out"))
    }

    @Test func nothingToDo() throws {
        let plan = try plan(from: Self.schema, to: Self.schema)
        #expect(plan.script(allowDestructive: false, sourceName: "schema.yaml").hasSuffix("-- None: the database matches schema.yaml.\n"))
    }
}

import Foundation
import Testing
@testable import SchemaGenKit

@Suite struct PipelineSmokeTests {
    @Test func rootSchemaCompilesWithoutErrors() throws {
        let url = TestEnvironment.repositoryRoot.appendingPathComponent("schema.yaml")
        let bytes = try [UInt8](Data(contentsOf: url))
        let result = Pipeline.run(bytes, fileName: "schema.yaml", templates: TestEnvironment.templates)
        #expect(!result.hasErrors, "\(result.diagnostics)")
        #expect(result.outputs.contains { $0.path == "Generated/sql/schema.sql" })
    }

    @Test func rootSchemaAppliesToPostgreSQL() throws {
        let url = TestEnvironment.repositoryRoot.appendingPathComponent("Generated/sql/schema.sql")
        let database = try TestDatabase.create("root_schema")
        defer { database.drop() }
        try database.apply(try String(contentsOf: url, encoding: .utf8))
        #expect(try database.scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "9")
    }
}

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

    /// Outputs are handed on one at a time in the order of `settings.outputs`, with the same bytes every time,
    /// and an output that fails does not hold back the others.
    @Test func outputsArriveInOrderWithTheSameBytesEveryTime() throws {
        let url = TestEnvironment.fixturesDirectory.appendingPathComponent("kitchen-sink/schema.yaml")
        let (schema, diagnostics) = Pipeline.load(try [UInt8](Data(contentsOf: url)), fileName: "schema.yaml")
        let loaded = try #require(schema)
        var first: [OutputFile]?
        for _ in 0..<10 {
            var received: [OutputFile] = []
            let all = Pipeline.emit(loaded, diagnostics: diagnostics, fileName: "schema.yaml", templates: TestEnvironment.templates) {
                received.append($0)
            }
            #expect(!all.contains { $0.severity == .error })
            #expect(received.map(\.target) == loaded.settings.outputs.map(\.target))
            if let first { #expect(received == first) } else { first = received }
        }
        var broken = TestEnvironment.templates
        broken.override(with: ["drizzle": "{{#tables}}"])
        var received: [String] = []
        let all = Pipeline.emit(loaded, fileName: "schema.yaml", templates: broken) { received.append($0.target) }
        #expect(received == loaded.settings.outputs.map(\.target).filter { $0 != "drizzle" })
        #expect(all.contains { $0.severity == .error && $0.code == "template-syntax" })
    }

    @Test func rootSchemaAppliesToPostgreSQL() throws {
        let url = TestEnvironment.repositoryRoot.appendingPathComponent("Generated/sql/schema.sql")
        let database = try TestDatabase.create("root_schema")
        defer { database.drop() }
        try database.apply(try String(contentsOf: url, encoding: .utf8))
        #expect(try database.scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "9")
    }
}

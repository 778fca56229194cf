import Foundation
import Testing
@testable import SchemaGenKit

/// The generated `rls.sql` on a real PostgreSQL with the Supabase roles.
@Suite struct RLSIsolationTests {
    @Test func rootRLSAppliesTwice() throws {
        let root = TestEnvironment.repositoryRoot.appendingPathComponent("Generated/sql")
        let database = try TestDatabase.create("root_rls")
        defer { database.drop() }
        try database.apply(try String(contentsOf: root.appendingPathComponent("schema.sql"), encoding: .utf8))
        let rls = try String(contentsOf: root.appendingPathComponent("rls.sql"), encoding: .utf8)
        try database.apply(rls)
        let first = try database.query("SELECT tablename, policyname, cmd, qual, with_check FROM pg_policies ORDER BY 1, 2")
        try database.apply(rls)
        #expect(try database.query("SELECT tablename, policyname, cmd, qual, with_check FROM pg_policies ORDER BY 1, 2") == first)
        #expect(first.count == 23)
    }
}

import Foundation
import Testing
@testable import SchemaGenKit

/// The supabase output: postgres-meta's rules on small schemas, and every generated `database.types.ts` compiled by
/// tsc --strict with a usage file that relies on it (`Tests/Support/supabase-types/`).
@Suite struct SupabaseEmitterTests {
    static let support = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Support/supabase-types")

    /// Every committed database.types.ts: the fixtures' and the root schema's.
    static func typeFiles() -> [URL] {
        var files = TestEnvironment.fixtureNames().map {
            TestEnvironment.fixturesDirectory.appendingPathComponent($0).appendingPathComponent("database.types.ts")
        }.filter { FileManager.default.fileExists(atPath: $0.path) }
        files.append(TestEnvironment.repositoryRoot.appendingPathComponent("Generated/supabase/database.types.ts"))
        return files
    }

    static func output(_ yaml: String) throws -> String {
        let result = Pipeline.run(Array(yaml.utf8), fileName: "schema.yaml", templates: .builtin(), targets: ["supabase"])
        #expect(!result.hasErrors, "\(result.diagnostics)")
        return try #require(result.outputs.first { $0.target == "supabase" }).contents
    }

    @Test func offUnlessNamed() throws {
        let plain = Pipeline.run(Array("tables:\n  notes:\n    columns:\n      id: { type: uuid, primary_key: true }\n".utf8),
                                 fileName: "schema.yaml", templates: .builtin())
        #expect(!plain.outputs.contains { $0.target == "supabase" })
        #expect(plain.outputs.count == 5)
        let on = Pipeline.run(Array("settings:\n  outputs: { supabase: true }\ntables:\n  notes:\n    columns:\n      id: { type: uuid, primary_key: true }\n".utf8),
                              fileName: "schema.yaml", templates: .builtin())
        #expect(on.outputs.map(\.path).contains("Generated/supabase/database.types.ts"))
        #expect(on.outputs.count == 6)
    }

    @Test func insertOptionalityAndOneToOne() throws {
        let text = try Self.output("""
        settings:
          outputs: { supabase: true }
        tables:
          owners:
            columns:
              id: { type: bigint, identity: always, primary_key: true }
          pets:
            columns:
              id: { type: integer, identity: by_default, primary_key: true }
              owner_id: { type: bigint, references: owners.id, unique: true }
              tag: text?
              legs: { type: smallint, default: 4 }
              double_legs: { type: integer, generated: legs * 2 }
              name: text
        """)
        #expect(text.contains("""
                Insert: {
                  double_legs?: number
                  id?: number
                  legs?: number
                  name: string
                  owner_id: number
                  tag?: string | null
                }
        """))
        #expect(text.contains("          id?: never\n"))
        #expect(text.contains("""
                    foreignKeyName: "pets_owner_id_fkey"
                    columns: ["owner_id"]
                    isOneToOne: true
                    referencedRelation: "owners"
                    referencedColumns: ["id"]
        """))
    }

    @Test func namesSortAsLocaleCompare() {
        // What `["_x", ...].sort((a, b) => a.localeCompare(b))` gives in Node.
        let expected = ["_x", "a_b", "a-b", "a1", "ab", "e", "É", "f", "größe", "id", "naïve café", "name", "zeta", "Zeta", "日本"]
        #expect(expected.reversed().sorted(by: Collation.less) == expected)
    }

    @Test func stringsAndKeysAsPrettierPrintsThem() {
        #expect(TS.prettierString("it's") == "\"it's\"")
        #expect(TS.prettierString("say \"hi\"") == "'say \"hi\"'")
        #expect(TS.prettierString("a\\b\n*/") == "\"a\\\\b\\n*/\"")
        #expect(TS.prettierKey("größe") == "größe")
        #expect(TS.prettierKey("1st") == "\"1st\"")
        #expect(TS.prettierKey("naïve café") == "\"naïve café\"")
    }

    /// Copies the root database.types.ts and a usage file into a scratch directory and runs tsc --strict on them.
    static func compile(_ usage: String) throws -> (ok: Bool, output: String) {
        let tsc = try TestEnvironment.require("SCHEMAGEN_TEST_TSC")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("schemagen-supabase-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(at: TestEnvironment.repositoryRoot.appendingPathComponent("Generated/supabase/database.types.ts"),
                                         to: directory.appendingPathComponent("database.types.ts"))
        try FileManager.default.copyItem(at: support.appendingPathComponent(usage), to: directory.appendingPathComponent(usage))
        do {
            try Shell.run(tsc, ["--strict", "--noEmit", "--noUnusedLocals", "--target", "ES2020", "--module", "ES2020",
                                "--moduleResolution", "node", "--pretty", "false",
                                directory.appendingPathComponent(usage).path])
            return (true, "")
        } catch let failure as Shell.Failure {
            return (false, failure.output)
        }
    }

    @Test func tscChecksEveryDatabaseTypesFile() throws {
        let tsc = try TestEnvironment.require("SCHEMAGEN_TEST_TSC")
        #expect(Self.typeFiles().count >= 10)
        do {
            try Shell.run(tsc, ["--strict", "--noEmit", "--target", "ES2020", "--module", "ES2020", "--moduleResolution", "node",
                                "--pretty", "false"] + Self.typeFiles().map(\.path))
        } catch let failure as Shell.Failure {
            Issue.record("tsc failed:\n\(failure.output)")
        }
    }

    @Test func usageCompiles() throws {
        let result = try Self.compile("usage.ts")
        #expect(result.ok, "tsc failed:\n\(result.output)")
    }

    @Test func insertWithoutARequiredColumnDoesNotCompile() throws {
        let result = try Self.compile("missing-insert.ts")
        #expect(!result.ok)
        #expect(result.output.contains("TS2741") && result.output.contains("user_id"), "\(result.output)")
    }
}

import Foundation
import Testing
@testable import SchemaGenKit

/// Type-checks every generated `schema.ts` (each fixture's and `Generated/drizzle/schema.ts`) with `deno check`
/// (a current TypeScript) and with Debian's `tsc` (4.8), plus `Tests/Support/drizzle-stub/pixcrawler-usage.ts`, the
/// seed frontend's uses of the PixCrawler types.
///
/// drizzle-orm cannot be installed from this machine's registries, so its modules are replaced by the declarations in
/// `Tests/Support/drizzle-stub/` (written for these tests, not taken from drizzle), mapped in by `deno.json` and
/// `tsconfig.json` there. What this check can catch: syntax errors, broken escaping of strings, template literals
/// and comments, invalid or reserved identifiers, duplicate or shadowed names, unused imports (noUnusedLocals),
/// references to tables and columns that do not exist or belong to another table, our own types (JSON shapes, row
/// and insert types, enum unions) and whether `.default(...)` values fit a column's type and its `$type<...>()`
/// shape, half-built constraint builders, and type inference that cannot finish (foreign-key cycles, TS7022).
/// What it cannot catch: drizzle's real signatures and behaviour (overloads, the relational query API, what
/// drizzle-kit generates); those were checked against drizzle-orm's sources outside CI.
@Suite struct TypeScriptCompileTests {
    static let stub = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Support/drizzle-stub")

    /// Every committed schema.ts: the fixtures' and the root schema's.
    static func schemaFiles() -> [URL] {
        var files = TestEnvironment.fixtureNames().map {
            TestEnvironment.fixturesDirectory.appendingPathComponent($0).appendingPathComponent("schema.ts")
        }.filter { FileManager.default.fileExists(atPath: $0.path) }
        files.append(TestEnvironment.repositoryRoot.appendingPathComponent("Generated/drizzle/schema.ts"))
        return files
    }

    /// A scratch directory with a copy of the root schema.ts and the usage file importing it as `importPath`.
    static func usageDirectory(importPath: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("schemagen-ts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let schema = TestEnvironment.repositoryRoot.appendingPathComponent("Generated/drizzle/schema.ts")
        try FileManager.default.copyItem(at: schema, to: directory.appendingPathComponent("schema.ts"))
        let usage = try String(contentsOf: stub.appendingPathComponent("pixcrawler-usage.ts"), encoding: .utf8)
            .replacingOccurrences(of: "from './schema';", with: "from '\(importPath)';")
        try usage.write(to: directory.appendingPathComponent("usage.ts"), atomically: true, encoding: .utf8)
        return directory
    }

    @Test func fixturesHaveSchemaFiles() {
        // A guard against checking nothing: the Drizzle fixtures and the root schema are all there.
        #expect(Self.schemaFiles().count >= 11)
    }

    @Test func denoChecksEveryGeneratedSchema() throws {
        let deno = try TestEnvironment.require("SCHEMAGEN_TEST_DENO")
        let directory = try Self.usageDirectory(importPath: "./schema.ts")
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = Self.schemaFiles().map(\.path) + [directory.appendingPathComponent("usage.ts").path]
        do {
            try Shell.run(deno, ["check", "--quiet", "--no-lock", "--config", Self.stub.appendingPathComponent("deno.json").path] + files,
                          environment: ["DENO_NO_UPDATE_CHECK": "1", "DENO_NO_PROMPT": "1", "NO_COLOR": "1"])
        } catch let failure as Shell.Failure {
            Issue.record("deno check failed:\n\(failure.output)")
        }
    }

    /// Generated columns are read-only: in the row type, never in the insert type.
    @Test func generatedColumnsAreLeftOutOfInserts() throws {
        let deno = try TestEnvironment.require("SCHEMAGEN_TEST_DENO")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("schemagen-ts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let schema = TestEnvironment.fixturesDirectory.appendingPathComponent("generated-columns/schema.ts")
        try FileManager.default.copyItem(at: schema, to: directory.appendingPathComponent("schema.ts"))
        let usage = try String(contentsOf: Self.stub.appendingPathComponent("generated-columns-usage.ts"), encoding: .utf8)
            .replacingOccurrences(of: "from './schema';", with: "from './schema.ts';")
        try usage.write(to: directory.appendingPathComponent("usage.ts"), atomically: true, encoding: .utf8)
        do {
            try Shell.run(deno, ["check", "--quiet", "--no-lock", "--config", Self.stub.appendingPathComponent("deno.json").path,
                                 directory.appendingPathComponent("usage.ts").path],
                          environment: ["DENO_NO_UPDATE_CHECK": "1", "DENO_NO_PROMPT": "1", "NO_COLOR": "1"])
        } catch let failure as Shell.Failure {
            Issue.record("deno check failed:\n\(failure.output)")
        }
    }

    @Test func tscChecksEveryGeneratedSchema() throws {
        let tsc = try TestEnvironment.require("SCHEMAGEN_TEST_TSC")
        let directory = try Self.usageDirectory(importPath: "./schema")
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = Self.schemaFiles().map(\.path) + [directory.appendingPathComponent("usage.ts").path]
        let config: [String: Any] = ["extends": Self.stub.appendingPathComponent("tsconfig.json").path, "files": files]
        let data = try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys])
        let configURL = directory.appendingPathComponent("tsconfig.json")
        try data.write(to: configURL)
        do {
            try Shell.run(tsc, ["-p", configURL.path, "--pretty", "false"])
        } catch let failure as Shell.Failure {
            Issue.record("tsc failed:\n\(failure.output)")
        }
    }

    static let zodStub = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Support/zod-stub")

    /// A scratch directory with the root and fixture Zod contracts and the usage file (which holds `@ts-expect-error`
    /// lines: a NOT NULL field sent as null, a protected column, a missing required field must not compile).
    static func zodDirectory(importPath: String) throws -> (URL, [String]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("schemagen-zod-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TestEnvironment.repositoryRoot.appendingPathComponent("Generated/zod/schemas.ts"),
                                         to: directory.appendingPathComponent("schemas.ts"))
        let usage = try String(contentsOf: zodStub.appendingPathComponent("contracts-usage.ts"), encoding: .utf8)
            .replacingOccurrences(of: "from './schemas';", with: "from '\(importPath)';")
        try usage.write(to: directory.appendingPathComponent("usage.ts"), atomically: true, encoding: .utf8)
        let fixtures = TestEnvironment.fixtureNames().map {
            TestEnvironment.fixturesDirectory.appendingPathComponent($0).appendingPathComponent("schemas.ts")
        }.filter { FileManager.default.fileExists(atPath: $0.path) }.map(\.path)
        return (directory, [directory.appendingPathComponent("schemas.ts").path, directory.appendingPathComponent("usage.ts").path] + fixtures)
    }

    @Test func tscChecksZodContracts() throws {
        let tsc = try TestEnvironment.require("SCHEMAGEN_TEST_TSC")
        let (directory, files) = try Self.zodDirectory(importPath: "./schemas")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(files.count >= 3)
        let config: [String: Any] = ["extends": Self.zodStub.appendingPathComponent("tsconfig.json").path, "files": files]
        let configURL = directory.appendingPathComponent("tsconfig.json")
        try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys]).write(to: configURL)
        do {
            try Shell.run(tsc, ["-p", configURL.path, "--pretty", "false"])
        } catch let failure as Shell.Failure {
            Issue.record("tsc failed:\n\(failure.output)")
        }
    }

    @Test func denoChecksZodContracts() throws {
        let deno = try TestEnvironment.require("SCHEMAGEN_TEST_DENO")
        let (directory, files) = try Self.zodDirectory(importPath: "./schemas.ts")
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            try Shell.run(deno, ["check", "--quiet", "--no-lock", "--config", Self.zodStub.appendingPathComponent("deno.json").path] + files,
                          environment: ["DENO_NO_UPDATE_CHECK": "1", "DENO_NO_PROMPT": "1", "NO_COLOR": "1"])
        } catch let failure as Shell.Failure {
            Issue.record("deno check failed:\n\(failure.output)")
        }
    }
}

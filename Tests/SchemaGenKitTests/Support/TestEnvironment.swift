import Foundation
import Testing
@testable import SchemaGenKit

/// The environment `scripts/test.sh` exports; a test that needs it fails (never skips) when it is missing.
enum TestEnvironment {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixturesDirectory = repositoryRoot.appendingPathComponent("Tests/Fixtures")

    struct Missing: Error, CustomStringConvertible {
        var name: String
        var description: String { "\(name) is not set: run the suite through scripts/test.sh (or scripts/dev-env.sh swift test)" }
    }

    static func require(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { throw Missing(name: name) }
        return value
    }

    /// The built-in templates, loaded once.
    static let templates: TemplateSet = TemplateSet.builtin()

    /// Compiles schema text with the built-in templates.
    static func compile(_ yaml: String, fileName: String = "schema.yaml", targets: Set<String>? = nil) -> Pipeline.Result {
        Pipeline.run(Array(yaml.utf8), fileName: fileName, templates: templates, targets: targets)
    }

    /// Compiles a fixture folder's `schema.yaml`, with the templates of its custom outputs read from the folder.
    static func compileFixture(_ name: String, targets: Set<String>? = nil) throws -> Pipeline.Result {
        let folder = fixturesDirectory.appendingPathComponent(name)
        let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent("schema.yaml")))
        let (schema, diagnostics) = Pipeline.load(bytes, fileName: "schema.yaml")
        guard let schema else { return Pipeline.Result(diagnostics: diagnostics, outputs: [], schema: nil) }
        let fixtureTemplates = try TemplateSet.load(for: schema, baseDirectory: folder.path, targets: targets)
        return Pipeline.emit(schema, diagnostics: diagnostics, fileName: "schema.yaml", templates: fixtureTemplates, targets: targets)
    }

    /// The fixture's `setup.sql` (the extensions its types need), applied to a test database before its DDL.
    static func fixtureSetup(_ name: String) -> String? {
        try? String(contentsOf: fixturesDirectory.appendingPathComponent(name).appendingPathComponent("setup.sql"), encoding: .utf8)
    }

    /// The extensions a setup script creates (`CREATE EXTENSION IF NOT EXISTS name`).
    static func extensions(in setup: String) -> [String] {
        setup.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard words.count >= 6, words.prefix(5).map({ $0.uppercased() }) == ["CREATE", "EXTENSION", "IF", "NOT", "EXISTS"] else { return nil }
            return String(words[5]).trimmingCharacters(in: CharacterSet(charactersIn: ";"))
        }
    }

    /// Names of the fixture folders, sorted.
    static func fixtureNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixturesDirectory.path)) ?? []
        return names.filter {
            FileManager.default.fileExists(atPath: fixturesDirectory.appendingPathComponent($0).appendingPathComponent("schema.yaml").path)
        }.sorted()
    }
}

/// Runs a process and captures its output.
enum Shell {
    struct Failure: Error, CustomStringConvertible {
        var command: String
        var status: Int32
        var output: String
        var description: String { "`\(command)` exited with \(status):\n\(output)" }
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String], input: String? = nil, environment: [String: String] = [:],
                    currentDirectory: URL? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let inputPipe = Pipe()
        process.standardInput = inputPipe
        try process.run()
        if let input { inputPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try? inputPipe.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw Failure(command: ([executable] + arguments).joined(separator: " "), status: process.terminationStatus, output: text)
        }
        return text
    }
}

/// A throwaway database created from the Supabase template of the test cluster.
struct TestDatabase {
    let name: String
    let psql: String
    let host: String
    let port: String
    let user: String

    /// Whether the test server can create every extension a fixture's `setup.sql` asks for (pgvector may be absent).
    static func canSetUp(_ fixture: String) -> Bool {
        guard let setup = TestEnvironment.fixtureSetup(fixture) else { return true }
        let wanted = TestEnvironment.extensions(in: setup)
        guard !wanted.isEmpty, let psql = ProcessInfo.processInfo.environment["SCHEMAGEN_TEST_PSQL"],
              let host = ProcessInfo.processInfo.environment["SCHEMAGEN_TEST_PGHOST"],
              let port = ProcessInfo.processInfo.environment["SCHEMAGEN_TEST_PGPORT"],
              let user = ProcessInfo.processInfo.environment["SCHEMAGEN_TEST_PGUSER"] else { return true }
        let server = TestDatabase(name: "postgres", psql: psql, host: host, port: port, user: user)
        let list = wanted.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ", ")
        let count = try? server.scalar("SELECT count(*) FROM pg_available_extensions WHERE name IN (\(list))")
        return count == String(Set(wanted).count)
    }

    /// Applies a fixture's `setup.sql`, if it has one.
    func setUp(_ fixture: String) throws {
        if let setup = TestEnvironment.fixtureSetup(fixture) { try apply(setup) }
    }

    /// Creates a fresh database from the template; the name gets a random suffix.
    static func create(_ prefix: String) throws -> TestDatabase {
        let psql = try TestEnvironment.require("SCHEMAGEN_TEST_PSQL")
        let host = try TestEnvironment.require("SCHEMAGEN_TEST_PGHOST")
        let port = try TestEnvironment.require("SCHEMAGEN_TEST_PGPORT")
        let user = try TestEnvironment.require("SCHEMAGEN_TEST_PGUSER")
        let template = try TestEnvironment.require("SCHEMAGEN_TEST_PG_TEMPLATE")
        let safe = prefix.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }
        let name = "t_" + String(safe.prefix(40)) + "_" + UUID().uuidString.prefix(8).lowercased()
        let database = TestDatabase(name: name, psql: psql, host: host, port: port, user: user)
        try database.run(sql: "CREATE DATABASE \(name) TEMPLATE \(template)", database: "postgres")
        return database
    }

    private func arguments(_ database: String, quiet: Bool = true) -> [String] {
        ["-X"] + (quiet ? ["-q"] : []) + ["-v", "ON_ERROR_STOP=1", "-h", host, "-p", port, "-U", user, "-d", database]
    }

    /// Runs a psql script and returns its unaligned, tuples-only output with the command tags
    /// (`UPDATE 0`, `INSERT 0 1`), which tell how many rows a statement affected.
    func session(_ script: String) throws -> String {
        try Shell.run(psql, arguments(name, quiet: false) + ["-A", "-t"], input: script)
    }

    /// Runs SQL text (several statements allowed) and returns psql's output.
    @discardableResult
    func run(sql: String, database: String? = nil) throws -> String {
        try Shell.run(psql, arguments(database ?? name), input: sql)
    }

    /// Runs SQL text in one transaction (`psql -1`), as migrations are applied.
    @discardableResult
    func apply(_ sql: String) throws -> String {
        try Shell.run(psql, arguments(name) + ["-1"], input: sql)
    }

    /// Rows of a query, each row's fields split on the unit separator (rows on the record separator, so values
    /// may contain newlines).
    func query(_ sql: String) throws -> [[String]] {
        var out = try Shell.run(psql, arguments(name) + ["-A", "-t", "-F", "\u{1F}", "-R", "\u{1E}", "-c", sql])
        if out.hasSuffix("\n") { out.removeLast() }
        return out.split(separator: "\u{1E}", omittingEmptySubsequences: true).map {
            $0.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// A single value.
    func scalar(_ sql: String) throws -> String {
        try Shell.run(psql, arguments(name) + ["-A", "-t", "-c", sql]).trimmingCharacters(in: .newlines)
    }

    /// Drops the database.
    func drop() {
        _ = try? run(sql: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)", database: "postgres")
    }
}

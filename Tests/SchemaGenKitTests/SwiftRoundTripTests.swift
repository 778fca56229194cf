import Foundation
import Testing
@testable import SchemaGenKit

/// Generated Swift against real PostgreSQL JSON: rows filled by SQL are read with `json_agg`, decoded into the
/// generated structs and checked field by field (by a program compiled with the models), written back with the
/// generated encoding and compared with what PostgreSQL wrote, read back by PostgreSQL to the same values, and the
/// insert structs are inserted the way PostgREST does it.
@Suite(.serialized) struct SwiftRoundTripTests {
    static let supportDirectory = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Support/SwiftRoundTrip")

    @Test func pixCrawler() throws {
        let root = TestEnvironment.repositoryRoot
        let schemaBytes = [UInt8](try Data(contentsOf: root.appendingPathComponent("schema.yaml")))
        let schema = try #require(Pipeline.load(schemaBytes, fileName: "schema.yaml").0)
        let ddl = try String(contentsOf: root.appendingPathComponent("Generated/sql/schema.sql"), encoding: .utf8)
        let models = root.appendingPathComponent("Generated/swift/Models.swift")
        try Self.roundTrip(schema: schema, ddl: ddl, models: models, program: "pixcrawler", fill: "pixcrawler.sql")
    }

    @Test func everyColumnType() throws {
        let result = try TestEnvironment.compileFixture("swift-types", targets: ["sql", "swift"])
        let schema = try #require(result.schema)
        let ddl = try #require(result.outputs.first { $0.target == "sql" }).contents
        let directory = try SwiftCompiler.temporaryDirectory("swift-types-models")
        defer { try? FileManager.default.removeItem(at: directory) }
        let models = try SwiftCompiler.write(try #require(result.outputs.first { $0.target == "swift" }).contents,
                                             named: "Models.swift", in: directory)
        try Self.roundTrip(schema: schema, ddl: ddl, models: models, program: "swift-types", fill: "swift-types.sql")
    }

    /// Runs the whole round trip of one schema with its program (`<program>.swift`) and fill script.
    static func roundTrip(schema: Schema, ddl: String, models: URL, program name: String, fill: String) throws {
        let database = try TestDatabase.create("swift_\(name)")
        defer { database.drop() }
        try database.apply(ddl)
        try database.apply(try String(contentsOf: supportDirectory.appendingPathComponent(fill), encoding: .utf8))

        let directory = try SwiftCompiler.temporaryDirectory("roundtrip-\(name)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try dump(database, schema, to: directory, suffix: "", timeZone: "UTC")
        try dump(database, schema, to: directory, suffix: ".tz", timeZone: "America/St_Johns")

        let main = directory.appendingPathComponent("main.swift")
        try FileManager.default.copyItem(at: supportDirectory.appendingPathComponent("\(name).swift"), to: main)
        let program = try SwiftCompiler.build([models, supportDirectory.appendingPathComponent("Harness.swift"), main], in: directory)
        let decoded = try Shell.run(program.path, ["decode", directory.path])
        #expect(decoded.hasSuffix("checks passed\n"), "\(decoded)")

        // What the structs encode means what PostgreSQL wrote: same keys, decimals, instants to the microsecond.
        var written: [String: String] = [:]
        for table in schema.tables {
            let file = table.name.name
            let original = try String(contentsOf: directory.appendingPathComponent("\(file).json"), encoding: .utf8)
            let encoded = try String(contentsOf: directory.appendingPathComponent("\(file).out.json"), encoding: .utf8)
            written[file] = encoded
            let differences = SemanticJSON.differences(try JSONTree.parse(original), try JSONTree.parse(encoded), path: file)
            #expect(differences.isEmpty, "\(differences.prefix(20).joined(separator: "\n"))")
            // And PostgreSQL reads both to equal values of the column types (compared as jsonb, because json has no `=`).
            let qualified = SQLSyntax.qualified(table.name)
            let differing = try database.query("""
                SELECT a.i FROM json_array_elements(\(SQLSyntax.literal(original))::json) WITH ORDINALITY AS a (v, i)
                FULL JOIN json_array_elements(\(SQLSyntax.literal(encoded))::json) WITH ORDINALITY AS b (v, i) USING (i)
                WHERE to_jsonb(json_populate_record(NULL::\(qualified), a.v))
                    IS DISTINCT FROM to_jsonb(json_populate_record(NULL::\(qualified), b.v))
                """)
            #expect(differing.isEmpty, "\(file): rows \(differing.map { $0.joined() }) differ as \(qualified) values")
        }

        // The rows written back, inserted into an empty copy of the schema, are dumped exactly as the originals.
        let copy = try TestDatabase.create("swift_\(name)_copy")
        defer { copy.drop() }
        try copy.apply(ddl)
        var inserts = ["SET session_replication_role = replica;"]
        for table in schema.tables {
            let qualified = SQLSyntax.qualified(table.name)
            inserts.append("INSERT INTO \(qualified) OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_recordset(NULL::\(qualified), \(SQLSyntax.literal(written[table.name.name] ?? "[]"))::json);")
        }
        try copy.apply(inserts.joined(separator: "\n"))
        for table in schema.tables {
            let original = try String(contentsOf: directory.appendingPathComponent("\(table.name.name).json"), encoding: .utf8)
            #expect(try tableJSON(copy, table, timeZone: "UTC") == original, "\(table.name): the rows written back read differently")
        }

        // The insert structs, sent as PostgREST sends them: only their keys become columns, the rest is defaulted.
        var statements: [String] = []
        for table in schema.tables {
            let url = directory.appendingPathComponent("\(table.name.name).new.json")
            guard let data = try? Data(contentsOf: url) else { continue }
            let objects = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
            let textObjects = try JSONTree.parse(String(decoding: data, as: UTF8.self))
            guard case .array(let elements) = textObjects else { continue }
            for (object, element) in zip(objects, elements) {
                let qualified = SQLSyntax.qualified(table.name)
                let columns = table.columns.map(\.name).filter { object[$0] != nil }
                #expect(Set(columns) == Set(object.keys), "\(table.name): the insert has keys that are not columns: \(object.keys.sorted())")
                if columns.isEmpty {
                    statements.append("INSERT INTO \(qualified) DEFAULT VALUES;")
                } else {
                    let list = columns.map(SQLSyntax.quoteIdent).joined(separator: ", ")
                    statements.append("INSERT INTO \(qualified) (\(list)) SELECT \(list) FROM json_populate_record(NULL::\(qualified), \(SQLSyntax.literal(try jsonText(element)))::json);")
                }
            }
        }
        try database.apply(statements.joined(separator: "\n"))
        try dump(database, schema, to: directory, suffix: ".after", timeZone: "UTC")
        let inserted = try Shell.run(program.path, ["inserted", directory.path])
        #expect(inserted.hasSuffix("checks passed\n"), "\(inserted)")
    }

    /// Writes `json_agg` of every table, ordered by primary key, as PostgreSQL writes it in a time zone.
    static func dump(_ database: TestDatabase, _ schema: Schema, to directory: URL, suffix: String, timeZone: String) throws {
        for table in schema.tables {
            let text = try tableJSON(database, table, timeZone: timeZone)
            try text.write(to: directory.appendingPathComponent("\(table.name.name)\(suffix).json"), atomically: true, encoding: .utf8)
        }
    }

    static func tableJSON(_ database: TestDatabase, _ table: Table, timeZone: String) throws -> String {
        let order = table.primaryKey.map { $0.columns.map { "r." + SQLSyntax.quoteIdent($0) }.joined(separator: ", ") } ?? "r::text"
        return try database.scalar("""
            SET TimeZone = \(SQLSyntax.literal(timeZone));
            SELECT coalesce(json_agg(r ORDER BY \(order)), '[]') FROM \(SQLSyntax.qualified(table.name)) AS r;
            """)
    }

    /// Compact JSON text of a parsed value (numbers keep their digits).
    static func jsonText(_ tree: JSONTree) throws -> String {
        switch tree {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let text): return text
        case .string(let text):
            let data = try JSONSerialization.data(withJSONObject: text, options: .fragmentsAllowed)
            return String(decoding: data, as: UTF8.self)
        case .array(let elements): return "[" + (try elements.map(jsonText).joined(separator: ",")) + "]"
        case .object(let members):
            return "{" + (try members.map { try jsonText(.string($0.key)) + ":" + jsonText($0.value) }.joined(separator: ",")) + "}"
        }
    }
}

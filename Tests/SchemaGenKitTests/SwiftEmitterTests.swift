import Foundation
import Testing
@testable import SchemaGenKit

@Suite struct SwiftEmitterTests {
    static func context(_ yaml: String) throws -> SwiftEmitter.Context {
        let (schema, diagnostics) = Pipeline.load(Array(yaml.utf8), fileName: "schema.yaml")
        let loaded = try #require(schema, "\(diagnostics)")
        return SwiftEmitter().context(for: loaded)
    }

    static func structure(_ context: SwiftEmitter.Context, _ name: String) throws -> SwiftEmitter.StructContext {
        try #require(context.groups.flatMap(\.structs).first { $0.name == name }, "no struct \(name)")
    }

    static func types(_ item: SwiftEmitter.StructContext) -> [String: String] {
        Dictionary(uniqueKeysWithValues: item.properties.map { ($0.name, $0.type) })
    }

    @Test func columnTypes() throws {
        let context = try Self.context("""
        settings: { exposed_schemas: [] }
        enums: { mood: [happy, sad] }
        tables:
          t:
            columns:
              id: { type: uuid, primary_key: true }
              a: smallint
              b: integer
              c: bigserial
              d: real
              e: double precision
              f: "numeric(12,2)"
              g: date
              h: timetz?
              i: timestamp
              j: bytea
              k: inet
              l: interval
              m: mood
              n: "mood[]?"
              o: jsonb
              p: { type: jsonb, shape: "map<integer[]>" }
              q: "char(2)"
        """)
        let row = try Self.structure(context, "T")
        #expect(Self.types(row) == [
            "id": "UUID", "a": "Int16", "b": "Int32", "c": "Int64", "d": "Float", "e": "Double", "f": "Decimal",
            "g": "CalendarDate", "h": "TimeOfDay?", "i": "Date", "j": "Data", "k": "String", "l": "String", "m": "Mood",
            "n": "[Mood]?", "o": "JSONValue", "p": "[String: [Int]]", "q": "String",
        ])
        #expect(context.usesCalendarDate && context.usesTimeOfDay && context.usesJSONValue)
    }

    @Test func supportTypesOnlyWhenUsed() throws {
        let context = try Self.context("""
        settings: { exposed_schemas: [] }
        tables:
          t:
            columns:
              id: { type: uuid, primary_key: true }
        """)
        #expect(!context.usesCalendarDate && !context.usesTimeOfDay && !context.usesJSONValue)
    }

    @Test func identifiable() throws {
        let context = try Self.context("""
        settings: { exposed_schemas: [] }
        tables:
          with_id:
            columns:
              id: { type: bigint, primary_key: true }
          with_key:
            columns:
              user_id: { type: uuid, primary_key: true }
          with_key_and_id:
            columns:
              code: { type: text, primary_key: true }
              id: integer
          composite:
            columns:
              a: integer
              b: integer
            primary_key: [a, b]
        """)
        #expect(try Self.structure(context, "WithID").conformances.hasSuffix("Identifiable"))
        #expect(try Self.structure(context, "WithID").identity.isEmpty)
        let withKey = try Self.structure(context, "WithKey")
        #expect(withKey.conformances.hasSuffix("Identifiable"))
        #expect(withKey.identity.map(\.source) == ["userID"])
        #expect(withKey.identity.map(\.type) == ["UUID"])
        #expect(try !Self.structure(context, "WithKeyAndID").conformances.contains("Identifiable"))
        #expect(try !Self.structure(context, "Composite").conformances.contains("Identifiable"))
        #expect(try !Self.structure(context, "NewWithID").conformances.contains("Identifiable"))
    }

    @Test func insertShape() throws {
        let context = try Self.context("""
        settings: { exposed_schemas: [] }
        tables:
          events:
            columns:
              id: { type: bigint, primary_key: true, identity: always }
              seq: { type: integer, identity: by_default }
              counter: serial
              name: text
              note: text?
              at: { type: timestamptz, default: now() }
        """)
        let insert = try Self.structure(context, "NewEvent")
        #expect(insert.properties.map(\.name) == ["seq", "counter", "name", "note", "at"])
        #expect(Self.types(insert) == ["seq": "Int32?", "counter": "Int32?", "name": "String", "note": "String?", "at": "Date?"])
        #expect(insert.properties.map(\.encodeMethod) == ["encodeIfPresent", "encodeIfPresent", "encode", "encodeIfPresent", "encodeIfPresent"])
        #expect(insert.properties.map(\.parameter) == ["seq: Int32? = nil", "counter: Int32? = nil", "name: String", "note: String? = nil", "at: Date? = nil"])
        let row = try Self.structure(context, "Event")
        #expect(Set(row.properties.map(\.encodeMethod)) == ["encode"])
        #expect(Self.types(row) == ["id": "Int64", "seq": "Int32", "counter": "Int32", "name": "String", "note": "String?", "at": "Date"])
    }

    @Test func memberNames() throws {
        let context = try Self.context("""
        settings: { exposed_schemas: [] }
        enums:
          labels: [default, "in progress", in_progress, 1st, Type]
        tables:
          t:
            columns:
              id: { type: uuid, primary_key: true }
              class: text
              self: text
              hash_value: text
              "2nd": text
        """)
        let row = try Self.structure(context, "T")
        #expect(row.properties.map(\.name) == ["id", "`class`", "self_", "hashValue_", "_2nd"])
        #expect(row.properties.map(\.codingKey) == ["id", "`class`", "self_ = \"self\"", "hashValue_ = \"hash_value\"", "_2nd = \"2nd\""])
        #expect(context.enums.first?.cases == ["`default`", "inProgress = \"in progress\"", "inProgress2 = \"in_progress\"",
                                              "_1st = \"1st\"", "type = \"Type\""])
    }

    /// A table named like a type the Swift file declares or uses would shadow it, so the validator rejects it.
    @Test(arguments: ["calendar_dates", "time_of_days", "schema_codings", "json_values", "time_zones", "unicodes"])
    func supportTypeNamesAreReserved(_ table: String) {
        let result = TestEnvironment.compile("""
        settings: { exposed_schemas: [] }
        tables:
          \(table):
            columns:
              id: { type: uuid, primary_key: true }
        """, targets: ["swift"])
        #expect(result.hasErrors, "\(table) should be rejected")
        #expect(result.diagnostics.contains { $0.message.contains("shadows a standard type") }, "\(result.diagnostics)")
    }

    @Test func documentation() throws {
        let context = try Self.context("""
        settings: { exposed_schemas: [] }
        tables:
          t:
            comment: "First */ line\\nsecond"
            columns:
              id: { type: uuid, primary_key: true, comment: "The key." }
              n: { type: integer, default: 3 }
              at: { type: timestamp, default: now(), comment: "When." }
        """)
        let row = try Self.structure(context, "T")
        #expect(row.doc == ["/// First */ line", "/// second", "///", "/// A row of `public.t`."])
        #expect(row.properties.first?.doc == ["/// The key."])
        #expect(row.properties.last?.doc == ["/// When.", "///", "/// A `timestamp` without time zone, read and written as UTC."])
        let insert = try Self.structure(context, "NewT")
        #expect(insert.properties[1].doc == ["/// When nil, the database default `3` applies."])
        #expect(insert.properties[2].doc == ["/// When.", "///", "/// A `timestamp` without time zone, read and written as UTC.", "///",
                                             "/// When nil, the database default `now()` applies."])
    }
}

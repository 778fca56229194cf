import Testing
@testable import SchemaGenKit

@Suite struct TypeSyntaxTests {
    func parsed(_ text: String) -> TypeSyntax.Parsed? {
        try? TypeSyntax.parse(text).get()
    }

    @Test(arguments: [
        ("uuid", ColumnType.uuid), ("text", .text), ("string", .text), ("varchar", .varchar(length: nil)),
        ("varchar(255)", .varchar(length: 255)), ("character varying(20)", .varchar(length: 20)), ("char(2)", .char(length: 2)),
        ("character", .char(length: nil)), ("smallint", .smallint), ("int2", .smallint), ("integer", .integer), ("int", .integer),
        ("bigint", .bigint), ("int8", .bigint), ("smallserial", .smallserial), ("serial", .serial), ("bigserial", .bigserial),
        ("boolean", .boolean), ("bool", .boolean), ("real", .real), ("float4", .real), ("double precision", .doublePrecision),
        ("double   precision", .doublePrecision), ("float8", .doublePrecision), ("numeric", .numeric(precision: nil, scale: nil)),
        ("numeric(10)", .numeric(precision: 10, scale: nil)), ("numeric(12, 2)", .numeric(precision: 12, scale: 2)),
        ("decimal(5,5)", .numeric(precision: 5, scale: 5)), ("date", .date), ("time", .time(precision: nil)), ("timetz", .timetz(precision: nil)),
        ("time with time zone", .timetz(precision: nil)), ("timestamp", .timestamp(precision: nil)), ("timestamptz", .timestamptz(precision: nil)),
        ("timestamp with time zone", .timestamptz(precision: nil)), ("TIMESTAMPTZ", .timestamptz(precision: nil)), ("interval", .interval(precision: nil)),
        ("json", .json(.any)), ("jsonb", .jsonb(.any)), ("bytea", .bytea), ("inet", .inet),
        ("citext", .citext), ("tsvector", .tsvector), ("TSQUERY", .tsquery), ("xml", .xml), ("money", .money), ("oid", .oid),
        ("cidr", .cidr), ("macaddr", .macaddr), ("macaddr8", .macaddr8), ("point", .geometric(.point)),
        ("polygon", .geometric(.polygon)), ("bit", .bit(length: nil)), ("bit(4)", .bit(length: 4)),
        ("varbit(8)", .varbit(length: 8)), ("bit varying(8)", .varbit(length: 8)), ("int4range", .range(.int4)),
        ("tstzrange", .range(.tstz)), ("datemultirange", .multirange(.date)), ("vector(3)", .vector(dimensions: 3)),
        ("vector", .vector(dimensions: nil)), ("timestamptz(3)", .timestamptz(precision: 3)), ("time(0)", .time(precision: 0)),
        ("interval(6)", .interval(precision: 6)),
    ])
    func builtin(_ text: String, _ expected: ColumnType) {
        #expect(parsed(text) == TypeSyntax.Parsed(base: .builtin(expected), isArray: false, nullable: false))
    }

    @Test func suffixes() {
        #expect(parsed("text?") == TypeSyntax.Parsed(base: .builtin(.text), isArray: false, nullable: true))
        #expect(parsed("text[]") == TypeSyntax.Parsed(base: .builtin(.text), isArray: true, nullable: false))
        #expect(parsed("varchar(20)[]?") == TypeSyntax.Parsed(base: .builtin(.varchar(length: 20)), isArray: true, nullable: true))
        #expect(parsed(" uuid ? ") == TypeSyntax.Parsed(base: .builtin(.uuid), isArray: false, nullable: true))
        #expect(parsed("job_status?") == TypeSyntax.Parsed(base: .named("job_status"), isArray: false, nullable: true))
        #expect(parsed("app.job_status[]") == TypeSyntax.Parsed(base: .named("app.job_status"), isArray: true, nullable: false))
    }

    @Test(arguments: [
        ("", TypeSyntax.Failure.empty),
        ("?", .empty),
        ("text[][]", .syntax("only one-dimensional arrays are supported")),
        ("varchar(10", .syntax("unbalanced parentheses")),
        ("varchar(0)", .arguments("varchar(0)", "length must be between 1 and 10485760")),
        ("varchar(1,2)", .arguments("varchar(1,2)", "varchar takes one length")),
        ("varchar(-1)", .arguments("varchar(-1)", "'-1' is not a non-negative integer")),
        ("numeric(0)", .arguments("numeric(0)", "precision must be 1...1000 and scale at most the precision")),
        ("numeric(3,4)", .arguments("numeric(3,4)", "precision must be 1...1000 and scale at most the precision")),
        ("uuid(4)", .arguments("uuid(4)", "uuid takes no arguments")),
        ("timestamp(7)", .arguments("timestamp(7)", "timestamp takes one fractional-second precision from 0 to 6")),
        ("bit(0)", .arguments("bit(0)", "bit takes one length between 1 and 83886080")),
        ("vector(0)", .arguments("vector(0)", "vector takes one dimension count between 1 and 16000")),
        ("point(1)", .arguments("point(1)", "point takes no arguments")),
        ("status(2)", .arguments("status(2)", "enums, domains and declared types take no arguments (a declared type's 'sql' may)")),
    ])
    func failures(_ text: String, _ expected: TypeSyntax.Failure) {
        #expect(TypeSyntax.parse(text) == .failure(expected))
    }

    @Test func jsonTypes() {
        #expect(TypeSyntax.parseJSON("string")?.type == .string)
        #expect(TypeSyntax.parseJSON("integer?")?.optional == true)
        #expect(TypeSyntax.parseJSON("string[]")?.type == .array(.string))
        #expect(TypeSyntax.parseJSON("map<number[]>")?.type == .map(.array(.number)))
        #expect(TypeSyntax.parseJSON("Address[]")?.type == .array(.shape("Address")))
        #expect(TypeSyntax.parseJSON("Address[]")?.shapes == ["Address"])
        #expect(TypeSyntax.parseJSON("not a type") == nil)
        #expect(TypeSyntax.parseJSON(String(repeating: "map<", count: 40) + "any" + String(repeating: ">", count: 40)) == nil)
    }

    @Test func sqlNamesRoundTrip() {
        let types: [ColumnType] = [.uuid, .varchar(length: 3), .char(length: nil), .numeric(precision: 12, scale: 2),
                                   .numeric(precision: 4, scale: nil), .doublePrecision, .timestamptz(precision: nil), .jsonb(.any), .inet]
        for type in types {
            #expect(parsed(type.sqlName) == TypeSyntax.Parsed(base: .builtin(type), isArray: false, nullable: false))
        }
        #expect(ColumnType.array(.enumeration(QualifiedName(schema: "app", name: "s"))).sqlName == "app.s[]")
    }

    @Test func foreignKeyCompatibility() {
        #expect(ColumnType.integer.isForeignKeyCompatible(with: .serial))
        #expect(ColumnType.bigint.isForeignKeyCompatible(with: .bigserial))
        #expect(ColumnType.varchar(length: 10).isForeignKeyCompatible(with: .text))
        #expect(ColumnType.jsonb(.string).isForeignKeyCompatible(with: .jsonb(.any)))
        #expect(!ColumnType.integer.isForeignKeyCompatible(with: .bigint))
        #expect(!ColumnType.uuid.isForeignKeyCompatible(with: .text))
    }
}

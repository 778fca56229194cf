import Testing
@testable import SchemaGenKit

/// Defaults checked against their column's type, and references resolved to tables and columns.
@Suite struct ValidatorResolveTests {
    /// Compiles one table with one column `c` of `type` and `default`; returns the column or the diagnostics.
    func column(_ type: String, default value: String, key: String = "default") -> Result<Column, Failures> {
        let yaml = """
        enums:
          mood: [happy, "it's"]
        tables:
          t:
            columns:
              id: { type: uuid, primary_key: true }
              c: { type: "\(type)", \(key): \(value) }
            rls: false
        """
        let result = TestEnvironment.compile(yaml)
        if let column = result.schema?.tables.first?.column("c") { return .success(column) }
        return .failure(Failures(messages: result.diagnostics.filter { $0.severity == .error }.map(\.message)))
    }

    struct Failures: Error, Equatable { var messages: [String] }

    /// The rendered SQL default of a valid column.
    func sql(_ type: String, _ value: String) -> String? {
        guard case .success(let column) = column(type, default: value) else { return nil }
        return SQLDefault.expression(for: column)
    }

    @Test(arguments: [
        ("integer", "42", "42"), ("integer", "-7", "'-7'::integer"), ("bigint", "9223372036854775807", "9223372036854775807"),
        ("smallint", "32767", "32767"), ("numeric(12,2)", "0", "0"), ("numeric(12,2)", "1234.5", "1234.5"),
        ("numeric", "-0.25", "'-0.25'::numeric"), ("real", "1e3", "1000"), ("double precision", ".5", "0.5"),
        ("boolean", "true", "true"), ("boolean", "false", "false"), ("text", "hello", "'hello'"),
        ("text", "\"it's\"", "'it''s'"), ("text", "\"a\\\\b\"", "E'a\\\\b'"), ("text", "\"two\\nlines\"", "E'two\\nlines'"),
        ("varchar(3)", "abc", "'abc'"), ("char(2)", "ab", "'ab'"), ("text", "now()", "nil"),
        ("uuid", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid"),
        ("date", "2024-02-29", "'2024-02-29'::date"), ("date", "infinity", "'infinity'::date"),
        ("time", "\"08:30\"", "'08:30'::time"), ("timetz", "\"08:30:00+02\"", "'08:30:00+02'::timetz"),
        ("timestamp", "\"2024-01-01 00:00:00\"", "'2024-01-01 00:00:00'::timestamp"),
        ("timestamptz", "\"2024-01-01T12:00:00Z\"", "'2024-01-01T12:00:00Z'::timestamptz"),
        ("interval", "1 day", "'1 day'::interval"), ("interval", "2 hours 30 minutes", "'2 hours 30 minutes'::interval"),
        ("inet", "192.168.0.1/24", "'192.168.0.1/24'::inet"), ("inet", "\"::1\"", "'::1'::inet"),
        ("timestamptz", "now()", "now()"), ("date", "now()", "now()"), ("uuid", "gen_random_uuid()", "gen_random_uuid()"),
        ("mood", "happy", "'happy'::public.mood"), ("mood", "\"it's\"", "'it''s'::public.mood"),
        ("text[]", "[]", "'{}'::text[]"), ("text[]", "[a, \"b'c\"]", "ARRAY['a', 'b''c']::text[]"),
        ("integer[]", "[1, -2]", "ARRAY[1, -2]::integer[]"), ("mood[]", "[happy]", "ARRAY['happy']::public.mood[]"),
        ("jsonb", "{}", "'{}'::jsonb"), ("jsonb", "{a: [1, 2.5, true, null, \"x\"]}", "'{\"a\":[1,2.5,true,null,\"x\"]}'::jsonb"),
        ("json", "[]", "'[]'::json"), ("jsonb", "\"it's\"", "'\"it''s\"'::jsonb"),
    ])
    func validDefaults(_ type: String, _ value: String, _ expected: String) {
        if expected == "nil" {
            #expect(sql(type, value) == nil)
        } else {
            #expect(sql(type, value) == expected)
        }
    }

    @Test func rawSQLDefaultsAreKeptVerbatim() {
        guard case .success(let column) = column("timestamptz", default: "\"now() + interval '1 day'\"", key: "default_sql") else {
            Issue.record("default_sql rejected"); return
        }
        #expect(column.defaultValue == .sql("now() + interval '1 day'"))
    }

    @Test(arguments: [
        ("integer", "2147483648", "default '2147483648' does not fit type integer: out of range"),
        ("integer", "1.0", "default '1.0' does not fit type integer: expected an integer"),
        ("integer", "\"\"", "default '' does not fit type integer: expected an integer"),
        ("numeric(5,2)", "1.234", "default '1.234' does not fit type numeric(5,2): more than 2 digits after the point"),
        ("numeric(5,2)", "1234", "default '1234' does not fit type numeric(5,2): more than 3 digits before the point"),
        ("real", ".inf", "default '.inf' does not fit type real: expected a number"),
        ("boolean", "\"true\"", "default 'true' does not fit type boolean: expected true or false"),
        ("boolean", "yes", "default 'yes' does not fit type boolean: expected true or false"),
        ("uuid", "now()", "default now() does not fit type uuid: now() fits date and time types only"),
        ("timestamptz", "gen_random_uuid()", "default gen_random_uuid() does not fit type timestamptz: gen_random_uuid() fits uuid only"),
        ("date", "2024-02-30x", "default '2024-02-30x' does not fit type date: expected YYYY-MM-DD"),
        ("timestamptz", "\"2024-01-01 10:00\"", "default '2024-01-01 10:00' does not fit type timestamptz: expected YYYY-MM-DD HH:MM[:SS] with a zone such as +00"),
        ("time", "\"25:00\"", "default '25:00' does not fit type time: expected HH:MM[:SS]"),
        ("varchar(2)", "ééé", "default 'ééé' does not fit type varchar(2): longer than 2 characters"),
        ("mood", "sad", "'sad' is not a member of enum mood"),
        ("mood[]", "[happy, sad]", "'sad' is not a member of enum mood"),
        ("text[]", "[[a]]", "default a list does not fit type text: expected a single value"),
        ("jsonb", "null", "default null does not fit type jsonb: a column without a default already defaults to NULL"),
        ("text", "{a: 1}", "default a mapping does not fit type text: expected a single value"),
    ])
    func invalidDefaults(_ type: String, _ value: String, _ message: String) {
        #expect(column(type, default: value) == .failure(Failures(messages: [message])))
    }

    /// Compiles `projects` and `orders` with one foreign key written as `reference`; returns it or the messages.
    func foreignKey(_ reference: String, column: String = "project_id uuid") -> Result<ForeignKey, Failures> {
        let parts = column.split(separator: " ").map(String.init)
        let yaml = """
        external:
          auth.users:
            columns:
              id: { type: uuid, primary_key: true }
        tables:
          projects:
            columns:
              id: { type: uuid, primary_key: true }
              region: text
              code: { type: text, unique: true }
            unique:
              - [id, region]
            rls: false
          auth.sessions:
            columns:
              id: { type: uuid, primary_key: true }
            rls: false
          orders:
            columns:
              id: { type: uuid, primary_key: true }
              region: text
              \(parts[0]): { type: \(parts[1]), index: true }
            foreign_keys:
              - columns: [\(parts[0])\(reference.contains(",") ? ", region" : "")]
                references: "\(reference)"
            indexes:
              - [\(parts[0]), region]
            rls: false
        """
        let result = TestEnvironment.compile(yaml)
        if let key = result.schema?.tables.last?.foreignKeys.first { return .success(key) }
        return .failure(Failures(messages: result.diagnostics.filter { $0.severity == .error }.map(\.message)))
    }

    @Test(arguments: [
        ("projects", "public", "projects", ["id"]),
        ("projects.id", "public", "projects", ["id"]),
        ("public.projects.id", "public", "projects", ["id"]),
        ("public.projects", "public", "projects", ["id"]),
        ("auth.users", "auth", "users", ["id"]),
        ("auth.users.id", "auth", "users", ["id"]),
        ("auth.sessions", "auth", "sessions", ["id"]),
        ("projects(id, region)", "public", "projects", ["id", "region"]),
        ("public.projects(id,region)", "public", "projects", ["id", "region"]),
    ])
    func referenceForms(_ reference: String, _ schema: String, _ table: String, _ columns: [String]) throws {
        let key = try foreignKey(reference).get()
        #expect(key.referencedTable == QualifiedName(schema: schema, name: table))
        #expect(key.referencedColumns == columns)
    }

    @Test func referenceErrors() {
        #expect(foreignKey("projcts") == .failure(Failures(messages: ["unknown table 'projcts'"])))
        #expect(foreignKey("projects.uid") == .failure(Failures(messages: ["table public.projects has no column 'uid'"])))
        #expect(foreignKey("projects.region") == .failure(Failures(messages: ["referenced columns public.projects(region) are neither a primary key nor unique"])))
        #expect(foreignKey("projects(id, region, code)") == .failure(Failures(messages: ["foreign key has 2 column(s) but references 3"])))
        #expect(foreignKey("a.b.c.d") == .failure(Failures(messages: ["write a reference as 'table', 'table.column', 'schema.table.column' or 'table(a, b)'"])))
        #expect(foreignKey("projects", column: "project_id text") == .failure(Failures(messages: [
            "foreign key column orders.project_id has type text but references public.projects.id of type uuid",
        ])))
    }
}

/// JSON defaults are checked against the column's declared shape.
@Suite struct JSONDefaultShapeTests {
    func messages(_ shape: String, _ value: String) -> [String] {
        let yaml = """
        shapes:
          Options:
            fields:
              gift: boolean
              notes: string[]?
              extras: map<number>
              ship_to: { type: Address, optional: true }
          Address:
            fields:
              city: string
        tables:
          t:
            columns:
              id: { type: uuid, primary_key: true }
              c: { type: jsonb, shape: "\(shape)", default: \(value) }
            rls: false
        """
        return TestEnvironment.compile(yaml).diagnostics.filter { $0.severity == .error }.map(\.message)
    }

    @Test func fittingDefaults() {
        #expect(messages("Options", "{ gift: false, extras: {} }") == [])
        #expect(messages("Options", "{ gift: true, notes: [a, \"1\"], extras: { a: 1, b: 2.5 }, ship_to: { city: Paris } }") == [])
        #expect(messages("Options", "{ gift: true, extras: {}, ship_to: null }") == [])
        #expect(messages("string[]", "[]") == [])
        #expect(messages("map<any>", "{ a: [1, {b: null}] }") == [])
    }

    @Test func defaultsThatDoNotFit() {
        #expect(messages("Options", "{}") == ["default a mapping does not fit type jsonb: the field 'gift' of shape Options is missing"])
        #expect(messages("Options", "{ gift: yes, extras: {} }") == ["default 'yes' does not fit type jsonb: expected true or false, found a string"])
        #expect(messages("Options", "{ gift: true, extras: {}, color: red }") == ["default 'color' does not fit type jsonb: shape Options has no field 'color'"])
        #expect(messages("Options", "{ gift: true, extras: { a: x } }") == ["default 'x' does not fit type jsonb: expected a number, found a string"])
        #expect(messages("Options", "{ gift: true, extras: {}, ship_to: { town: x } }") == ["default 'town' does not fit type jsonb: shape Address has no field 'town'"])
        #expect(messages("integer[]", "[1, 2.5]") == ["default '2.5' does not fit type jsonb: expected an integer, found a number"])
        #expect(messages("Options", "[]") == ["default a list does not fit type jsonb: expected an object of shape Options, found a list"])
    }
}

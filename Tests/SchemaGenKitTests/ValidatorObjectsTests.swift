import Testing
@testable import SchemaGenKit

/// Extensions, sequences, views and raw SQL placement: what the validator resolves and how the DDL places them.
@Suite struct ValidatorObjectsTests {
    static let table = """
    tables:
      t:
        columns:
          id: { type: bigint, primary_key: true }
        rls: false
    """

    func sql(_ yaml: String) -> String? {
        let bytes = Array(yaml.utf8)
        let result = Pipeline.run(bytes, fileName: "schema.yaml", templates: TestEnvironment.templates, targets: ["sql"])
        return result.outputs.first { $0.target == "sql" }?.contents
    }

    @Test func indexExpressionsKeepTheirCommasOperatorClassesAndDirections() throws {
        let yaml = """
        tables:
          trades:
            columns:
              id: { type: bigint, primary_key: true }
              close_time: timestamp?
              note: text?
            indexes:
              - columns: ["(COALESCE(close_time, '9999-12-31'::timestamp))", id]
                name: trades_open_idx
              - columns: ["(lower(note)) desc", "(note || 'a,b') text_pattern_ops", "(note) asc"]
                name: trades_note_idx
            rls: false
        """
        let text = try #require(sql(yaml))
        #expect(text.contains(#"CREATE INDEX trades_open_idx ON public.trades ((COALESCE(close_time, '9999-12-31'::timestamp)), id);"#))
        #expect(text.contains(#"CREATE INDEX trades_note_idx ON public.trades ((lower(note)) DESC, (note || 'a,b') text_pattern_ops, (note));"#))
    }

    @Test func settingsSchemasIsTheFilesScope() throws {
        let yaml = "settings:\n  schemas: [app_public, app_private]\n" + Self.table
        let (schema, diagnostics) = Pipeline.load(Array(yaml.utf8), fileName: "schema.yaml")
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty)
        #expect(schema?.settings.schemas == ["app_public", "app_private"])
        let (plain, _) = Pipeline.load(Array(Self.table.utf8), fileName: "schema.yaml")
        #expect(plain?.settings.schemas == nil)
    }

    @Test func pulledVarcharInListsReadBackAsTheirSource() {
        #expect(SchemaPuller.inLists("(status)::text = ANY ((ARRAY['active'::character varying, 'it''s'::character varying])::text[])")
                == "status IN ('active', 'it''s')")
        #expect(SchemaPuller.inLists(#"(("Kind")::text <> ALL ((ARRAY['a'::character varying])::text[])) OR (x IS NULL)"#)
                == #"("Kind" NOT IN ('a')) OR (x IS NULL)"#)
        #expect(SchemaPuller.inLists("(VALUE)::text = ANY ((ARRAY['red'::character varying, 'blue'::character varying])::text[])")
                == "VALUE IN ('red', 'blue')")
        // Anything else stays as PostgreSQL printed it.
        let other = "(code)::text = ANY (ARRAY[('a'::character varying)::text, ('b'::character varying)::text])"
        #expect(SchemaPuller.inLists(other) == other)
    }

    @Test func rawBlocksAreWrittenByteForByte() throws {
        // Trailing spaces, a tab and a CR LF line inside the block survive; the rest of the file is normalised.
        let yaml = Self.table + "\nsql:\n  - name: spaced\n    sql: \"SELECT 1;  \\nSELECT 2;\\t \\r\\nSELECT 3;\\n\"\n"
        let text = try #require(sql(yaml))
        #expect(text.contains("-- spaced\nSELECT 1;  \nSELECT 2;\t \r\nSELECT 3;\n"))
        #expect(!text.contains("\u{0}"))
    }

    @Test func placementsKeepDeclarationOrder() throws {
        let yaml = Self.table + """

        sql:
          - { name: late, sql: "SELECT 'late';" }
          - { name: first, placement: before_tables, sql: "SELECT 'first';" }
          - { name: second, placement: before_tables, sql: "SELECT 'second';" }
          - { name: policy, placement: rls, sql: "SELECT 'rls';" }
        """
        let text = try #require(sql(yaml))
        let first = try #require(text.range(of: "SELECT 'first';")).lowerBound
        let second = try #require(text.range(of: "SELECT 'second';")).lowerBound
        let table = try #require(text.range(of: "CREATE TABLE")).lowerBound
        let late = try #require(text.range(of: "SELECT 'late';")).lowerBound
        #expect(first < second && second < table && table < late)
        #expect(!text.contains("SELECT 'rls';"))
    }

    @Test func viewsFollowTheViewsTheyRead() throws {
        let yaml = Self.table + """

        views:
          c: { sql: "SELECT id -- not public.a\\nFROM b", columns: { id: bigint }, security_invoker: true }
          b: { sql: "SELECT id FROM \\"public\\".a WHERE 'x' <> 'public.c'", columns: { id: bigint }, security_invoker: true }
          a: { sql: SELECT id FROM public.t, columns: { id: bigint }, security_invoker: true }
          d: { sql: SELECT 1::bigint AS id, columns: { id: bigint }, security_invoker: true }
        """
        let result = TestEnvironment.compile(yaml)
        let views = try #require(result.schema?.views, "\(result.diagnostics)")
        #expect(views.map(\.name.name) == ["a", "b", "c", "d"])
        #expect(views.first { $0.name.name == "c" }?.dependsOn.map(\.description) == ["public.b"])
        #expect(views.first { $0.name.name == "b" }?.dependsOn.map(\.description) == ["public.a"])
        #expect(views.first { $0.name.name == "a" }?.dependsOn.map(\.description) == ["public.t"])
    }

    @Test func hostileSequenceAndExtensionNamesAreQuoted() throws {
        let yaml = """
        extensions:
          - { name: "uuid-ossp", schema: "My Ext", version: "1'1" }
        sequences:
          "Odd \\"Seq\\"": { as: integer, start: -5, min_value: -10 }
        """ + "\n" + Self.table
        let text = try #require(sql(yaml))
        #expect(text.contains("CREATE SCHEMA IF NOT EXISTS \"My Ext\";"))
        #expect(text.contains("CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\" WITH SCHEMA \"My Ext\" VERSION '1''1';"))
        #expect(text.contains("CREATE SEQUENCE public.\"Odd \"\"Seq\"\"\" AS integer MINVALUE -10 START WITH -5;"))
    }

    @Test func descendingSequenceDefaults() {
        let sequence = SequenceObject(name: QualifiedName(schema: "public", name: "s"), dataType: .smallint, start: nil,
                                      increment: -2, minValue: nil, maxValue: nil, cache: nil, cycle: false, ownedBy: nil,
                                      comment: nil)
        #expect(sequence.effectiveMinValue == -32768)
        #expect(sequence.effectiveMaxValue == -1)
        #expect(sequence.effectiveStart == -1)
    }
}

import Testing
@testable import SchemaGenKit

/// Decisions of the SQLAlchemy emitter that the fixtures do not pin down one by one; what the models do with
/// SQLAlchemy, Alembic, mypy and ruff is in Tests/python.
@Suite struct SQLAlchemyEmitterTests {
    func models(_ yaml: String) -> String {
        let result = TestEnvironment.compile(yaml, targets: ["sqlalchemy"])
        #expect(!result.hasErrors, "\(result.diagnostics)")
        return result.outputs.first?.contents ?? ""
    }

    @Test func attributesNeverShadowWhatTheClassBodyUses() {
        let text = models("""
        tables:
          things:
            columns:
              id: { type: integer, primary_key: true }
              uuid: uuid
              text: { type: text, default: x }
              str: text
              metadata: jsonb
            rls: false
        """)
        #expect(text.contains("    uuid_: Mapped[uuid.UUID] = mapped_column(\"uuid\", postgresql.UUID(as_uuid=True))"))
        #expect(text.contains("    text_: Mapped[str] = mapped_column(\"text\", Text, server_default=text(\"'x'\"))"))
        #expect(text.contains("    str_: Mapped[str] = mapped_column(\"str\", Text)"))
        #expect(text.contains("    metadata_: Mapped[Any] = mapped_column(\"metadata\", postgresql.JSONB)"))
    }

    @Test func labelsThatShareAMemberNameGetNumbered() {
        let text = models("""
        enums:
          kind: [a-b, A B, a_b]
        tables:
          things:
            columns:
              id: { type: integer, primary_key: true }
              kind: kind
            rls: false
        """)
        #expect(text.contains("    A_B = \"a-b\"\n    A_B_2 = \"A B\"\n    A_B_3 = \"a_b\"\n"))
    }

    @Test func aKeylessTableIsACoreTableWithoutRelationships() {
        let text = models("""
        tables:
          parents:
            columns:
              id: { type: uuid, primary_key: true }
            rls: false
          events:
            columns:
              parent_id: { type: uuid, references: parents.id, index: true }
            rls: false
        """)
        #expect(text.contains("events_table = Table(\n    \"events\",\n    Base.metadata,\n"))
        #expect(!text.contains("relationship("))
    }

    @Test func aGeneratedNameAvoidsEveryOtherName() {
        let text = models("""
        enums:
          status: [on, off]
        tables:
          things:
            columns:
              id: { type: integer, primary_key: true }
              status_enum: status
            rls: false
        """)
        #expect(text.contains("status_enum_ = postgresql.ENUM("))
        #expect(text.contains("    status_enum: Mapped[Status] = mapped_column(status_enum_)"))
    }

    @Test func onlyForeignKeysOnACycleAreAddedLater() {
        let text = models("""
        tables:
          authors:
            columns:
              id: { type: integer, primary_key: true }
              favorite_book_id: { type: integer?, references: books.id, index: true, relation: favorite_book, inverse: fans }
            rls: false
          books:
            columns:
              id: { type: integer, primary_key: true }
              author_id: { type: integer, references: authors.id, index: true }
              sequel_id: { type: integer?, references: books.id, index: true, relation: sequel, inverse: prequels }
            rls: false
        """)
        #expect(text.contains("ForeignKey(\"books.id\", use_alter=True, name=\"authors_favorite_book_id_fkey\")"))
        #expect(text.contains("ForeignKey(\"authors.id\", use_alter=True, name=\"books_author_id_fkey\")"))
        #expect(text.contains("ForeignKey(\"books.id\", name=\"books_sequel_id_fkey\")"))
    }

    /// `desc("x")` renders its text unquoted and `postgresql_ops` skips a `desc()` part, so such parts are spelled
    /// out (Alembic cannot compare an operator class with DESC either way; `create_all` gets it right).
    @Test func descendingIndexPartsThatNeedMoreThanDesc() {
        let text = models("""
        tables:
          things:
            columns:
              id: { type: integer, primary_key: true }
              name: text
              Odd Name: text
            indexes:
              - columns: [name desc, "Odd Name desc", name text_pattern_ops desc, name text_pattern_ops]
                name: things_sorted_idx
            rls: false
        """)
        #expect(text.contains("""
                Index(
                    "things_sorted_idx",
                    desc("name"),
                    text('"Odd Name" DESC'),
                    text("name text_pattern_ops DESC"),
                    "name",
                    postgresql_ops={"name": "text_pattern_ops"},
                ),
        """))
    }

    @Test func serialSequenceNamesAreShortenedLikePostgreSQL() {
        let table = QualifiedName(schema: "public", name: String(repeating: "t", count: 40))
        let name = SQLAlchemyTypes.serialSequence(table: table, column: String(repeating: "c", count: 40))
        #expect(name == String(repeating: "t", count: 29) + "_" + String(repeating: "c", count: 29) + "_seq")
        #expect(SQLAlchemyTypes.serialSequence(table: QualifiedName(schema: "app", name: "T"), column: "n") == "app.\"T_n_seq\"")
    }

    /// The real consumer: PostgreSQL names the sequences, including multi-byte names cut to 63 bytes.
    @Test func serialSequenceNamesMatchPostgreSQL() throws {
        let database = try TestDatabase.create("serial_sequences")
        defer { database.drop() }
        let cases: [(String, String)] = [
            ("short", "n"), (String(repeating: "t", count: 50), String(repeating: "c", count: 20)),
            (String(repeating: "é", count: 25), String(repeating: "ü", count: 20)), ("Mixed", "Case"),
        ]
        for (table, column) in cases {
            try database.run(sql: "CREATE TABLE \(SQLSyntax.quoteIdent(table)) (\(SQLSyntax.quoteIdent(column)) smallserial);")
            let actual = try database.scalar(
                "SELECT pg_get_serial_sequence(\(SQLSyntax.literal(SQLSyntax.quoteIdent(table))), \(SQLSyntax.literal(column)))")
            let expected = SQLAlchemyTypes.serialSequence(table: QualifiedName(schema: "public", name: table), column: column)
            #expect(actual == "public." + expected)
        }
    }
}

import Testing
@testable import SchemaGenKit

/// Reading back the SQL of the revisions schemagen writes, exactly as Alembic would run it.
@Suite struct AlembicRevisionTests {
    @Test func readsBackWhatRenderWrote() throws {
        let statements = [
            "CREATE TABLE \"odd\"\"name\" (note text DEFAULT 'it''s \\\\ a :tag and a\nnew line\tand \u{202E} bidi')",
            "SELECT ':x', 'a\\:b', now()::date",
        ]
        for transactional in [true, false] {
            let file = MigrationPlan.File(transactional: transactional, suffix: "", contents: "", statements: statements)
            let text = AlembicRevision.render(file, name: "n", revision: "20250101000000", downRevision: "abc", sourceName: "schema.yaml")
            let read = try #require(AlembicRevision.upgradeStatements(text))
            #expect(read.statements == statements)
            #expect(read.transactional == transactional)
        }
    }

    @Test func refusesRevisionsOfAnotherShape() {
        let handWritten = """
            revision = "c0ffee"
            down_revision = None


            def upgrade() -> None:
                op.create_table("audit", sa.Column("id", sa.Integer, primary_key=True))


            def downgrade() -> None:
                op.drop_table("audit")
            """
        #expect(AlembicRevision.upgradeStatements(handWritten) == nil)
        #expect(AlembicRevision.decode("'a' + 'b'") == nil)
        #expect(AlembicRevision.decode("\"\\x41\\u00e9\\U0001F600\"") == "Aé😀")
    }
}

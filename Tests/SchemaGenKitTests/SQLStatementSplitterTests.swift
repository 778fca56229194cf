import Testing
@testable import SchemaGenKit

/// Where `SQLStatementSplitter` cuts a file into statements.
@Suite struct SQLStatementSplitterTests {
    @Test func splitsAtTopLevelSemicolonsOnly() {
        let sql = """
        -- leading comment; dropped
        CREATE TABLE t (a text DEFAULT 'x;y', "b;c" int);
        CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 1; END $body$;
        /* a; /* nested; */ comment */ SELECT E'it\\'s; fine';
        """
        let statements = SQLStatementSplitter.split(sql)
        #expect(statements.map(\.line) == [2, 3, 4])
        #expect(statements.count == 3)
        #expect(statements[1].text.hasSuffix("END $body$"))
        #expect(statements[2].text == "SELECT E'it\\'s; fine'")
    }

    @Test func keepsABeginAtomicBodyWhole() {
        let sql = """
        CREATE FUNCTION public.grade(score int) RETURNS text
        LANGUAGE sql
        BEGIN ATOMIC
          SELECT CASE WHEN score > 90 THEN 'a;' ELSE 'b' END;
          SELECT 'end';
        END;
        CREATE PROCEDURE public.touch(id int)
        LANGUAGE sql
        begin atomic
          UPDATE t SET n = case when id > 0 then n + 1 else n end WHERE t.id = id; -- end;
          INSERT INTO log VALUES (id);
        end;
        SELECT 1;
        """
        let statements = SQLStatementSplitter.split(sql)
        #expect(statements.count == 3, "\(statements.map(\.text))")
        #expect(statements.first?.text.hasSuffix("SELECT 'end';\nEND") == true)
        #expect(statements.dropFirst().first?.line == 7)
        #expect(statements.dropFirst().first?.text.hasSuffix("INSERT INTO log VALUES (id);\nend") == true)
        #expect(statements.last?.text == "SELECT 1")
        #expect(statements.last?.line == 13)
    }

    @Test func beginAndEndAsTransactionControlStillSplit() {
        let statements = SQLStatementSplitter.split("BEGIN; CREATE TABLE atomic (end_ int); END; SELECT begin_atomic FROM x;")
        #expect(statements.map(\.text) == ["BEGIN", "CREATE TABLE atomic (end_ int)", "END", "SELECT begin_atomic FROM x"])
    }
}

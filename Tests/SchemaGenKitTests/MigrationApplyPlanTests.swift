import Testing
@testable import SchemaGenKit

/// What `MigrationApplyPlan` refuses before anything runs.
@Suite struct MigrationApplyPlanTests {
    @Test func twoFilesWithOneVersionAreAProblem() {
        let files = [("20240101000000_a.sql", "SELECT 1;"), ("20240101000000_b.sql", "SELECT 2;"), ("20240102000000_c.sql", "SELECT 3;")]
            .map { (name: $0.0, contents: $0.1) }
        let plan = MigrationApplyPlan.make(files: files, applied: [])
        #expect(plan.problems.count == 1)
        #expect(plan.problems.first?.contains("20240101000000_a.sql and 20240101000000_b.sql have the same version") == true)
        #expect(MigrationDirectory.duplicateVersions(files).count == 1)
        let applied = MigrationApplyPlan.make(files: files, applied: [.init(version: "20240101000000", statements: nil)])
        #expect(applied.problems.contains { $0.contains("20240101000000_b.sql") })
    }

    @Test func transactionStatementsInATransactionalFileAreRefused() {
        let sql = """
        INSERT INTO t VALUES (1);
        COMMIT;
        begin;
        SAVEPOINT s; ROLLBACK TO SAVEPOINT s; rollback;
        START TRANSACTION; END; abort;
        CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;
        """
        let plan = MigrationApplyPlan.make(files: [(name: "20240101000000_a.sql", contents: sql)], applied: [])
        #expect(plan.problems.isEmpty)
        #expect(plan.runProblems.map { $0.components(separatedBy: " would").first ?? "" } == [
            "20240101000000_a.sql:2: COMMIT", "20240101000000_a.sql:3: BEGIN", "20240101000000_a.sql:4: ROLLBACK",
            "20240101000000_a.sql:5: START TRANSACTION", "20240101000000_a.sql:5: END", "20240101000000_a.sql:5: ABORT",
        ])
        let outside = MigrationApplyPlan.make(files: [(name: "20240101000000_a.sql", contents: MigrationApplyPlan.nonTransactionalMarker + "\n" + sql)], applied: [])
        #expect(outside.runProblems.isEmpty)
    }

    @Test func theIndexOfACreateIndexConcurrently() {
        let plain = MigrationApplyPlan.concurrentIndex("CREATE INDEX CONCURRENTLY users_email_idx ON public.users (email)")
        #expect(plain?.index == "users_email_idx" && plain?.table == "\"public\".\"users\"")
        let quoted = MigrationApplyPlan.concurrentIndex("create unique index concurrently if not exists \"Odd \"\"Idx\" on only \"My T\" using btree (a)")
        #expect(quoted?.index == "Odd \"Idx" && quoted?.table == "\"My T\"")
        #expect(MigrationApplyPlan.concurrentIndex("CREATE INDEX users_idx ON users (a)") == nil)
        #expect(MigrationApplyPlan.concurrentIndex("CREATE INDEX CONCURRENTLY ON users (a)") == nil)
    }

    @Test func whereBytesStopBeingUTF8() {
        #expect(MigrationDirectory.invalidUTF8(Array("SELECT 'é';\n".utf8)) == nil)
        let latin1: [UInt8] = Array("-- ok\nSELECT '".utf8) + [0xE9] + Array("';\n".utf8)
        let bad = MigrationDirectory.invalidUTF8(latin1)
        #expect(bad?.offset == 14 && bad?.line == 2)
    }
}

import Testing
@testable import SchemaGenKit

@Suite struct ConnectionSettingsTests {
    @Test func fullURL() throws {
        let settings = try ConnectionSettings.parse("postgres://app%40x:p%3Ass@db.example.com:6543/my%20db?sslmode=verify-full")
        #expect(settings.user == "app@x")
        #expect(settings.password == "p:ss")
        #expect(settings.host == "db.example.com")
        #expect(settings.port == 6543)
        #expect(settings.database == "my db")
        #expect(settings.sslMode == .verifyFull)
        #expect(!settings.description.contains("p:ss"))
        #expect(settings.description == "app@x@db.example.com:6543/my db")
    }

    @Test func unixSocketURL() throws {
        let settings = try ConnectionSettings.parse("postgresql:///orders?host=/var/run/postgresql&port=5433&user=me")
        #expect(settings.isUnixSocket)
        #expect(settings.socketPath == "/var/run/postgresql/.s.PGSQL.5433")
        #expect(settings.user == "me")
        #expect(settings.database == "orders")
        #expect(settings.sslMode == .disable)
        let encoded = try ConnectionSettings.parse("postgresql://me@%2Ftmp%2Fpg/orders")
        #expect(encoded.socketPath == "/tmp/pg/.s.PGSQL.5432")
    }

    @Test func defaultsFromEnvironment() throws {
        let environment = ["PGHOST": "pg.internal", "PGPORT": "6000", "PGUSER": "svc", "PGDATABASE": "main", "PGPASSWORD": "x", "PGSSLMODE": "require"]
        let settings = try ConnectionSettings.resolve(url: nil, environment: environment)
        #expect(settings == ConnectionSettings(host: "pg.internal", port: 6000, user: "svc", password: "x", database: "main",
                                               sslMode: .require, sslRootCert: nil))
        let fromURL = try ConnectionSettings.resolve(url: nil, environment: ["DATABASE_URL": "postgres://a@h/d", "PGUSER": "svc"])
        #expect(fromURL.user == "a")
        #expect(fromURL.sslMode == .prefer)
        let flag = try ConnectionSettings.resolve(url: "postgres://b@h/d", environment: ["DATABASE_URL": "postgres://a@h/d"])
        #expect(flag.user == "b")
        let ipv6 = try ConnectionSettings.parse("postgres://u@[::1]:5432/d")
        #expect(ipv6.host == "::1")
        #expect(ipv6.description == "u@[::1]:5432/d")
    }

    @Test(arguments: [
        ("mysql://u@h/d", "must start with postgres://"),
        ("postgres://u@h:0/d", "port '0'"),
        ("postgres://u@h:x/d", "port 'x'"),
        ("postgres://u@h1,h2/d", "several hosts"),
        ("postgres://u@h/d?sslmode=maybe", "sslmode 'maybe'"),
        ("postgres://u@h/d?target_session_attrs=any", "parameter 'target_session_attrs' is not supported"),
        ("postgres://u:%zz@h/d", "bad %-escape"),
    ])
    func badURLs(url: String, message: String) {
        #expect {
            _ = try ConnectionSettings.parse(url, environment: [:])
        } throws: { error in
            String(describing: error).contains(message) && !String(describing: error).contains("%zz")
        }
    }
}

@Suite struct SQLStatementSplitterTests {
    @Test func splitsAtTopLevelSemicolons() {
        let sql = """
        -- header; not a statement
        CREATE TABLE a (x text DEFAULT 'a;b', "c;d" int);
        /* block; /* nested; */ still */
        CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;
        INSERT INTO a VALUES (E'it\\'s;', $q$x;$q$) -- trailing; comment
        ;
        SELECT 2
        """
        let statements = SQLStatementSplitter.split(sql)
        #expect(statements.map(\.text) == [
            "CREATE TABLE a (x text DEFAULT 'a;b', \"c;d\" int)",
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$",
            "INSERT INTO a VALUES (E'it\\'s;', $q$x;$q$) -- trailing; comment",
            "SELECT 2",
        ])
        #expect(statements.map(\.line) == [2, 4, 5, 7])
    }

    @Test func dollarInIdentifiersIsNotAQuote() {
        #expect(SQLStatementSplitter.split("SELECT a$b FROM t; SELECT $1").map(\.text) == ["SELECT a$b FROM t", "SELECT $1"])
        #expect(SQLStatementSplitter.split("-- only a comment\n\n").isEmpty)
    }
}

@Suite struct MigrationApplyPlanTests {
    let files: [(name: String, contents: String)] = [
        ("20260101000000_init.sql", "CREATE TABLE a (id int);\n"),
        ("20260102000000_more.sql", "CREATE TABLE b (id int);\nCREATE TABLE c (id int);\n"),
        ("20260102000001_more_concurrently.sql", "-- Migration\n-- Outside a transaction (psql -f FILE)\n\nCREATE INDEX CONCURRENTLY i ON b (id);\n"),
    ]

    @Test func pendingInOrder() {
        let plan = MigrationApplyPlan.make(files: files, applied: [.init(version: "20260101000000", statements: ["CREATE TABLE a (id int)"])])
        #expect(plan.problems.isEmpty)
        #expect(plan.pending.map(\.fileName) == ["20260102000000_more.sql", "20260102000001_more_concurrently.sql"])
        #expect(plan.pending.map(\.name) == ["more", "more_concurrently"])
        #expect(plan.pending.map(\.transactional) == [true, false])
        #expect(plan.pending[0].statements.count == 2)
    }

    @Test func editedOrMissingAppliedMigrations() {
        let plan = MigrationApplyPlan.make(files: files, applied: [
            .init(version: "20260101000000", statements: ["CREATE TABLE a (id bigint)"]),
            .init(version: "20251231000000", statements: nil),
        ])
        #expect(plan.problems == [
            "version 20251231000000 is applied to the database but no migration file has it (restore the file from version control)",
            "20260101000000_init.sql was changed after it was applied (its statements differ from the ones recorded in supabase_migrations.schema_migrations); write a new migration instead",
        ])
    }

    @Test func olderThanLastApplied() {
        let plan = MigrationApplyPlan.make(files: files, applied: [.init(version: "20260102000000", statements: nil)])
        #expect(plan.problems.first?.hasPrefix("20260101000000_init.sql is older than the last applied migration") == true)
    }
}

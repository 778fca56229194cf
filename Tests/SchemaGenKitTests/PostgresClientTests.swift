import Testing
@testable import SchemaGenKit

/// The one-line, password-free wording of `PostgresConnection`'s errors.
@Suite struct PostgresClientTests {
    @Test func masksThePasswordOfAURL() {
        #expect(PostgresConnection.masked("postgres://me:hunter2@db.example.com:5432/app")
                == "postgres://me:****@db.example.com:5432/app")
        #expect(PostgresConnection.masked("postgresql://me:p%40ss@host/db?sslmode=require")
                == "postgresql://me:****@host/db?sslmode=require")
        // An '@' in the password: the last '@' before the path ends the user information.
        #expect(PostgresConnection.masked("postgres://me:a@b@host/db") == "postgres://me:****@host/db")
        #expect(PostgresConnection.masked("postgres://me@host/db") == "postgres://me@host/db")
        #expect(PostgresConnection.masked("postgres:///db?host=/tmp") == "postgres:///db?host=/tmp")
    }

    @Test func masksPasswordParameters() {
        #expect(PostgresConnection.masked("host=h password=hunter2 dbname=app") == "host=h password=**** dbname=app")
        #expect(PostgresConnection.masked("postgres://me@h/db?password=hunter2&sslmode=require")
                == "postgres://me@h/db?password=****&sslmode=require")
        #expect(PostgresConnection.masked("password=a password=b") == "password=**** password=****")
    }

    @Test func otherSchemesAreBadURLsWithoutTheirPassword() {
        let problem = PostgresConnection.schemeProblem("mysql://root:hunter2@host/db")
        #expect(problem?.hasPrefix("a mysql:// URL is not a PostgreSQL URL") == true)
        // A '/' in the password hides the '@' from a URL reader: only the scheme is ever shown.
        #expect(PostgresConnection.schemeProblem("mysql://root:hun/ter2@host/db")?.contains("ter2") == false)
        #expect(problem?.contains("hunter2") == false)
        #expect(PostgresConnection.schemeProblem("postgres://me@h/db") == nil)
        #expect(PostgresConnection.schemeProblem("POSTGRESQL://me@h/db") == nil)
        #expect(PostgresConnection.schemeProblem("host=h application_name=a://b") == nil)
        #expect(!PostgresConnection.isURL("host=/tmp dbname=x options='-c search_path=a://b'"))
        #expect(PostgresConnection.isURL("PostgreSQL://h/db") && PostgresConnection.isURL("postgres:///db"))
    }

    @Test func passwordsAreFoundInEveryShape() {
        for conninfo in ["postgres://me:s@h/db", "postgres://me:pa/ss@h/db", "postgres://me@h/db?password=s",
                         "host=h password=s", "host=h PASSWORD = 's t'", "mysql://u:p@h"] {
            #expect(PostgresConnection.carriesPassword(conninfo), "\(conninfo)")
        }
        for conninfo in ["postgres://me@h/db", "host=h user=me", "postgres:///db?host=/tmp", "", "postgres://h:5432/db"] {
            #expect(!PostgresConnection.carriesPassword(conninfo), "\(conninfo)")
        }
    }

    @Test func unparsableConnectionStringIsOneRedactedLine() throws {
        do {
            _ = try PostgresConnection(url: "postgres://me:hunter2@host/db?colour=blue", environment: [:])
            Issue.record("connected with a bad URL")
        } catch let error as PostgresError {
            #expect(error.kind == .badURL)
            #expect(error.message == #"bad database URL: invalid URI query parameter: "colour""#)
        }
        do {
            _ = try PostgresConnection(url: "postgres://me:Sec%zzret@host/db", environment: [:])
            Issue.record("connected with a bad URL")
        } catch let error as PostgresError {
            #expect(error.message == #"bad database URL: invalid percent-encoded token: "****""#)
        }
        do {
            _ = try PostgresConnection(url: "host='h password=hunter2", environment: [:])
            Issue.record("connected with a bad connection string")
        } catch let error as PostgresError {
            #expect(error.kind == .badURL)
            #expect(!error.message.contains("hunter2"))
            #expect(!error.message.contains("\n"))
        }
    }

    @Test func connectionFailuresNameWhatWasTried() {
        let refused = PostgresConnection.connectionError("""
            connection to server at "db.example.com" (10.0.0.5), port 5432 failed: Connection refused
            \tIs the server running on that host and accepting TCP/IP connections?

            """, secrets: [], sslMode: nil)
        #expect(refused.kind == .connection)
        #expect(refused.message == "cannot connect to db.example.com:5432 (10.0.0.5): Connection refused "
                + "(is the server running on that host and accepting TCP/IP connections?)")
        let twoAddresses = PostgresConnection.connectionError("""
            connection to server at "localhost" (::1), port 1 failed: Connection refused
            connection to server at "localhost" (127.0.0.1), port 1 failed: Connection refused
            """, secrets: [], sslMode: nil)
        #expect(twoAddresses.message == "cannot connect to localhost:1 (::1): Connection refused; "
                + "cannot connect to localhost:1 (127.0.0.1): Connection refused")
        let ipv6 = PostgresConnection.connectionError("connection to server at \"::1\", port 5432 failed: timeout expired\n",
                                                      secrets: [], sslMode: nil)
        #expect(ipv6.message == "cannot connect to [::1]:5432: timeout expired")
    }

    @Test func authenticationAndTLSFailuresAreOneLineWithoutSecrets() {
        let wrong = PostgresConnection.connectionError(
            "connection to server on socket \"/tmp/.s.PGSQL.5432\" failed: FATAL:  password authentication failed for user \"me\" (hunter2)\n",
            secrets: ["hunter2"], sslMode: nil)
        #expect(wrong.message == "cannot connect to the unix socket /tmp/.s.PGSQL.5432: FATAL: password authentication failed for user \"me\" (****)")
        let none = PostgresConnection.connectionError(
            "connection to server at \"h\", port 5432 failed: fe_sendauth: no password supplied\n", secrets: [], sslMode: nil)
        #expect(none.message.hasPrefix("cannot connect to h:5432: the server asks for a password and none was given"))
        let tls = PostgresConnection.connectionError(
            "connection to server at \"h\", port 5432 failed: server does not support SSL, but SSL was required\n",
            secrets: [], sslMode: "verify-full")
        #expect(tls.message == "cannot connect to h:5432: the server does not accept TLS, but sslmode=verify-full requires it")
        let port = PostgresConnection.connectionError("invalid port number: \"99999\"\n", secrets: [], sslMode: nil)
        #expect(port.kind == .badURL)
        #expect(port.message == "bad database URL: invalid port number: \"99999\"")
        let other = PostgresConnection.connectionError("out of memory\n", secrets: [], sslMode: nil)
        #expect(other.message == "cannot connect: out of memory")
    }
}

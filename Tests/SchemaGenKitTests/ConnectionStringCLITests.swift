import Foundation
import Testing

/// `--db`: a password is never printed, whatever the shape of the string, and carrying one warns; key=value strings
/// are read as such. Through the CLI.
@Suite struct ConnectionStringCLITests {
    let cli = CLITests()

    /// Each string and the password pieces that must not appear in what schemagen prints.
    static let malformed: [(String, [String])] = [
        ("postgresql://u:Sec%zzret@h/db", ["Sec", "zzret", "c%zz"]),
        ("postgresql://u:Ab%00cd9@h/db", ["Ab%", "00cd9", "cd9"]),
        ("postgresql://u@h/db?password=Hid%zzden", ["Hid", "zzden"]),
        ("postgresql://u@h/db?password=Hidden9&colour=blue", ["Hidden9"]),
        ("host=h password=abc defghi dbname=x", ["abc", "defghi"]),
        ("host=h password='open quote secret9", ["open quote", "secret9"]),
        ("mysql://u:pa/ss9word@h/db", ["pa/ss", "ss9word"]),
        ("postgresql://u:a\"b%zzq9@h/db", ["b%zz", "zzq9"]),
    ]

    @Test(arguments: 0..<malformed.count)
    func malformedStringsNeverPrintThePassword(case index: Int) throws {
        let (url, pieces) = Self.malformed[index]
        let directory = try cli.project("tables: {}\n")
        let run = try cli.run(["pull", "--db", url, "--out", "-"], in: directory, environment: [:])
        #expect(run.status == 2)
        #expect(run.stderr.contains("schemagen: error: bad database URL"), "\(run.stderr)")
        for piece in pieces {
            #expect(!run.stderr.contains(piece), "'\(piece)' printed: \(run.stderr)")
            #expect(!run.stdout.contains(piece))
        }
        #expect(run.stderr.contains("warning: --db carries a password"))
    }

    @Test func libpqWordingIsKeptWhereItHoldsNoPassword() throws {
        let directory = try cli.project("tables: {}\n")
        let percent = try cli.run(["pull", "--db", "postgresql://u:Sec%zzret@h/db", "--out", "-"], in: directory, environment: [:])
        #expect(percent.stderr.contains(#"bad database URL: invalid percent-encoded token: "****""#), "\(percent.stderr)")
        let parameter = try cli.run(["pull", "--db", "postgresql://u@h/db?colour=blue", "--out", "-"], in: directory, environment: [:])
        #expect(parameter.stderr.contains(#"bad database URL: invalid URI query parameter: "colour""#), "\(parameter.stderr)")
        #expect(!parameter.stderr.contains("warning"))
        let scheme = try cli.run(["pull", "--db", "mysql://u:pa/ss9word@h/db", "--out", "-"], in: directory, environment: [:])
        #expect(scheme.stderr.contains("bad database URL: a mysql:// URL is not a PostgreSQL URL"), "\(scheme.stderr)")
    }

    @Test func aPasswordOnTheCommandLineWarnsAndOneInTheEnvironmentDoesNot() throws {
        let directory = try cli.project("tables: {}\n")
        // Nothing listens on port 1, so each run fails at the connection, after the warning.
        let url = "postgresql://me:Hunter2x@127.0.0.1:1/db"
        let given = try cli.run(["pull", "--db", url, "--out", "-"], in: directory, environment: [:])
        #expect(given.status == 2)
        #expect(given.stderr.contains("schemagen: warning: --db carries a password"))
        #expect(given.stderr.contains("PGPASSWORD or ~/.pgpass"))
        #expect(!given.stderr.contains("Hunter2x"))
        let keyValue = try cli.run(["pull", "--db", "host=127.0.0.1 port=1 password=Hunter2x", "--out", "-"], in: directory, environment: [:])
        #expect(keyValue.stderr.contains("warning: --db carries a password"))
        let environment = try cli.run(["pull", "--out", "-"], in: directory, environment: ["DATABASE_URL": url])
        #expect(environment.status == 2)
        #expect(!environment.stderr.contains("warning"))
        #expect(!environment.stderr.contains("Hunter2x"))
        let noPassword = try cli.run(["pull", "--db", "postgresql://me@127.0.0.1:1/db", "--out", "-"], in: directory,
                                     environment: ["PGPASSWORD": "Hunter2x"])
        #expect(!noPassword.stderr.contains("warning"))
    }

    @Test func keyValueStringHoldingASchemeIsReadAsKeyValue() throws {
        let host = try TestEnvironment.require("SCHEMAGEN_TEST_PGHOST")
        let port = try TestEnvironment.require("SCHEMAGEN_TEST_PGPORT")
        let user = try TestEnvironment.require("SCHEMAGEN_TEST_PGUSER")
        let directory = try cli.project("tables: {}\n")
        let conninfo = "host=\(host) port=\(port) user=\(user) dbname=postgres options='-c search_path=a://b'"
        let run = try cli.run(["pull", "--db", conninfo, "--out", "-"], in: directory, environment: [:])
        #expect(!run.stderr.contains("connect_timeout"), "\(run.stderr)")
        #expect(!run.stderr.contains("bad database URL"), "\(run.stderr)")
        #expect(run.status == 0, "\(run.stderr)")
    }
}

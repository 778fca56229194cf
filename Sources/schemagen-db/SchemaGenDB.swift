import ArgumentParser
import Foundation
import SchemaGenKit

#if Database
/// The commands that talk to a database; `schemagen migrate apply` hands off to this executable.
@main
struct SchemaGenDB: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schemagen-db",
        abstract: "schemagen's commands for a live PostgreSQL database.",
        discussion: """
        Connection: --db URL (postgres://user:password@host:port/db?sslmode=require, or \
        postgresql:///db?host=/var/run/postgresql for a unix socket), else DATABASE_URL, else the PG* variables.
        """,
        subcommands: [DatabaseMigrate.self])
}

struct DatabaseMigrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply migrations to a database.",
        subcommands: [MigrateApply.self])
}
#else
/// Built without the Database trait: says how to build the real one.
@main
struct SchemaGenDB {
    static func main() {
        FileHandle.standardError.write(Data("""
        schemagen-db: error: built without the PostgreSQL driver; build it with \
        `swift build -c release --traits Database --product schemagen-db`

        """.utf8))
        exit(2)
    }
}
#endif

/// Writes a line to standard error.
func printErr(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

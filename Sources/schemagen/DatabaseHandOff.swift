import ArgumentParser
import Foundation

/// `schemagen migrate apply`: runs `schemagen-db migrate apply`, the executable built with the PostgreSQL driver
/// (the Database trait), so `schemagen` itself never links the driver and starts as fast as before.
struct MigrateApplyHandOff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Apply pending migrations to a database (runs schemagen-db, built with `--traits Database`).",
        discussion: "Options: --db URL, --schema path, --dir path. See `schemagen-db migrate apply --help`.")

    @Argument(parsing: .captureForPassthrough, help: "The arguments for schemagen-db migrate apply.")
    var arguments: [String] = []

    func run() throws {
        try DatabaseHandOff.exec(["migrate", "apply"] + arguments)
    }
}

enum DatabaseHandOff {
    static let executableName = "schemagen-db"

    /// Replaces this process with schemagen-db: the one next to this executable, else the one on PATH.
    static func exec(_ arguments: [String]) throws -> Never {
        var candidates: [String] = []
        if let here = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent() {
            candidates.append(here.appendingPathComponent(executableName).path)
        }
        let path = candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? executableName
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        execvp(path, argv)
        printErr("schemagen: error: cannot run \(executableName) (\(String(cString: strerror(errno)))); build it with `swift build -c release --traits Database --product schemagen-db` and put it next to schemagen or on PATH")
        throw ExitCode(2)
    }
}

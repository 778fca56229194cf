import Foundation

/// A throwaway PostgreSQL cluster in a temporary directory, listening only on a unix socket there: the shadow
/// database's last resort when the target's role may not create databases and no `--shadow-db` is given. It needs
/// PostgreSQL's server binaries (`SCHEMAGEN_PG_BINDIR`, `pg_config --bindir`, or `/usr/lib/postgresql/*/bin`) and a
/// user other than root (initdb refuses root).
public final class LocalCluster {
    /// The libpq connection string of its `postgres` database.
    public let conninfo: String
    /// The server's major version, for the report.
    public let version: String
    private let directory: URL
    private let bindir: String

    /// Why no cluster could be started.
    public struct Failure: Error, Sendable {
        public var message: String
    }

    private init(conninfo: String, version: String, directory: URL, bindir: String) {
        self.conninfo = conninfo
        self.version = version
        self.directory = directory
        self.bindir = bindir
    }

    /// Starts a cluster; `stop()` removes it.
    public static func start(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> LocalCluster {
        if geteuid() == 0 { throw Failure(message: "PostgreSQL's initdb refuses to run as root") }
        guard let bindir = binaries(environment) else {
            throw Failure(message: "no PostgreSQL server binaries (initdb, pg_ctl) found; set SCHEMAGEN_PG_BINDIR")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("schemagen-shadow-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let data = directory.appendingPathComponent("data").path
        do {
            try run(bindir + "/initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-locale"])
            // Unix socket only, in the directory; nothing listens on TCP.
            try run(bindir + "/pg_ctl", ["-D", data, "-w", "-s", "-l", directory.appendingPathComponent("log").path, "-o",
                                         "-c listen_addresses= -c unix_socket_directories=\(directory.path) -c fsync=off -c port=5432", "start"])
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        let version = (try? String(contentsOfFile: data + "/PG_VERSION", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
        return LocalCluster(conninfo: "host=\(directory.path) port=5432 user=postgres dbname=postgres", version: version,
                            directory: directory, bindir: bindir)
    }

    /// Stops the server and removes its directory.
    public func stop() {
        _ = try? Self.run(bindir + "/pg_ctl", ["-D", directory.appendingPathComponent("data").path, "-m", "immediate", "-s", "stop"])
        try? FileManager.default.removeItem(at: directory)
    }

    static func binaries(_ environment: [String: String]) -> String? {
        var candidates: [String] = []
        if let given = environment["SCHEMAGEN_PG_BINDIR"] { candidates.append(given) }
        if let configured = try? output("pg_config", ["--bindir"]) { candidates.append(configured) }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
        candidates += versions.map { "\(root)/\($0)/bin" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0 + "/initdb")
            && FileManager.default.isExecutableFile(atPath: $0 + "/pg_ctl") }
    }

    /// Runs a program to its end, its output discarded and its errors kept in a file: not through `Process`, which
    /// waits on descriptors the server that `pg_ctl start` leaves running inherits.
    private static func run(_ executable: String, _ arguments: [String]) throws {
        let errorPath = FileManager.default.temporaryDirectory.appendingPathComponent("schemagen-\(UUID().uuidString).err").path
        defer { try? FileManager.default.removeItem(atPath: errorPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw Failure(message: "cannot run \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exited = (status & 0x7f) == 0
        guard exited && (status >> 8) & 0xff == 0 else {
            let message = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            let text = message.split(separator: "\n").first.map(String.init) ?? "exit status \(status)"
            throw Failure(message: "\((executable as NSString).lastPathComponent) failed: \(text)")
        }
    }

    private static func output(_ command: String, _ arguments: [String]) throws -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [command] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

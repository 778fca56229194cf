import ArgumentParser
import Foundation

/// The few git commands the CLI runs: reading the index for `check --staged`, finding the hooks directory.
enum Git {
    /// Runs git in the current directory; returns its standard output and exit status.
    static func run(_ arguments: [String]) -> (output: Data, status: Int32)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (data, process.terminationStatus)
    }

    /// One line of git's output, or a printed error and exit status 2.
    static func line(_ arguments: [String], purpose: String) throws -> String {
        guard let (data, status) = run(arguments), status == 0 else {
            printErr("schemagen: error: \(purpose) needs a git repository (`git \(arguments.joined(separator: " "))` failed)")
            throw ExitCode(2)
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
    }

    /// The staged contents of files in the current repository.
    struct Index {
        /// The repository's top-level directory, symlinks resolved.
        let top: String

        init() throws {
            let top = try Git.line(["rev-parse", "--show-toplevel"], purpose: "--staged")
            self.top = URL(fileURLWithPath: top).resolvingSymlinksInPath().path
        }

        /// The staged bytes of a file (a path as given on the command line), or nil when it is not in the index.
        func contents(of path: String) -> Data? {
            guard let relative = relativePath(path), let (data, status) = Git.run(["cat-file", "blob", ":" + relative]),
                  status == 0 else { return nil }
            return data
        }

        /// The path relative to the top-level directory, as the index names it.
        func relativePath(_ path: String) -> String? {
            let absolute = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            // The file may not exist; resolve symlinks of its directory only.
            let directory = absolute.deletingLastPathComponent().resolvingSymlinksInPath().path
            let full = (directory as NSString).appendingPathComponent(absolute.lastPathComponent)
            let prefix = top.hasSuffix("/") ? top : top + "/"
            guard full.hasPrefix(prefix) else { return nil }
            return String(full.dropFirst(prefix.count))
        }
    }
}

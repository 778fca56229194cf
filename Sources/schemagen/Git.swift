import ArgumentParser
import Foundation

/// The few git commands the CLI runs: reading the index for `check --staged`, finding the hooks directory.
enum Git {
    /// Runs git in the current directory; returns its standard output and exit status.
    static func run(_ arguments: [String], input: Data? = nil) -> (output: Data, status: Int32)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let inputPipe = input.map { _ in Pipe() }
        if let inputPipe { process.standardInput = inputPipe }
        do {
            try process.run()
        } catch {
            return nil
        }
        if let input, let inputPipe {
            // Written from another thread: git answers while it reads, and a full output pipe would block it.
            let handle = inputPipe.fileHandleForWriting
            Thread.detachNewThread {
                handle.write(input)
                try? handle.close()
            }
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

        /// The staged bytes of several files at once (one git process), nil for those not in the index.
        func contents(of paths: [String]) -> [String: Data] {
            let relative = paths.map { relativePath($0) }
            var result: [String: Data] = [:]
            let batchable = zip(paths, relative).compactMap { path, name -> (String, String)? in
                guard let name, !name.contains("\n") else { return nil }
                return (path, name)
            }
            let request = Data(batchable.map { ":" + $0.1 + "\n" }.joined().utf8)
            if !batchable.isEmpty, let (data, status) = Git.run(["cat-file", "--batch"], input: request), status == 0 {
                var cursor = data.startIndex
                for (path, _) in batchable {
                    // Each answer: "<id> blob <size>\n<bytes>\n", or "<name> missing\n".
                    guard let newline = data[cursor...].firstIndex(of: UInt8(ascii: "\n")) else { break }
                    let header = String(decoding: data[cursor..<newline], as: UTF8.self).split(separator: " ")
                    cursor = data.index(after: newline)
                    guard header.count == 3, header[1] == "blob", let size = Int(header[2]),
                          data.distance(from: cursor, to: data.endIndex) > size else { continue }
                    let end = data.index(cursor, offsetBy: size)
                    result[path] = Data(data[cursor..<end])
                    cursor = data.index(after: end)
                }
            }
            for path in paths where result[path] == nil && !batchable.contains(where: { $0.0 == path }) {
                result[path] = contents(of: path)
            }
            return result
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

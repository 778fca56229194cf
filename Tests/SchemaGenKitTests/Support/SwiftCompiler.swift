import Foundation
@testable import SchemaGenKit

/// The Swift compiler that checks generated Swift: `SCHEMAGEN_TEST_SWIFTC` (set by `scripts/test.sh` to the swiftc next
/// to the running toolchain), else the first `swiftc` on PATH; a test that needs it fails when there is neither.
enum SwiftCompiler {
    static func path() throws -> String {
        if let value = ProcessInfo.processInfo.environment["SCHEMAGEN_TEST_SWIFTC"], !value.isEmpty { return value }
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        for directory in directories {
            let candidate = "\(directory)/swiftc"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw TestEnvironment.Missing(name: "SCHEMAGEN_TEST_SWIFTC")
    }

    /// Swift 6 language mode (complete concurrency checking) with every warning an error.
    static let strictFlags = ["-swift-version", "6", "-warnings-as-errors"]

    /// Type-checks source files as one module.
    static func typecheck(_ files: [URL]) throws {
        try Shell.run(try path(), strictFlags + ["-typecheck"] + files.map(\.path))
    }

    /// Builds an executable from source files (one of them `main.swift`) and returns its path.
    static func build(_ files: [URL], in directory: URL, name: String = "program") throws -> URL {
        let output = directory.appendingPathComponent(name)
        try Shell.run(try path(), strictFlags + ["-module-name", "Program", "-o", output.path] + files.map(\.path))
        return output
    }

    /// A fresh temporary directory.
    static func temporaryDirectory(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("schemagen-\(prefix)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes generated text to a file in a directory.
    @discardableResult
    static func write(_ text: String, named name: String, in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}

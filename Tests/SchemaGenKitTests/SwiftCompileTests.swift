import Foundation
import Testing
@testable import SchemaGenKit

/// The generated Swift compiles with the real compiler, in Swift 6 mode with warnings as errors, and its coding
/// support reads and writes what PostgreSQL does.
@Suite struct SwiftCompileTests {
    static let supportDirectory = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Support/SwiftCoding")

    /// The fixtures with a Swift output (valid, and not turned off with `outputs: { swift: false }`).
    static func fixturesWithSwift() -> [String] {
        TestEnvironment.fixtureNames().filter { name in
            (try? TestEnvironment.compileFixture(name, targets: ["swift"]))?.outputs.contains { $0.target == "swift" } == true
        }
    }

    @Test func rootModelsCompile() throws {
        let models = TestEnvironment.repositoryRoot.appendingPathComponent("Generated/swift/Models.swift")
        try SwiftCompiler.typecheck([models])
    }

    @Test(arguments: SwiftCompileTests.fixturesWithSwift())
    func fixtureModelsCompile(_ name: String) throws {
        let result = try TestEnvironment.compileFixture(name, targets: ["swift"])
        let output = try #require(result.outputs.first { $0.target == "swift" }, "\(name) has no Swift output")
        let directory = try SwiftCompiler.temporaryDirectory("fixture-\(name)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try SwiftCompiler.typecheck([try SwiftCompiler.write(output.contents, named: "Models.swift", in: directory)])
    }

    /// `Tests/Support/SwiftCoding/main.swift` exercises `SchemaCoding`, `CalendarDate`, `TimeOfDay`, `JSONValue` and
    /// the row and insert coding of the `swift-types` fixture's models (which use every support type).
    @Test func codingSupportBehaves() throws {
        let result = try TestEnvironment.compileFixture("swift-types", targets: ["swift"])
        let output = try #require(result.outputs.first { $0.target == "swift" })
        let directory = try SwiftCompiler.temporaryDirectory("coding")
        defer { try? FileManager.default.removeItem(at: directory) }
        let models = try SwiftCompiler.write(output.contents, named: "Models.swift", in: directory)
        let program = try SwiftCompiler.build([models, Self.supportDirectory.appendingPathComponent("main.swift")], in: directory)
        let printed = try Shell.run(program.path, [])
        #expect(printed.hasSuffix("all checks passed\n"), "\(printed)")
    }
}

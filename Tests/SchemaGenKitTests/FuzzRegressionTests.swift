import Foundation
import Testing
@testable import SchemaGenKit

/// Replays every input in `Tests/FuzzRegressions` with the fuzz target's invariants: the pipeline ends in outputs
/// or in diagnostics that each point inside the file, never in a crash or a hang.
@Suite struct FuzzRegressionTests {
    static let directory = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/FuzzRegressions")

    static func inputs() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func regressionsExist() {
        #expect(!Self.inputs().isEmpty, "Tests/FuzzRegressions holds no *.yaml input")
    }

    @Test(arguments: FuzzRegressionTests.inputs())
    func replay(_ name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.directory.appendingPathComponent(name)))
        let start = ContinuousClock.now
        let result = Pipeline.run(bytes, fileName: "schema.yaml", templates: TestEnvironment.templates)
        #expect(ContinuousClock.now - start < .seconds(10), "\(name) took too long")
        let lines = Self.yamlLineCount(bytes)
        for diagnostic in result.diagnostics {
            #expect(diagnostic.location.line >= 1 && diagnostic.location.line <= lines + 1 && diagnostic.location.column >= 1,
                    "\(name): diagnostic outside the file: \(diagnostic)")
            #expect(!diagnostic.message.isEmpty)
        }
        if result.hasErrors {
            #expect(result.outputs.isEmpty)
        } else {
            #expect(result.schema != nil)
            for output in result.outputs { #expect(output.contents.hasSuffix("\n")) }
        }
    }

    /// Lines as YAML counts them: LF, CR, CRLF, NEL, LS and PS each end a line.
    static func yamlLineCount(_ bytes: [UInt8]) -> Int {
        var count = 1
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case 0x0A: count += 1
            case 0x0D:
                count += 1
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
            case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85: count += 1
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                count += 1
            default: break
            }
            index += 1
        }
        return count
    }
}

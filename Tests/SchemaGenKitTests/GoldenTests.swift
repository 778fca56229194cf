import Foundation
import Testing
@testable import SchemaGenKit

/// Every folder in `Tests/Fixtures` is a case: `schema.yaml` plus the expected file of each output, or `diagnostics.txt`.
///
/// `SCHEMAGEN_RECORD=1 swift test --filter Golden` writes the expected files and then fails, so re-recording is a
/// deliberate act whose diff is read before it is committed.
@Suite struct GoldenTests {
    static let recording = ProcessInfo.processInfo.environment["SCHEMAGEN_RECORD"] == "1"

    @Test(arguments: TestEnvironment.fixtureNames())
    func fixture(_ name: String) throws {
        let folder = TestEnvironment.fixturesDirectory.appendingPathComponent(name)
        let result = try TestEnvironment.compileFixture(name)
        var expected: [(file: String, contents: String)] = []
        let rendered = result.diagnostics.map(\.description).joined(separator: "\n")
        if result.hasErrors {
            expected.append(("diagnostics.txt", rendered + "\n"))
        } else {
            for output in result.outputs {
                let file = (output.path as NSString).lastPathComponent
                expected.append((file, output.contents))
            }
            if !result.diagnostics.isEmpty { expected.append(("diagnostics.txt", rendered + "\n")) }
        }
        var recorded: [String] = []
        for (file, contents) in expected {
            let url = folder.appendingPathComponent(file)
            let onDisk = try? String(contentsOf: url, encoding: .utf8)
            if onDisk == contents { continue }
            if Self.recording {
                try contents.write(to: url, atomically: true, encoding: .utf8)
                recorded.append(file)
            } else if let onDisk {
                let diff = UnifiedDiff.render(old: onDisk, new: contents, oldName: "expected", newName: "actual", limit: 80)
                Issue.record("\(name)/\(file) differs:\n\(diff)")
            } else {
                Issue.record("\(name)/\(file) is missing; record it with SCHEMAGEN_RECORD=1 swift test --filter Golden")
            }
        }
        // A stale expected file (an output or diagnostics that are no longer produced) is an error too.
        let produced = Set(expected.map(\.file))
        let present = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for file in present.sorted() where file != "schema.yaml" && !produced.contains(file) && Self.goldenNames.contains(file) {
            if Self.recording {
                try FileManager.default.removeItem(at: folder.appendingPathComponent(file))
                recorded.append("-" + file)
            } else {
                Issue.record("\(name)/\(file) is expected but not produced")
            }
        }
        if !recorded.isEmpty {
            Issue.record("recorded \(name): \(recorded.joined(separator: ", ")); review the diff, then run without SCHEMAGEN_RECORD")
        }
    }

    static let goldenNames: Set<String> = ["schema.sql", "rls.sql", "schema.ts", "models.py", "Models.swift", "schemas.py", "schemas.ts", "database.types.ts", "diagnostics.txt"]
}

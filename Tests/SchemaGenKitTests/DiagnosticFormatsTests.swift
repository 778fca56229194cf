import Foundation
import Testing
@testable import SchemaGenKit

/// The machine formats: JSON decodes back into the same diagnostics; SARIF has the structure SARIF 2.1.0 requires.
/// (`Tests/python/test_diagnostics_formats.py` validates the CLI's SARIF against the published JSON schema.)
@Suite struct DiagnosticFormatsTests {
    static let invalid = """
    tables:
      notes:
        columns:
          id: { type: uuid, primary_key: true }
          title: strng
          owner: { type: uuid, references: usres.id }
        rls: false
    """

    static func diagnostics(file: String = "schema.yaml") -> [Diagnostic] {
        TestEnvironment.compile(invalid, fileName: file).diagnostics
    }

    static func object(_ text: String) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(value as? [String: Any])
    }

    @Test func jsonRoundTrips() throws {
        let diagnostics = Self.diagnostics()
        #expect(diagnostics.count >= 2)
        let text = DiagnosticFormats.json(diagnostics)
        let decoded = try JSONDecoder().decode([Diagnostic].self, from: Data(text.utf8))
        #expect(decoded == diagnostics)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        let first = try #require(array.first)
        #expect(Set(first.keys).isSuperset(of: ["severity", "code", "message", "file", "location", "path"]))
        let location = try #require(first["location"] as? [String: Any])
        #expect(location["line"] as? Int == 5)
        #expect(location["column"] as? Int == 14)
    }

    @Test func jsonOfNothingIsAnEmptyArray() {
        #expect(DiagnosticFormats.json([]) == "[]")
    }

    @Test func sarifHasTheRequiredStructure() throws {
        let diagnostics = Self.diagnostics()
        let log = try Self.object(DiagnosticFormats.sarif(diagnostics))
        #expect(log["version"] as? String == "2.1.0")
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "schemagen")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ruleIDs = rules.compactMap { $0["id"] as? String }
        #expect(ruleIDs == ruleIDs.sorted() && Set(ruleIDs) == Set(diagnostics.map(\.code)))
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == diagnostics.count)
        for (result, diagnostic) in zip(results, diagnostics) {
            #expect(result["ruleId"] as? String == diagnostic.code)
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(ruleIDs[index] == diagnostic.code)
            #expect(result["level"] as? String == (diagnostic.severity == .error ? "error" : "warning"))
            let message = try #require((result["message"] as? [String: Any])?["text"] as? String)
            #expect(message.hasPrefix(diagnostic.message))
            let location = try #require((result["locations"] as? [[String: Any]])?.first)
            let physical = try #require(location["physicalLocation"] as? [String: Any])
            let artifact = try #require(physical["artifactLocation"] as? [String: Any])
            #expect(artifact["uri"] as? String == "schema.yaml")
            let region = try #require(physical["region"] as? [String: Any])
            #expect(region["startLine"] as? Int == diagnostic.location.line)
            #expect(region["startColumn"] as? Int == diagnostic.location.column)
        }
    }

    @Test func sarifOfNothingHasNoResults() throws {
        let log = try Self.object(DiagnosticFormats.sarif([]))
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        #expect((run["results"] as? [Any])?.isEmpty == true)
    }

    @Test func artifactURIs() {
        #expect(DiagnosticFormats.artifactURI("schema.yaml") == "schema.yaml")
        #expect(DiagnosticFormats.artifactURI("db/schema.yaml") == "db/schema.yaml")
        #expect(DiagnosticFormats.artifactURI("my schema/50%.yaml") == "my%20schema/50%25.yaml")
        #expect(DiagnosticFormats.artifactURI("/srv/app/schéma.yaml") == "file:///srv/app/sch%C3%A9ma.yaml")
        #expect(DiagnosticFormats.artifactURI("a#b?.yaml") == "a%23b%3F.yaml")
        #expect(DiagnosticFormats.artifactURI("c:x/schema.yaml") == "./c:x/schema.yaml")
    }
}

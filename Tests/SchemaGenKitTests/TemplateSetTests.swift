import Foundation
import Testing
@testable import SchemaGenKit

/// The built-in templates compiled into the library by the EmbedTemplates plugin.
@Suite struct TemplateSetTests {
    /// Every file of `Templates/` is built in, byte for byte, and nothing else is.
    @Test func builtinTemplatesAreTheFilesOfTemplates() throws {
        let directory = TestEnvironment.repositoryRoot.appendingPathComponent("Templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".mustache") }
        let builtin = TemplateSet.builtin()
        #expect(Set(TemplateSet.embeddedSources.keys) == Set(names.map { String($0.dropLast(".mustache".count)) }))
        for name in names {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            #expect(builtin.source(named: String(name.dropLast(".mustache".count))) == text, "\(name)")
        }
    }
}

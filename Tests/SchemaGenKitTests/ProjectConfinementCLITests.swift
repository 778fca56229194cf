import Foundation
import Testing

/// Files the schema names stay inside the project directory, and settings that would write nonsense are refused, all
/// through the CLI.
@Suite struct ProjectConfinementCLITests {
    let cli = CLITests()

    static let table = """
    tables:
      notes:
        rls: { deny_all: true }
        columns:
          id: { type: uuid, primary_key: true }

    """

    @Test(arguments: ["/proc/self/environ", "../../etc/passwd", "~/secrets.mustache", "a/../../x.mustache"])
    func templateOutsideTheProjectIsALocatedError(template: String) throws {
        let directory = try cli.project("""
        settings:
          outputs:
            notes: { template: '\(template)', path: docs/notes.txt }
        \(Self.table)
        """)
        for command in [["check"], ["generate"]] {
            let run = try cli.run(command, in: directory)
            #expect(run.status == 1)
            #expect(run.stderr.contains("schema.yaml:3:24: error: template path '\(template)' must be a relative file path inside the project"))
            #expect(!run.stderr.contains("PATH=") && !run.stderr.contains("root:"))
            #expect(!run.stdout.contains("PATH=") && !run.stdout.contains("root:"))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("docs").path))
    }

    @Test func templateSymlinkLeadingOutOfTheProjectIsRefused() throws {
        let outside = try cli.project("secret-marker-\(UUID().uuidString)\n")
        let directory = try cli.project("""
        settings:
          outputs:
            notes: { template: t/notes.mustache, path: docs/notes.txt }
        \(Self.table)
        """)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("t"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("t/notes.mustache").path,
                                                   withDestinationPath: outside.appendingPathComponent("schema.yaml").path)
        let run = try cli.run(["check"], in: directory)
        #expect(run.status == 2)
        #expect(run.stderr.contains("schema.yaml:3:5: error: template 't/notes.mustache' of output 'notes' is outside the project directory"))
        #expect(!(run.stdout + run.stderr).contains("secret-marker"))
        // A partial beside the template that leads out is refused too.
        try FileManager.default.removeItem(at: directory.appendingPathComponent("t/notes.mustache"))
        try Data("{{> leak}}\n".utf8).write(to: directory.appendingPathComponent("t/notes.mustache"))
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("t/leak.mustache").path,
                                                   withDestinationPath: outside.appendingPathComponent("schema.yaml").path)
        let partial = try cli.run(["check"], in: directory)
        #expect(partial.status == 2)
        #expect(partial.stderr.contains("leak.mustache is outside the project directory"))
        #expect(!(partial.stdout + partial.stderr).contains("secret-marker"))
        // A template inside the project, through a symlink that stays inside, is fine.
        try FileManager.default.removeItem(at: directory.appendingPathComponent("t/leak.mustache"))
        try Data("notes\n".utf8).write(to: directory.appendingPathComponent("real.mustache"))
        try FileManager.default.removeItem(at: directory.appendingPathComponent("t/notes.mustache"))
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("t/notes.mustache").path,
                                                   withDestinationPath: "../real.mustache")
        let inside = try cli.run(["generate"], in: directory)
        #expect(inside.status == 0, "\(inside.stderr)")
        #expect(try String(contentsOf: directory.appendingPathComponent("docs/notes.txt"), encoding: .utf8) == "notes\n")
    }

    @Test func outputThroughASymlinkOutOfTheProjectIsRefused() throws {
        let outside = try cli.project("secret-marker\n")
        let directory = try cli.project("""
        settings:
          outputs:
            drizzle: out/schema.yaml
        \(Self.table)
        """)
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("out").path, withDestinationPath: outside.path)
        let run = try cli.run(["check"], in: directory)
        #expect(run.status == 2)
        #expect(run.stderr.contains("schema.yaml:3:5: error: output path 'out/schema.yaml' of output 'drizzle' is outside the project directory"))
        #expect(!(run.stdout + run.stderr).contains("secret-marker"))
        #expect(try cli.run(["generate"], in: directory).status == 2)
        #expect(try String(contentsOf: outside.appendingPathComponent("schema.yaml"), encoding: .utf8) == "secret-marker\n")
        // --out names where the outputs go on the command line: the project's symlink does not matter then.
        let elsewhere = try cli.project("")
        let redirected = try cli.run(["generate", "--only", "drizzle", "--out", elsewhere.path], in: directory)
        #expect(redirected.status == 0, "\(redirected.stderr)")
        #expect(FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent("out/schema.yaml").path))
        #expect(try String(contentsOf: outside.appendingPathComponent("schema.yaml"), encoding: .utf8) == "secret-marker\n")
    }

    @Test func templatesDirectoryAndMigrationsDirectoryAreConfined() throws {
        let directory = try cli.project("""
        settings:
          templates: /etc
          migrations: { dir: ../migrations }
        \(Self.table)
        """)
        let run = try cli.run(["check"], in: directory)
        #expect(run.status == 1)
        #expect(run.stderr.contains("schema.yaml:2:14: error: templates directory '/etc' must be a relative path inside the project"))
        #expect(run.stderr.contains("schema.yaml:3:22: error: migrations directory '../migrations' must be a relative path inside the project"))
    }

    @Test func trueTurnsABuiltInOutputOnAtItsDefaultPath() throws {
        let directory = try cli.project("""
        settings:
          outputs: { drizzle: true, sql: false, rls: false, sqlalchemy: false, swift: false }
        \(Self.table)
        """)
        let run = try cli.run(["generate"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(cli.files(directory) == ["Generated/drizzle/schema.ts", "schema.yaml"])
    }

    @Test func twoOutputsWithOnePathAreALocatedError() throws {
        let directory = try cli.project("""
        settings:
          outputs:
            drizzle: gen/out.txt
            swift: gen/./out.txt
            notes: { template: n.mustache, path: Generated/sql/schema.sql }
        \(Self.table)
        """)
        try Data("n\n".utf8).write(to: directory.appendingPathComponent("n.mustache"))
        let run = try cli.run(["generate"], in: directory)
        #expect(run.status == 1)
        #expect(run.stderr.contains("schema.yaml:4:5: error: outputs 'swift' and 'drizzle' are both written to 'gen/./out.txt'"))
        #expect(run.stderr.contains("schema.yaml:5:5: error: outputs 'notes' and 'sql' are both written to 'Generated/sql/schema.sql'"))
        #expect(cli.files(directory) == ["n.mustache", "schema.yaml"])
    }

    @Test func nulEscapeInAStringIsALocatedError() throws {
        let directory = try cli.project("""
        tables:
          notes:
            comment: "before\\0after"
            rls: { deny_all: true }
            columns:
              id: { type: uuid, primary_key: true }

        """)
        let run = try cli.run(["generate"], in: directory)
        #expect(run.status == 1)
        #expect(run.stderr.contains("schema.yaml:3:14: error: YAML syntax error: a string holds a NUL character"))
        #expect(cli.files(directory) == ["schema.yaml"])
    }
}

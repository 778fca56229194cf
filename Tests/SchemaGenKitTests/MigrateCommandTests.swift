import Foundation
import Testing
@testable import SchemaGenKit

/// `schemagen migrate new` and the `check` guard, run as the built binary in temporary projects.
@Suite struct MigrateCommandTests {
    let cli = CLITests()

    static let first = """
    settings:
      exposed_schemas: []
    tables:
      users:
        columns:
          id: {type: uuid, primary_key: true}
          email: text
          bio: text?
    """

    func migrations(_ project: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: project.appendingPathComponent("migrations").path)) ?? []
        return names.filter(MigrationDirectory.isMigration).sorted()
    }

    func write(_ text: String, _ file: String, in project: URL) throws {
        try text.write(to: project.appendingPathComponent(file), atomically: true, encoding: .utf8)
    }

    func read(_ file: String, in project: URL) throws -> String {
        try String(contentsOf: project.appendingPathComponent(file), encoding: .utf8)
    }

    @Test func firstMigrationThenNothingThenTheGuard() throws {
        let project = try cli.project(Self.first)
        defer { try? FileManager.default.removeItem(at: project) }
        let dry = try cli.run(["migrate", "new", "init", "--dry-run"], in: project)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("CREATE TABLE public.users"))
        #expect(migrations(project).isEmpty, "--dry-run wrote a file")

        let created = try cli.run(["migrate", "new", "init"], in: project)
        #expect(created.status == 0, "\(created.stderr)")
        let files = migrations(project)
        #expect(files.count == 1 && files[0].hasSuffix("_init.sql"))
        #expect(try read("migrations/schema.snapshot.json", in: project).contains("\"email\""))
        #expect(try read("migrations/schemagen.sum", in: project).contains(files.first ?? "?"))

        let again = try cli.run(["migrate", "new", "again"], in: project)
        #expect(again.status == 0)
        #expect(again.stderr.contains("nothing to write"))
        #expect(migrations(project).count == 1)

        #expect(try cli.run(["generate"], in: project).status == 0)
        #expect(try cli.run(["check"], in: project).status == 0)

        try write(Self.first + "\n      age: integer?\n", "schema.yaml", in: project)
        #expect(try cli.run(["generate"], in: project).status == 0)
        let stale = try cli.run(["check"], in: project)
        #expect(stale.status == 1)
        #expect(stale.stdout.contains("differs from the last migration's snapshot"))
        #expect(stale.stdout.contains("migrate new NAME"))

        let second = try cli.run(["migrate", "new", "add_age"], in: project)
        #expect(second.status == 0, "\(second.stderr)")
        let both = migrations(project)
        #expect(both.count == 2)
        if both.count == 2 {
            #expect(both[1] > both[0], "versions must increase: \(both)")
            #expect(try read("migrations/" + both[1], in: project).contains("ALTER TABLE public.users ADD COLUMN age integer;"))
        }
        #expect(try cli.run(["check"], in: project).status == 0)
    }

    @Test func destructiveChangesAreRefusedWithTheirPlaces() throws {
        let project = try cli.project(Self.first)
        defer { try? FileManager.default.removeItem(at: project) }
        #expect(try cli.run(["migrate", "new", "init"], in: project).status == 0)
        try write(Self.first.replacingOccurrences(of: "      bio: text?\n", with: "").replacingOccurrences(of: "      bio: text?", with: ""),
                  "schema.yaml", in: project)
        let refused = try cli.run(["migrate", "new", "drop_bio"], in: project)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("schema.yaml:4:3: error: destructive: drops column public.users.bio"), "\(refused.stderr)")
        #expect(migrations(project).count == 1)
        let allowed = try cli.run(["migrate", "new", "drop_bio", "--allow-destructive"], in: project)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        let files = migrations(project)
        #expect(files.count == 2)
        if let last = files.last {
            #expect(try read("migrations/" + last, in: project).contains("-- DESTRUCTIVE: drops column public.users.bio"))
        }
    }

    @Test func plansThatCannotBeMadeWriteNothing() throws {
        let project = try cli.project(Self.first)
        defer { try? FileManager.default.removeItem(at: project) }
        #expect(try cli.run(["migrate", "new", "init"], in: project).status == 0)
        try write(Self.first.replacingOccurrences(of: "email: text", with: "mail: {type: text, renamed_from: emial}"), "schema.yaml", in: project)
        let refused = try cli.run(["migrate", "new", "next"], in: project)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("schema.yaml:7:40: error: 'renamed_from: emial' matches no column of public.users"), "\(refused.stderr)")
        #expect(refused.stderr.contains("nothing written"))
        try write(Self.first + "\n      age: integer\n", "schema.yaml", in: project)
        // A NOT NULL column without a default is planned (it applies to an empty table), with a warning that says
        // what happens on a table with rows and what to do instead; --dry-run says the same.
        let dryRun = try cli.run(["migrate", "new", "next", "--dry-run"], in: project)
        #expect(dryRun.status == 0)
        #expect(dryRun.stderr.contains("schema.yaml:9:7: warning: public.users.age is NOT NULL without a default: this fails if public.users has rows"), "\(dryRun.stderr)")
        #expect(migrations(project).count == 1)
        let notNull = try cli.run(["migrate", "new", "next"], in: project)
        #expect(notNull.status == 0)
        #expect(notNull.stderr.contains("schema.yaml:9:7: warning: public.users.age is NOT NULL without a default"), "\(notNull.stderr)")
        #expect(migrations(project).count == 2)
        let bad = try cli.run(["migrate", "new", "Bad-Name"], in: project)
        #expect(bad.status != 0)
    }

    @Test func damagedDirectoriesAreReportedAndNothingIsWritten() throws {
        let project = try cli.project(Self.first)
        defer { try? FileManager.default.removeItem(at: project) }
        #expect(try cli.run(["migrate", "new", "init"], in: project).status == 0)
        try write(Self.first + "\n      age: integer?\n", "schema.yaml", in: project)
        let file = try #require(migrations(project).first)

        let original = try read("migrations/" + file, in: project)
        try write(original + "\nDROP TABLE public.users;\n", "migrations/" + file, in: project)
        let edited = try cli.run(["migrate", "new", "next"], in: project)
        #expect(edited.status == 2)
        #expect(edited.stderr.contains("\(file): edited after it was generated"), "\(edited.stderr)")
        try write(original, "migrations/" + file, in: project)

        let snapshot = try read("migrations/schema.snapshot.json", in: project)
        try write("{ \"tables\": 3 ", "migrations/schema.snapshot.json", in: project)
        let garbage = try cli.run(["migrate", "new", "next"], in: project)
        #expect(garbage.status == 2)
        #expect(garbage.stderr.contains("schema.snapshot.json cannot be read: it is not valid JSON"), "\(garbage.stderr)")
        try write("{}", "migrations/schema.snapshot.json", in: project)
        let empty = try cli.run(["migrate", "new", "next"], in: project)
        #expect(empty.stderr.contains("schema.snapshot.json cannot be read: "), "\(empty.stderr)")
        #expect(empty.stderr.contains("is missing"))
        try write(snapshot, "migrations/schema.snapshot.json", in: project)

        try write("-- a copy\n", "migrations/" + file.replacingOccurrences(of: "_init", with: "_other"), in: project)
        let clash = try cli.run(["migrate", "new", "next"], in: project)
        #expect(clash.status == 2)
        #expect(clash.stderr.contains("have the same version"), "\(clash.stderr)")
        #expect(migrations(project).count == 2)
    }

    /// A file size limit (`ulimit -f`, the signal it raises ignored) fails writes as a full disk does, even for root.
    @Test func migrateNewWritesAllOrNone() throws {
        let project = try cli.project(Self.first)
        defer { try? FileManager.default.removeItem(at: project) }
        #expect(try cli.run(["migrate", "new", "init"], in: project).status == 0)
        let snapshot = try read("migrations/schema.snapshot.json", in: project)
        let sum = try read("migrations/schemagen.sum", in: project)
        #expect(snapshot.utf8.count > 1024, "the snapshot must be larger than the limit below")
        try write(Self.first + "\n      age: integer?\n", "schema.yaml", in: project)
        let binary = try #require(CLITests.binary)
        // One 512-byte block (dash) or 1 KiB (bash): room for the migration, not for the snapshot.
        let full = try cli.run(["-c", "trap '' XFSZ; ulimit -f 1; exec \"$0\" migrate new add_age", binary], in: project, binary: "/bin/sh")
        #expect(full.status == 2, "\(full.stderr)")
        #expect(full.stderr.contains("schemagen: error: cannot write migrations/schema.snapshot.json: File too large"), "\(full.stderr)")
        #expect(!full.stderr.contains("NSCocoaErrorDomain"))
        #expect(migrations(project).count == 1, "the migration was written without its snapshot")
        #expect(try read("migrations/schema.snapshot.json", in: project) == snapshot)
        #expect(try read("migrations/schemagen.sum", in: project) == sum)
        let left = try FileManager.default.contentsOfDirectory(atPath: project.appendingPathComponent("migrations").path)
        #expect(left.sorted() == (migrations(project) + ["schema.snapshot.json", "schemagen.sum"]).sorted(), "\(left)")
        #expect(try cli.run(["migrate", "new", "add_age"], in: project).status == 0)
        #expect(migrations(project).count == 2)

        // A directory that cannot be made: its parent is a file.
        let yaml = Self.first.replacingOccurrences(of: "  exposed_schemas: []", with: "  exposed_schemas: []\n  migrations:\n    dir: blocker/migrations")
        try write(yaml, "schema.yaml", in: project)
        try write("", "blocker", in: project)
        let blocked = try cli.run(["migrate", "new", "init"], in: project)
        #expect(blocked.status == 2)
        #expect(blocked.stderr.contains("schemagen: error: cannot write blocker/migrations: Not a directory"), "\(blocked.stderr)")

        // A read-only directory (root writes into one anyway).
        if geteuid() != 0 {
            try write(Self.first + "\n      age: integer?\n      nick: text?\n", "schema.yaml", in: project)
            let directory = project.appendingPathComponent("migrations").path
            chmod(directory, 0o555)
            defer { chmod(directory, 0o755) }
            let readOnly = try cli.run(["migrate", "new", "add_nick"], in: project)
            #expect(readOnly.status == 2)
            #expect(readOnly.stderr.contains("Permission denied"), "\(readOnly.stderr)")
            #expect(migrations(project).count == 2)
        }
    }

    @Test func alembicRevisionsChain() throws {
        let yaml = Self.first.replacingOccurrences(of: "  exposed_schemas: []", with: "  exposed_schemas: []\n  migrations:\n    format: alembic\n    dir: db/versions")
        let project = try cli.project(yaml)
        defer { try? FileManager.default.removeItem(at: project) }
        #expect(try cli.run(["migrate", "new", "init"], in: project).status == 0)
        try write(yaml + "\n      age: integer?\n", "schema.yaml", in: project)
        #expect(try cli.run(["migrate", "new", "add_age"], in: project).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: project.appendingPathComponent("db/versions").path)
            .filter { $0.hasSuffix(".py") }.sorted()
        #expect(names.count == 2)
        guard names.count == 2 else { return }
        let first = try read("db/versions/" + names[0], in: project)
        let second = try read("db/versions/" + names[1], in: project)
        let firstVersion = String(names[0].prefix(14))
        #expect(first.contains("revision = \"\(firstVersion)\"\ndown_revision = None"))
        #expect(second.contains("down_revision = \"\(firstVersion)\""))
        #expect(second.contains("op.execute(\n        \"ALTER TABLE public.users ADD COLUMN age integer;\"\n    )"), "\(second)")
    }
}

/// The snapshot and the integrity file on their own.
@Suite struct MigrationSnapshotTests {
    @Test func snapshotsRoundTripWithoutPlacesOrHash() throws {
        let result = TestEnvironment.compile(MigrateCommandTests.first + "\n    rls:\n      policies:\n        - {name: p, command: select, using: 'true'}\n")
        let schema = try #require(result.schema)
        let text = try MigrationSnapshot.encode(schema)
        #expect(!text.contains("\"location\""))
        #expect(!text.contains(schema.sourceHash))
        #expect(try MigrationSnapshot.encode(try MigrationSnapshot.decode(text)) == text)
        let back = try MigrationSnapshot.decode(text)
        #expect(back.tables.map(\.columns) == schema.tables.map(\.columns))
        #expect(back.origins == nil)
        #expect(MigrationPlanner.plan(from: back, to: schema, file: "schema.yaml").isEmpty)
    }

    @Test func snapshotsRecordTheirFormatAndReadOlderOnesWithDefaults() throws {
        let schema = try #require(TestEnvironment.compile(MigrateCommandTests.first).schema)
        let text = try MigrationSnapshot.encode(schema)
        #expect(text.contains("\"formatVersion\" : \(MigrationSnapshot.formatVersion)"))
        // A format-1 snapshot: no version, none of the keys added since.
        var tree = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        tree.removeValue(forKey: "formatVersion")
        for key in ["extensions", "sequences", "declaredTypes", "domains", "views"] { tree.removeValue(forKey: key) }
        var settings = try #require(tree["settings"] as? [String: Any])
        settings.removeValue(forKey: "constraintNames")
        settings.removeValue(forKey: "migrations")
        tree["settings"] = settings
        let old = String(decoding: try JSONSerialization.data(withJSONObject: tree), as: UTF8.self)
        let back = try MigrationSnapshot.decode(old)
        #expect(back.settings.constraintNames == .postgres)
        #expect(back.settings.migrations == MigrationSettings())
        #expect(back.views.isEmpty && back.domains.isEmpty && back.extensions.isEmpty)
        #expect(back.tables.map(\.columns) == schema.tables.map(\.columns))
        #expect(MigrationPlanner.plan(from: back, to: schema, file: "schema.yaml").isEmpty)
        // A newer format is refused with a message that says so.
        tree["formatVersion"] = MigrationSnapshot.formatVersion + 1
        let newer = String(decoding: try JSONSerialization.data(withJSONObject: tree), as: UTF8.self)
        do {
            _ = try MigrationSnapshot.decode(newer)
            Issue.record("decoded a snapshot of a newer format")
        } catch {
            #expect("\(error)".contains("newer schemagen"), "\(error)")
        }
    }

    @Test func garbageIsAnErrorSayingWhere() {
        #expect(throws: MigrationSnapshot.Unreadable.self) { try MigrationSnapshot.decode("[1, 2]") }
        do {
            _ = try MigrationSnapshot.decode("{\"tables\": 1}")
            Issue.record("decoded garbage")
        } catch {
            #expect("\(error)".contains("missing") || "\(error)".contains("wrong type"), "\(error)")
        }
    }

    @Test func sumNoticesEditedMissingAndUnrecordedFiles() {
        let files = [(name: "20250101000000_a.sql", contents: "A"), (name: "20250102000000_b.sql", contents: "B")]
        let sum = MigrationSum.render(files)
        #expect(MigrationSum.verify(sum, files: files).isEmpty)
        #expect(MigrationSum.verify(sum, files: [files[0], (name: files[1].name, contents: "B2")]) == ["20250102000000_b.sql: edited after it was generated (its checksum differs)"])
        #expect(MigrationSum.verify(sum, files: [files[0]]) == ["20250102000000_b.sql: recorded in schemagen.sum but missing"])
        #expect(MigrationSum.verify(sum, files: files + [(name: "20250103000000_c.sql", contents: "C")]).count == 1)
        #expect(MigrationSum.verify(sum.replacingOccurrences(of: "total sha256:", with: "total sha256:0"), files: files).count == 1)
    }

    @Test func renameDeclarationsAreValidated() {
        let result = TestEnvironment.compile("""
        enums:
          status: {renamed_from: status, values: [a, {b: {renamed_from: a}}]}
        tables:
          users:
            renamed_from: people
            columns:
              id: {type: uuid, primary_key: true}
              email: {type: text, renamed_from: id}
              name: {type: text, using: ""}
          people:
            columns:
              id: uuid
        """)
        let messages = result.diagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(messages == [
            "schema.yaml:2:26: error: 'renamed_from: status' names the object itself in enums.status.renamed_from (remove 'renamed_from')",
            "schema.yaml:2:65: error: 'renamed_from: a' names enum value 'a', which is still declared (a rename keeps one enum value; remove the old declaration or the 'renamed_from')",
            "schema.yaml:5:19: error: 'renamed_from: people' names table 'people', which is still declared (a rename keeps one table; remove the old declaration or the 'renamed_from')",
            "schema.yaml:8:41: error: 'renamed_from: id' names column 'id', which is still declared (a rename keeps one column; remove the old declaration or the 'renamed_from')",
            "schema.yaml:9:33: error: 'using' needs an SQL expression in tables.users.columns.name.using",
        ], "\(messages)")
    }

    @Test func sequenceAndDomainRenamesAreValidated() {
        let result = TestEnvironment.compile("""
        sequences:
          order_numbers: {renamed_from: order_numbers}
          invoice_numbers: {renamed_from: spare}
          spare:
        domains:
          email: {type: text, renamed_from: public.email}
          phone: {type: text, renamed_from: email}
        tables:
          users:
            columns:
              id: {type: uuid, primary_key: true}
        """)
        let messages = result.diagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(messages == [
            "schema.yaml:2:33: error: 'renamed_from: order_numbers' names the object itself in sequences.order_numbers.renamed_from (remove 'renamed_from')",
            "schema.yaml:3:35: error: 'renamed_from: spare' names sequence 'spare', which is still declared (a rename keeps one sequence; remove the old declaration or the 'renamed_from')",
            "schema.yaml:6:37: error: 'renamed_from: public.email' names the object itself in domains.email.renamed_from (remove 'renamed_from')",
            "schema.yaml:7:37: error: 'renamed_from: email' names domain 'email', which is still declared (a rename keeps one domain; remove the old declaration or the 'renamed_from')",
        ], "\(messages)")
    }
}

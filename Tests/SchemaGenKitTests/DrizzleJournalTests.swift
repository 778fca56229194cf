import Foundation
import Testing
@testable import SchemaGenKit

/// drizzle-kit's journal: read, extended in its own layout, and compared with drizzle's table by its migrator's rule.
@Suite struct DrizzleJournalTests {
    /// A journal as drizzle-kit writes it: `JSON.stringify(journal, null, 2)`, no final newline.
    static let written = """
    {
      "version": "7",
      "dialect": "postgresql",
      "entries": [
        {
          "idx": 0,
          "version": "7",
          "when": 1700000000000,
          "tag": "0000_init",
          "breakpoints": true
        }
      ]
    }
    """

    @Test func readsAndRendersDrizzleKitsLayout() throws {
        let journal = try DrizzleJournal.parse(Self.written)
        #expect(journal.entries == [.init(idx: 0, version: "7", when: 1_700_000_000_000, tag: "0000_init", breakpoints: true)])
        #expect(journal.render() == Self.written)
        #expect(DrizzleJournal().render() == "{\n  \"version\": \"7\",\n  \"dialect\": \"postgresql\",\n  \"entries\": []\n}")
        #expect(throws: DrizzleJournal.JournalError.self) { try DrizzleJournal.parse("{\"entries\": 3}") }
    }

    @Test func theNextEntryComesAfterEveryEarlierOne() throws {
        let journal = try DrizzleJournal.parse(Self.written)
        let next = journal.nextEntry(name: "add_notes", milliseconds: 1_800_000_000_000)
        #expect(next == .init(idx: 1, version: "7", when: 1_800_000_000_000, tag: "0001_add_notes", breakpoints: true))
        // A clock behind the last entry would make the migrator skip the migration.
        #expect(journal.nextEntry(name: "late", milliseconds: 5).when == 1_700_000_000_001)
    }

    @Test func appendingKeepsTheRestOfTheFile() throws {
        let entry = DrizzleJournal.Entry(idx: 1, version: "7", when: 1_800_000_000_000, tag: "0001_b", breakpoints: true)
        let appended = try #require(DrizzleJournal.appending(entry, to: Self.written))
        var expected = try DrizzleJournal.parse(Self.written)
        expected.entries.append(entry)
        #expect(appended == expected.render())
        let tabs = Self.written.replacingOccurrences(of: "  ", with: "\t") + "\n"
        let appendedToTabs = try #require(DrizzleJournal.appending(entry, to: tabs))
        #expect(appendedToTabs.hasPrefix(String(tabs.dropLast(6))) && appendedToTabs.hasSuffix("\t]\n}\n"))
        #expect(try DrizzleJournal.parse(appendedToTabs).entries.last == entry)
        #expect(DrizzleJournal.appending(entry, to: DrizzleJournal().render()) == nil)
    }

    @Test func statementsAreThePartsBetweenBreakpoints() {
        let text = "-- header\nCREATE TABLE a (id int);\n--> statement-breakpoint\n\nALTER TABLE a ADD b int;\n--> statement-breakpoint\n"
        #expect(DrizzleJournal.statements(text) == [.init(text: "-- header\nCREATE TABLE a (id int);", line: 1),
                                                   .init(text: "ALTER TABLE a ADD b int;", line: 5)])
        // What node's crypto.createHash('sha256').update(text).digest('hex') gives.
        #expect(DrizzleJournal.hash("SELECT 1;") == "17db4fd369edb9244b9f91d9aeed145c3d04ad8ba6e95d06247f07a63527d11a")
    }

    @Test func pendingIsEveryEntryAfterTheLastRowsCreatedAt() throws {
        var journal = try DrizzleJournal.parse(Self.written)
        journal.entries.append(journal.nextEntry(name: "b", milliseconds: 1_800_000_000_000))
        let files = [(name: "0000_init.sql", contents: "SELECT 1;"), (name: "0001_b.sql", contents: "SELECT 2;")]
        let directory = MigrationDirectory(migrations: files, snapshot: nil, sum: nil, format: .drizzle, journal: journal.render())
        let first = MigrationApplyPlan.DrizzleRecord(hash: DrizzleJournal.hash("SELECT 1;"), createdAt: 1_700_000_000_000)
        #expect(MigrationApplyPlan.make(drizzle: directory, applied: [], last: nil).pending.map(\.fileName) == ["0000_init.sql", "0001_b.sql"])
        let plan = MigrationApplyPlan.make(drizzle: directory, applied: [first], last: first)
        #expect(plan.pending.map(\.fileName) == ["0001_b.sql"] && plan.problems.isEmpty)
        #expect(plan.pending.first?.drizzle == .init(hash: DrizzleJournal.hash("SELECT 2;"), createdAt: 1_800_000_000_000))
        let edited = MigrationApplyPlan.DrizzleRecord(hash: "0", createdAt: 1_700_000_000_000)
        #expect(MigrationApplyPlan.make(drizzle: directory, applied: [edited], last: edited).problems.first?.contains("0000_init.sql was changed") == true)
        #expect(directory.historyProblems().isEmpty)
        let missing = MigrationDirectory(migrations: [files[0], (name: "0002_x.sql", contents: "")], snapshot: nil, sum: nil,
                                         format: .drizzle, journal: journal.render())
        #expect(missing.historyProblems().count == 2)
    }
}

/// Reading the chain of an Alembic versions folder.
@Suite struct AlembicLinkTests {
    @Test func readsPlainAnnotatedAndMergeForms() {
        let annotated = "revision: str = \"3f2a\"\ndown_revision: Union[str, None] = None\n"
        let plain = "\"\"\"x\n\nRevision ID: zzz\n\"\"\"\nrevision = 'a81b'\ndown_revision = '3f2a'  # the first\n"
        let merge = "revision = \"d00d\"\ndown_revision = ('a81b', \"c0ff\")\n"
        let branch = "revision = 'c0ff'\ndown_revision = '3f2a'\n"
        #expect(AlembicRevision.link(fileName: "a.py", contents: annotated) == .init(fileName: "a.py", revision: "3f2a", downRevisions: []))
        #expect(AlembicRevision.link(fileName: "b.py", contents: plain)?.downRevisions == ["3f2a"])
        #expect(AlembicRevision.link(fileName: "m.py", contents: merge)?.downRevisions == ["a81b", "c0ff"])
        #expect(AlembicRevision.link(fileName: "n.py", contents: "import os\n") == nil)
        let links = [annotated, plain, branch].enumerated().compactMap { AlembicRevision.link(fileName: "\($0.offset).py", contents: $0.element) }
        #expect(AlembicRevision.heads(links).sorted() == ["a81b", "c0ff"])
        let merged = links + [AlembicRevision.link(fileName: "m.py", contents: merge)].compactMap { $0 }
        #expect(AlembicRevision.heads(merged) == ["d00d"])
        #expect(AlembicRevision.ancestry(of: "a81b", in: merged) == ["a81b", "3f2a"])
    }

    @Test func aBaselineRecordsTheAlembicHead() throws {
        let baseline = MigrationBaseline(version: nil, revision: "a81b55e0c2f6", appliedWithoutFile: [])
        #expect(try MigrationBaseline.parse(baseline.render()) == baseline)
        #expect(throws: MigrationBaseline.BaselineError.self) { try MigrationBaseline.parse("revision a-b\n") }
        // drizzle's `when`: longer digit strings are later.
        #expect(MigrationBaseline(version: "999", appliedWithoutFile: []).isHistory("1000") == false)
    }
}

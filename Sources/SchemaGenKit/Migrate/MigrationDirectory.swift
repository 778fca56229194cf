/// The migrations directory as data: its migration files, snapshot and integrity file in, the files of a new
/// migration out. The CLI reads and writes; this decides.
public struct MigrationDirectory: Sendable {
    /// Migration files (`<version>_<name>.sql` or `.py`) with their contents.
    public var migrations: [(name: String, contents: String)]
    /// The snapshot's text, if there is one.
    public var snapshot: String?
    /// The integrity file's text, if there is one.
    public var sum: String?
    /// The baseline's text, if another tool wrote the directory's first migrations.
    public var baseline: String?
    /// The format of its migrations (settings.migrations.format).
    public var format: MigrationSettings.Format
    /// drizzle-kit's journal's text (`meta/_journal.json`), if there is one.
    public var journal: String?

    /// Creates a directory description.
    public init(migrations: [(name: String, contents: String)], snapshot: String?, sum: String?, baseline: String? = nil,
                format: MigrationSettings.Format = .sql, journal: String? = nil) {
        self.migrations = migrations
        self.snapshot = snapshot
        self.sum = sum
        self.baseline = baseline
        self.format = format
        self.journal = journal
    }

    /// The baseline, if there is one (nil also when it cannot be read: `problems()` says so).
    public var parsedBaseline: MigrationBaseline? {
        baseline.flatMap { try? MigrationBaseline.parse($0) }
    }

    /// Whether a file name is a migration: 14 digits, `_`, a name, `.sql` or `.py`.
    public static func isMigration(_ fileName: String) -> Bool {
        version(of: fileName) != nil && (fileName.hasSuffix(".sql") || fileName.hasSuffix(".py"))
    }

    /// Whether a file name is a migration in a directory of `format`: also any `.py` revision of an Alembic
    /// directory and any `.sql` file of a drizzle-kit one, whose names follow those tools' conventions.
    public static func isMigration(_ fileName: String, format: MigrationSettings.Format) -> Bool {
        guard !fileName.hasPrefix("."), !fileName.hasPrefix("_") else { return false }
        switch format {
        case .sql: return isMigration(fileName)
        case .alembic: return isMigration(fileName) || fileName.hasSuffix(".py")
        case .drizzle: return fileName.hasSuffix(".sql")
        }
    }

    /// The Alembic links of the directory's revision files.
    public var alembicLinks: [AlembicRevision.Link] {
        migrations.filter { $0.name.hasSuffix(".py") }.compactMap { AlembicRevision.link(fileName: $0.name, contents: $0.contents) }
    }

    /// The drizzle-kit journal: nil when the directory has none (an empty one is made for the first migration).
    public func parsedJournal() throws -> DrizzleJournal? {
        try journal.map(DrizzleJournal.parse)
    }

    /// Why another tool's history in the directory cannot be built on: an unreadable drizzle-kit journal, a journal
    /// entry without its file or a file without its entry, an Alembic chain with more than one head.
    public func historyProblems() -> [String] {
        switch format {
        case .sql:
            return []
        case .alembic:
            let heads = AlembicRevision.heads(alembicLinks)
            guard heads.count > 1 else { return [] }
            return ["the Alembic revisions have \(heads.count) heads (\(heads.sorted().joined(separator: ", "))), so a new revision "
                    + "could follow none of them; merge them first (alembic merge heads)"]
        case .drizzle:
            let parsed: DrizzleJournal?
            do { parsed = try parsedJournal() } catch let error as DrizzleJournal.JournalError {
                return [error.message]
            } catch { return ["\(error)"] }
            guard let parsed else {
                return migrations.isEmpty ? [] : ["there are migrations but no \(DrizzleJournal.fileName) (drizzle-kit's journal); restore it from version control"]
            }
            let files = Set(migrations.map(\.name))
            let listed = Set(parsed.entries.map(\.fileName))
            var result = parsed.entries.filter { !files.contains($0.fileName) }.map {
                "\(DrizzleJournal.fileName) lists \($0.tag) but there is no \($0.fileName); restore it from version control"
            }
            result += migrations.map(\.name).filter { !listed.contains($0) }.map {
                "\($0) is not in \(DrizzleJournal.fileName), so drizzle's migrator would never apply it; add it to the journal or remove it"
            }
            let whens = parsed.entries.map(\.when)
            if zip(whens, whens.dropFirst()).contains(where: { $0 >= $1 }) {
                result.append("the entries of \(DrizzleJournal.fileName) are not in increasing `when` order, so drizzle's migrator would skip some")
            }
            return result
        }
    }

    /// The version of a migration file name.
    public static func version(of fileName: String) -> String? {
        let digits = fileName.prefix(14)
        guard digits.count == 14, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              fileName.dropFirst(14).first == "_" else { return nil }
        return String(digits)
    }

    /// Whether a migration name is usable in a file name: lower-case letters, digits and `_`.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 100 && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// Why the directory cannot be trusted (an unreadable snapshot, an edited migration, two migrations with one
    /// version); empty when it can.
    public func problems() -> [String] {
        var result = Self.duplicateVersions(migrations) + historyProblems()
        if let baseline {
            do { _ = try MigrationBaseline.parse(baseline) } catch let error as MigrationBaseline.BaselineError {
                result.append(error.message + "; restore it from version control")
            } catch {}
        }
        if let snapshot {
            do { _ = try MigrationSnapshot.decode(snapshot) } catch {
                result.append("\(MigrationSnapshot.fileName) cannot be read: \(error); restore it from version control (git checkout -- it)")
            }
        } else if !migrations.isEmpty {
            result.append("there are migrations but no \(MigrationSnapshot.fileName); restore it from version control, or, for "
                + "migrations another tool wrote, take them over with `schemagen migrate baseline`")
        }
        if let sum {
            result += MigrationSum.verify(sum, files: migrations)
        } else if !migrations.isEmpty {
            result.append("there are migrations but no \(MigrationSnapshot.sumFileName); restore it from version control")
        }
        return result
    }

    /// Where `bytes` stop being UTF-8: the byte offset (0-based) and line (1-based) of the first invalid sequence,
    /// or nil when they are valid. A migration in another encoding would otherwise run with U+FFFD in its text.
    public static func invalidUTF8(_ bytes: [UInt8]) -> (offset: Int, line: Int)? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        var line = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
                if scalar == "\n" { line += 1 }
            case .emptyInput:
                return nil
            case .error:
                return (offset, line)
            }
        }
    }

    /// One problem for each migration file whose version an earlier file (by name) already has: only one of them
    /// could ever be applied and recorded.
    public static func duplicateVersions(_ files: [(name: String, contents: String)]) -> [String] {
        var result: [String] = []
        var versions: [String: String] = [:]
        for name in files.map(\.name).sorted() {
            guard let version = version(of: name) else { continue }
            if let other = versions[version] {
                result.append("\(other) and \(name) have the same version \(version), so only one of them could be applied (two branches added migrations? keep one, and make the other again)")
            } else {
                versions[version] = name
            }
        }
        return result
    }

    /// The state recorded by the last migration, or nil before the first.
    public func recordedSchema() throws -> Schema? {
        try snapshot.map(MigrationSnapshot.decode)
    }

    /// What `migrate new` produced.
    public struct NewMigration: Sendable {
        /// The plan (its diagnostics include the errors that stopped it).
        public var plan: MigrationPlan
        /// Files to write, relative to the migrations directory: the migration files, the snapshot, the sum.
        public var files: [(name: String, contents: String)]
        /// The names of the new migration files (a subset of `files`).
        public var migrationNames: [String]
    }

    /// Plans the migration from the recorded state to `schema` and renders its files; `timestamp` is the current
    /// UTC time as `YYYYMMDDHHMMSS`, `milliseconds` the same time since 1970 (drizzle-kit's `when`). Files are empty
    /// when the plan is empty or has errors.
    public func newMigration(_ schema: Schema, name: String, timestamp: String, milliseconds: Int64 = 0,
                             file: String) throws -> NewMigration {
        let before = try recordedSchema() ?? MigrationPlanner.emptySchema(like: schema)
        let plan = MigrationPlanner.plan(from: before, to: schema, file: file)
        guard !plan.isEmpty, !plan.hasErrors else { return NewMigration(plan: plan, files: [], migrationNames: []) }
        let last = migrations.compactMap { Self.version(of: $0.name) }.max()
        var version = UInt64(timestamp) ?? 0
        if let last, let value = UInt64(last), value >= version { version = value + 1 }
        var previous = AlembicRevision.heads(alembicLinks).first
        var journal = try parsedJournal() ?? DrizzleJournal()
        var journalText = self.journal
        var written: [(name: String, contents: String)] = []
        let format = schema.settings.migrations.format
        for part in plan.files(sourceName: schema.sourceName, breakpoint: format == .drizzle ? DrizzleJournal.breakpoint : nil) {
            let fileName = "\(version)_\(name)\(part.suffix)"
            switch format {
            case .drizzle:
                let entry = journal.nextEntry(name: name + part.suffix, milliseconds: milliseconds)
                journal.entries.append(entry)
                // The journal keeps its own layout; one that drizzle-kit did not lay out is written as drizzle-kit would.
                journalText = journalText.flatMap { DrizzleJournal.appending(entry, to: $0) } ?? journal.render()
                written.append((entry.fileName, part.contents))
            case .sql:
                written.append((fileName + ".sql", part.contents))
            case .alembic:
                let revision = String(version)
                written.append((fileName + ".py", AlembicRevision.render(part, name: name + part.suffix, revision: revision,
                                                                         downRevision: previous, sourceName: schema.sourceName)))
                previous = revision
            }
            version += 1
        }
        let names = written.map(\.name)
        if format == .drizzle, let journalText { written.append((DrizzleJournal.fileName, journalText)) }
        written.append((MigrationSnapshot.fileName, try MigrationSnapshot.encode(schema)))
        written.append((MigrationSnapshot.sumFileName, MigrationSum.render(migrations + written.filter { names.contains($0.name) })))
        return NewMigration(plan: plan, files: written, migrationNames: names)
    }
}

/// What `migrate apply` will run: the migrations of the directory the database has not applied, in version order,
/// after checking that every applied migration is still in the directory with the same statements.
public struct MigrationApplyPlan: Sendable {
    /// A migration as it is recorded in `supabase_migrations.schema_migrations`.
    public struct Applied: Sendable, Equatable {
        /// The version (the file name's 14 digits).
        public var version: String
        /// The statements recorded when it was applied (nil when a tool recorded none).
        public var statements: [String]?
        /// Creates a record.
        public init(version: String, statements: [String]?) {
            self.version = version
            self.statements = statements
        }
    }

    /// A migration to run.
    public struct Pending: Sendable {
        /// Its file name.
        public var fileName: String
        /// Its version.
        public var version: String
        /// Its name: the file name without the version, `_` and `.sql`.
        public var name: String
        /// Its statements.
        public var statements: [SQLStatementSplitter.Statement]
        /// Whether it runs in one transaction (the planner marks the files that cannot).
        public var transactional: Bool
        /// For a drizzle-kit migration, the row drizzle-orm's migrator records for it.
        public var drizzle: DrizzleRecord? = nil
        /// For an Alembic revision, the revisions `alembic_version` moves from (none for the first).
        public var alembicDownRevisions: [String]? = nil
    }

    /// A row of `drizzle.__drizzle_migrations`: the SHA-256 of the file's text and the journal entry's `when`.
    public struct DrizzleRecord: Sendable, Equatable {
        /// The file's hash.
        public var hash: String
        /// The journal entry's `when` (nil in a row written without one).
        public var createdAt: Int64?
        /// Creates a record.
        public init(hash: String, createdAt: Int64?) {
            self.hash = hash
            self.createdAt = createdAt
        }
    }

    /// The migrations to run, in order.
    public var pending: [Pending]
    /// Why nothing may run (an edited applied migration, an applied version missing from the directory, two files
    /// with one version).
    public var problems: [String]
    /// Why the pending migrations may not run, though they may be recorded (`--record-only`): a transaction
    /// statement in a migration that runs in a transaction, as `<file>:<line>: <why>`.
    public var runProblems: [String] = []

    /// The header line with which the planner marks a file that must run outside a transaction.
    public static let nonTransactionalMarker = "-- Outside a transaction"

    /// Compares the directory's SQL migrations with the applied ones.
    /// `baseline`: the history another tool wrote before schemagen took the directory over (its versions need no
    /// file, and what that tool recorded is not compared).
    public static func make(files: [(name: String, contents: String)], applied: [Applied],
                            baseline: MigrationBaseline? = nil) -> MigrationApplyPlan {
        var problems: [String] = []
        var pending: [Pending] = []
        let sqlFiles = files.filter { $0.name.hasSuffix(".sql") && MigrationDirectory.version(of: $0.name) != nil }
            .sorted { $0.name < $1.name }
        if let python = files.first(where: { $0.name.hasSuffix(".py") && MigrationDirectory.isMigration($0.name) }) {
            problems.append("\(python.name) is an Alembic revision: apply those with `alembic upgrade head`")
        }
        problems += MigrationDirectory.duplicateVersions(sqlFiles)
        let byVersion = Dictionary(sqlFiles.map { (MigrationDirectory.version(of: $0.name) ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        let appliedVersions = Set(applied.map(\.version))
        for record in applied.sorted(by: { $0.version < $1.version }) {
            if let baseline, baseline.isHistory(record.version) { continue }
            guard let file = byVersion[record.version] else {
                problems.append("version \(record.version) is applied to the database but no migration file has it (restore the file from version control)")
                continue
            }
            if let recorded = record.statements {
                let now = SQLStatementSplitter.split(file.contents).map(\.text)
                if normalized(recorded) != normalized(now) {
                    problems.append("\(file.name) was changed after it was applied (its statements differ from the ones recorded in supabase_migrations.schema_migrations); write a new migration instead")
                }
            }
        }
        for file in sqlFiles {
            guard let version = MigrationDirectory.version(of: file.name), !appliedVersions.contains(version) else { continue }
            let name = String(file.name.dropFirst(15).dropLast(4))
            pending.append(Pending(fileName: file.name, version: version, name: name,
                                   statements: SQLStatementSplitter.split(file.contents), transactional: isTransactional(file.contents)))
        }
        if let lastApplied = appliedVersions.max(), let early = pending.first(where: { $0.version < lastApplied }) {
            problems.append("\(early.fileName) is older than the last applied migration \(lastApplied) (merged from another branch?); give it a later version")
        }
        return MigrationApplyPlan(pending: pending, problems: problems, runProblems: runProblems(pending))
    }

    /// Compares drizzle-kit's journal with the rows of `drizzle.__drizzle_migrations`, by drizzle-orm's migrator's
    /// rule: pending is every entry whose `when` is greater than the `created_at` of `last` (the row its
    /// `ORDER BY created_at DESC LIMIT 1` returns), all of them when there is none. Entries schemagen wrote (after the
    /// baseline) must still have the hash recorded for them.
    public static func make(drizzle directory: MigrationDirectory, applied: [DrizzleRecord], last: DrizzleRecord?) -> MigrationApplyPlan {
        let journal: DrizzleJournal
        do { journal = try directory.parsedJournal() ?? DrizzleJournal() } catch {
            return MigrationApplyPlan(pending: [], problems: [(error as? DrizzleJournal.JournalError)?.message ?? "\(error)"])
        }
        let baseline = directory.parsedBaseline
        var problems: [String] = []
        var pending: [Pending] = []
        let contents = Dictionary(directory.migrations.map { ($0.name, $0.contents) }, uniquingKeysWith: { first, _ in first })
        for entry in journal.entries {
            guard let text = contents[entry.fileName] else {
                problems.append("\(DrizzleJournal.fileName) lists \(entry.tag) but there is no \(entry.fileName); restore it from version control")
                continue
            }
            let hash = DrizzleJournal.hash(text)
            if let last, Int64(last.createdAt ?? 0) >= entry.when {
                if baseline?.isHistory(String(entry.when)) == true { continue }
                let rows = applied.filter { $0.createdAt == entry.when }
                if rows.isEmpty {
                    problems.append("\(entry.fileName) is older than the last applied migration (its `when` \(entry.when) is not after "
                                    + "\(last.createdAt ?? 0), merged from another branch?), so drizzle's migrator would never run it; make it again")
                } else if !rows.contains(where: { $0.hash == hash }) {
                    problems.append("\(entry.fileName) was changed after it was applied (its hash differs from the one recorded in "
                                    + "\(DrizzleJournal.table)); write a new migration instead")
                }
                continue
            }
            pending.append(Pending(fileName: entry.fileName, version: String(entry.when), name: entry.tag,
                                   statements: DrizzleJournal.statements(text), transactional: isTransactional(text),
                                   drizzle: DrizzleRecord(hash: hash, createdAt: entry.when)))
        }
        return MigrationApplyPlan(pending: pending, problems: problems, runProblems: runProblems(pending))
    }

    /// Compares Alembic's chain of revisions with `alembic_version` (`current`, its rows): pending is every revision
    /// neither recorded there nor followed by one that is, oldest first, as `alembic upgrade head` runs them. Each
    /// must be a revision schemagen wrote, whose SQL it reads back; another (hand-written, autogenerated) only Alembic
    /// can run.
    public static func make(alembic directory: MigrationDirectory, current: [String]) -> MigrationApplyPlan {
        let links = directory.alembicLinks
        var problems: [String] = []
        let known = Set(links.map(\.revision))
        for version in current where !known.contains(version) {
            problems.append("alembic_version records \(version), but no revision file has it (restore the file from version control)")
        }
        var applied: Set<String> = []
        for version in current { applied.formUnion(AlembicRevision.ancestry(of: version, in: links)) }
        // Oldest first: a revision after every revision it follows.
        var ordered: [AlembicRevision.Link] = []
        var placed: Set<String> = []
        var remaining = links.sorted { $0.fileName < $1.fileName }
        while !remaining.isEmpty {
            let ready = remaining.filter { $0.downRevisions.allSatisfy { placed.contains($0) || !known.contains($0) } }
            guard !ready.isEmpty else {
                problems.append("the revisions \(remaining.map(\.revision).joined(separator: ", ")) follow each other in a cycle")
                break
            }
            ordered += ready
            placed.formUnion(ready.map(\.revision))
            remaining.removeAll { placed.contains($0.revision) }
        }
        let contents = Dictionary(directory.migrations.map { ($0.name, $0.contents) }, uniquingKeysWith: { first, _ in first })
        var pending: [Pending] = []
        for link in ordered where !applied.contains(link.revision) {
            guard let text = contents[link.fileName], let upgrade = AlembicRevision.upgradeStatements(text) else {
                problems.append("\(link.fileName) is not a revision schemagen wrote, so only Alembic can run it: run `alembic upgrade head`")
                continue
            }
            let name = link.fileName.hasSuffix(".py") ? String(link.fileName.dropLast(3)) : link.fileName
            pending.append(Pending(fileName: link.fileName, version: link.revision, name: name,
                                   statements: upgrade.statements.map { SQLStatementSplitter.Statement(text: $0, line: 1) },
                                   transactional: upgrade.transactional, alembicDownRevisions: link.downRevisions))
        }
        return MigrationApplyPlan(pending: pending, problems: problems, runProblems: runProblems(pending))
    }

    /// Whether a migration file runs in a transaction: the planner marks in its header the ones that cannot.
    private static func isTransactional(_ contents: String) -> Bool {
        let header = contents.split(separator: "\n", omittingEmptySubsequences: false).prefix { $0.hasPrefix("--") || $0.isEmpty }
        return !header.contains { $0.hasPrefix(nonTransactionalMarker) }
    }

    /// A transaction statement in a migration that runs in a transaction, as `<file>:<line>: <why>`.
    private static func runProblems(_ pending: [Pending]) -> [String] {
        var runProblems: [String] = []
        for migration in pending where migration.transactional {
            for statement in migration.statements {
                guard let keyword = transactionControl(statement.text) else { continue }
                runProblems.append("\(migration.fileName):\(statement.line): \(keyword) would end the transaction this migration runs in, "
                                   + "so a failure after it could not be rolled back; remove it (each migration already runs in its own transaction)")
            }
        }
        return runProblems
    }

    /// The index and table of a `CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ON [ONLY] table`: the
    /// index's name as PostgreSQL stores it, and the table as a quoted, possibly qualified name for `to_regclass`.
    public static func concurrentIndex(_ statement: String) -> (index: String, table: String)? {
        var tokens = SQLWordScanner.tokens(statement)[...]
        func take(_ word: String) -> Bool {
            guard let token = tokens.first, !token.quoted, token.text.uppercased() == word else { return false }
            tokens = tokens.dropFirst()
            return true
        }
        func name() -> String? {
            guard let token = tokens.first, token.quoted || token.text.first.map({ $0.isLetter || $0 == "_" }) == true else { return nil }
            tokens = tokens.dropFirst()
            return token.quoted ? token.text : token.text.lowercased()
        }
        guard take("CREATE") else { return nil }
        _ = take("UNIQUE")
        guard take("INDEX"), take("CONCURRENTLY") else { return nil }
        if take("IF") { guard take("NOT"), take("EXISTS") else { return nil } }
        guard let index = name(), take("ON") else { return nil }
        _ = take("ONLY")
        guard var parts = name().map({ [$0] }) else { return nil }
        while take("."), let part = name() { parts.append(part) }
        let table = parts.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ".")
        return (index, table)
    }

    /// The transaction statement `statement` is (`COMMIT`, `START TRANSACTION`, ...), or nil. `ROLLBACK TO` a
    /// savepoint stays inside the transaction and is allowed.
    public static func transactionControl(_ statement: String) -> String? {
        let words = statement.split(whereSeparator: { !$0.isLetter && $0 != "_" }).prefix(2).map { $0.uppercased() }
        guard let first = words.first else { return nil }
        let second = words.count > 1 ? words[1] : nil
        switch first {
        case "BEGIN", "COMMIT", "END", "ABORT": return first
        case "ROLLBACK": return second == "TO" ? nil : first
        case "START" where second == "TRANSACTION": return "START TRANSACTION"
        case "PREPARE" where second == "TRANSACTION": return "PREPARE TRANSACTION"
        default: return nil
        }
    }

    /// Statements compared without differences of surrounding white space and final semicolons.
    private static func normalized(_ statements: [String]) -> [String] {
        statements.map { statement in
            var text = Substring(statement)
            while let last = text.last, last.isWhitespace || last == ";" { text = text.dropLast() }
            while let first = text.first, first.isWhitespace { text = text.dropFirst() }
            return String(text)
        }.filter { !$0.isEmpty }
    }
}


/// The leading words of a statement: bare words, quoted identifiers (unquoted, `""` undoubled) and single characters.
enum SQLWordScanner {
    struct Token: Equatable {
        var text: String
        var quoted: Bool
    }

    static func tokens(_ sql: String) -> [Token] {
        let chars = Array(sql.unicodeScalars)
        var result: [Token] = []
        var i = 0
        while i < chars.count, result.count < 16 {
            let c = chars[i]
            if c.properties.isWhitespace {
                i += 1
            } else if c == "\"" {
                var text = String.UnicodeScalarView()
                i += 1
                while i < chars.count {
                    if chars[i] == "\"" {
                        if i + 1 < chars.count && chars[i + 1] == "\"" { text.append("\""); i += 2; continue }
                        i += 1
                        break
                    }
                    text.append(chars[i]); i += 1
                }
                result.append(Token(text: String(text), quoted: true))
            } else if c == "_" || c.properties.isAlphabetic {
                var text = String.UnicodeScalarView()
                while i < chars.count, chars[i] == "_" || chars[i] == "$" || chars[i].properties.isAlphabetic || ("0"..."9").contains(chars[i]) {
                    text.append(chars[i]); i += 1
                }
                result.append(Token(text: String(text), quoted: false))
            } else {
                result.append(Token(text: String(c), quoted: false))
                i += 1
            }
        }
        return result
    }
}

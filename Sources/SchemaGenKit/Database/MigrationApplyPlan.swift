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
    }

    /// The migrations to run, in order.
    public var pending: [Pending]
    /// Why nothing may run (an edited applied migration, an applied version missing from the directory).
    public var problems: [String]

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
            let header = file.contents.split(separator: "\n", omittingEmptySubsequences: false).prefix { $0.hasPrefix("--") || $0.isEmpty }
            let transactional = !header.contains { $0.hasPrefix(nonTransactionalMarker) }
            pending.append(Pending(fileName: file.name, version: version, name: name,
                                   statements: SQLStatementSplitter.split(file.contents), transactional: transactional))
        }
        if let lastApplied = appliedVersions.max(), let early = pending.first(where: { $0.version < lastApplied }) {
            problems.append("\(early.fileName) is older than the last applied migration \(lastApplied) (merged from another branch?); give it a later version")
        }
        return MigrationApplyPlan(pending: pending, problems: problems)
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

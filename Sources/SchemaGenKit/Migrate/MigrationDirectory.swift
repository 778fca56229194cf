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

    /// Creates a directory description.
    public init(migrations: [(name: String, contents: String)], snapshot: String?, sum: String?, baseline: String? = nil) {
        self.migrations = migrations
        self.snapshot = snapshot
        self.sum = sum
        self.baseline = baseline
    }

    /// The baseline, if there is one (nil also when it cannot be read: `problems()` says so).
    public var parsedBaseline: MigrationBaseline? {
        baseline.flatMap { try? MigrationBaseline.parse($0) }
    }

    /// Whether a file name is a migration: 14 digits, `_`, a name, `.sql` or `.py`.
    public static func isMigration(_ fileName: String) -> Bool {
        version(of: fileName) != nil && (fileName.hasSuffix(".sql") || fileName.hasSuffix(".py"))
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
        var result = Self.duplicateVersions(migrations)
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
    /// UTC time as `YYYYMMDDHHMMSS`. Files are empty when the plan is empty or has errors.
    public func newMigration(_ schema: Schema, name: String, timestamp: String, file: String) throws -> NewMigration {
        let before = try recordedSchema() ?? MigrationPlanner.emptySchema(like: schema)
        let plan = MigrationPlanner.plan(from: before, to: schema, file: file)
        guard !plan.isEmpty, !plan.hasErrors else { return NewMigration(plan: plan, files: [], migrationNames: []) }
        let last = migrations.compactMap { Self.version(of: $0.name) }.max()
        var version = UInt64(timestamp) ?? 0
        if let last, let value = UInt64(last), value >= version { version = value + 1 }
        var previous = migrations.filter { $0.name.hasSuffix(".py") }.compactMap { Self.version(of: $0.name) }.max()
        var written: [(name: String, contents: String)] = []
        for part in plan.files(sourceName: schema.sourceName) {
            let fileName = "\(version)_\(name)\(part.suffix)"
            switch schema.settings.migrations.format {
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
        written.append((MigrationSnapshot.fileName, try MigrationSnapshot.encode(schema)))
        written.append((MigrationSnapshot.sumFileName, MigrationSum.render(migrations + written.filter { names.contains($0.name) })))
        return NewMigration(plan: plan, files: written, migrationNames: names)
    }
}

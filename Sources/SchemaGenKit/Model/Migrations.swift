/// How `schemagen migrate` writes migrations, read from `settings.migrations`.
public struct MigrationSettings: Sendable, Equatable, Codable {
    /// The directory of migrations and the snapshot, relative to the schema file's directory.
    public var directory: String = "migrations"
    /// The file format of a migration.
    public var format: Format = .sql
    /// Whether indexes on existing tables are built `CONCURRENTLY` (in a file of their own, outside a transaction).
    public var concurrentIndexes: Bool = false
    /// Whether foreign keys and checks on existing tables are added `NOT VALID` and then validated.
    public var validateSeparately: Bool = false

    /// Creates the default settings.
    public init() {}

    /// The file format of a migration.
    public enum Format: String, Sendable, Equatable, Codable, CaseIterable {
        /// Plain SQL files (`psql`, the Supabase CLI).
        case sql
        /// Alembic revisions running the same statements with `op.execute`.
        case alembic
        /// drizzle-kit's files (`0000_name.sql`, statements between `--> statement-breakpoint`) listed in
        /// `meta/_journal.json`, recorded where drizzle-orm's migrator records them.
        case drizzle
    }
}

/// What only the migration planner needs from a schema file: declared renames, conversions, and where each
/// database object was declared. Not part of the recorded snapshot (places change with every edit of the file).
public struct SchemaOrigins: Sendable, Equatable, Codable {
    /// Renames declared with `renamed_from:` (tables, columns, enums, enum values, sequences, domains), in file order.
    public var renames: [Rename] = []
    /// Conversion expressions declared with `using:` on columns.
    public var conversions: [Conversion] = []
    /// Where each object was declared, keyed by `SchemaOrigins.key(...)`.
    public var locations: [String: SourceLocation] = [:]

    /// Creates empty origins.
    public init() {}

    /// A `renamed_from:` declaration.
    public struct Rename: Sendable, Equatable, Codable {
        /// What is renamed.
        public var kind: Kind
        /// The table of a column, the enum of an enum value; the object itself for a table, an enum, a sequence or a
        /// domain.
        public var owner: QualifiedName
        /// The old name (a bare name; for a table, an enum, a sequence or a domain, in the owner's schema unless
        /// qualified).
        public var from: QualifiedName
        /// The new name.
        public var to: String
        /// Where `renamed_from` was written.
        public var location: SourceLocation

        /// The kind of object renamed.
        public enum Kind: String, Sendable, Equatable, Codable {
            case table
            case column
            case enumType = "enum"
            case enumValue = "enum value"
            case sequence
            case domain
        }
    }

    /// A column's `using:` expression, converting the old value to the new type.
    public struct Conversion: Sendable, Equatable, Codable {
        /// The column's table.
        public var table: QualifiedName
        /// The column.
        public var column: String
        /// The SQL expression, verbatim.
        public var expression: String
        /// Where `using` was written.
        public var location: SourceLocation
    }

    /// The key of an object in `locations`: its kind and its qualified path (`column public.users.email`).
    public static func key(_ kind: String, _ owner: QualifiedName, _ member: String? = nil) -> String {
        member.map { "\(kind) \(owner).\($0)" } ?? "\(kind) \(owner)"
    }

    /// Where the object was declared, if known.
    public func location(_ kind: String, _ owner: QualifiedName, _ member: String? = nil) -> SourceLocation? {
        locations[Self.key(kind, owner, member)]
    }
}

/// The validated intermediate representation of a `schema.yaml`: every reference resolved, every name derived.
///
/// Emitters read only this; they never see YAML and never look a name up by string again.
public struct Schema: Sendable, Equatable, Codable {
    /// Project-wide settings: outputs, naming, target options.
    public var settings: Settings
    /// PostgreSQL schemas the DDL creates (everything but `public` and the schemas of external tables).
    public var createdSchemas: [String]
    /// Extensions the DDL creates first (`CREATE EXTENSION IF NOT EXISTS`), in declaration order.
    public var extensions: [Extension] = []
    /// Enums in the order they were declared.
    public var enums: [EnumType]
    /// Standalone sequences, in declaration order.
    public var sequences: [SequenceObject] = []
    /// Declared shapes of JSON columns, in declaration order.
    public var shapes: [JSONShape]
    /// Types declared in `types:`, in declaration order.
    public var declaredTypes: [DeclaredType] = []
    /// Domains, in declaration order; the DDL creates them after the enums.
    public var domains: [Domain] = []
    /// Tables the DDL creates, in declaration order.
    public var tables: [Table]
    /// Tables that exist elsewhere (Supabase's `auth.users`) and are only referenced.
    public var externalTables: [Table]
    /// Views and materialized views, in dependency order (a view after the views it reads; otherwise declaration order).
    public var views: [View] = []
    /// Raw SQL blocks, in declaration order.
    public var rawSQL: [RawSQLBlock]
    /// SHA-256 of the schema file's bytes, in lower-case hex.
    public var sourceHash: String
    /// The file name of the schema, as it appears in headers (`schema.yaml`).
    public var sourceName: String
    /// Renames, conversions and declaration places for the migration planner; nil in a recorded snapshot.
    public var origins: SchemaOrigins? = nil
    /// Functions, triggers and privileges as a database holds them; set only on a schema inspected from a database
    /// (the live one, or the shadow built from schema.yaml), where the differ compares them object by object.
    public var objects: DatabaseObjects? = nil

    /// Every table, created and external, in declaration order (created first).
    public var allTables: [Table] { tables + externalTables }

    /// The table with the given qualified name.
    public func table(_ name: QualifiedName) -> Table? {
        // Without concatenating `allTables`, which copies every table on each call.
        tables.first { $0.name == name } ?? externalTables.first { $0.name == name }
    }

    /// Every table and external table by qualified name, each name giving the table `table(_:)` gives; for code
    /// that looks many up, where a scan per lookup would be quadratic.
    public func tablesByName() -> [QualifiedName: Table] {
        var index: [QualifiedName: Table] = [:]
        index.reserveCapacity(tables.count + externalTables.count)
        for table in tables + externalTables where index[table.name] == nil { index[table.name] = table }
        return index
    }

    /// The enum with the given qualified name.
    public func enumType(_ name: QualifiedName) -> EnumType? {
        enums.first { $0.name == name }
    }

    /// The JSON shape with the given name.
    public func shape(_ name: String) -> JSONShape? {
        shapes.first { $0.name == name }
    }
}

/// A name qualified by its PostgreSQL schema.
public struct QualifiedName: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The PostgreSQL schema (`public`, `auth`).
    public var schema: String
    /// The object's own name.
    public var name: String

    /// Creates a qualified name.
    public init(schema: String, name: String) {
        self.schema = schema
        self.name = name
    }

    /// `schema.name`, unquoted.
    public var description: String { "\(schema).\(name)" }
}

/// The names one database object carries in each target language, derived once by the naming layer.
public struct TargetNames: Sendable, Equatable, Codable {
    /// PascalCase, singular type name (`APIKey`): Swift struct, Python class, TypeScript row type.
    public var type: String
    /// camelCase member name in TypeScript (`apiKeys` for a table, `keyHash` for a column).
    public var ts: String
    /// camelCase member name in Swift (`keyHash`), without backticks.
    public var swift: String
    /// Attribute name in Python (`key_hash`), already safe for a declarative class.
    public var python: String
}

/// Target-specific settings read from `settings:`.
public struct Settings: Sendable, Equatable, Codable {
    /// Where each output is written, relative to the schema file's directory, in emission order.
    public var outputs: [OutputSetting]
    /// Acronyms kept upper-case in type names (`API`, `URL`).
    public var acronyms: [String]
    /// PostgreSQL schemas exposed through the Supabase API; their tables get RLS by default.
    public var exposedSchemas: [String]
    /// Whether the Drizzle output declares policies with `pgPolicy` and `.enableRLS()`.
    public var drizzlePolicies: Bool
    /// A directory of templates overriding the built-in ones by file name, relative to the schema file.
    public var templatesDirectory: String?
    /// How constraint and index names are derived when the schema does not name them.
    public var constraintNames: ConstraintNaming = .postgres
    /// How migrations are written (`settings.migrations`).
    public var migrations: MigrationSettings = MigrationSettings()
    /// The PostgreSQL schemas this file describes (`settings.schemas`, written by `pull`): what `status` and the next
    /// `pull` read. Nil: `public` and the schemas the file declares objects in.
    public var schemas: [String]? = nil
    /// Where `status` and `migrate baseline` build schema.yaml's shadow database (`settings.shadow_database`): a
    /// server or empty database without a password, or `none`. Nil: a temporary database on the target's server.
    public var shadowDatabase: String? = nil
}

/// A convention for the names of constraints and indexes the schema leaves unnamed.
public enum ConstraintNaming: String, Sendable, Equatable, Codable, CaseIterable {
    /// PostgreSQL's own: `<table>_pkey`, `<table>_<columns>_key`, `<table>_<columns>_fkey`, `<table>_<columns>_idx`.
    case postgres
    /// drizzle-kit's (0.31): `<table>_<columns>_pk` for a composite key (`<table>_pkey` for one column, which
    /// drizzle leaves to PostgreSQL), `<table>_<columns>_unique`, `<table>_<columns>_<target>_<columns>_fk`,
    /// `<table>_<columns>_index`.
    case drizzle

    /// The primary key's name.
    public func primaryKey(table: String, columns: [String]) -> String {
        switch self {
        case .drizzle where columns.count > 1: return "\(table)_\(columns.joined(separator: "_"))_pk"
        default: return "\(table)_pkey"
        }
    }

    /// A unique constraint's name (and a unique index's, which PostgreSQL derives the same way).
    public func unique(table: String, columns: [String]) -> String {
        "\(table)_\(columns.joined(separator: "_"))_\(self == .drizzle ? "unique" : "key")"
    }

    /// A foreign key's name.
    public func foreignKey(table: String, columns: [String], target: String, targetColumns: [String]) -> String {
        switch self {
        case .postgres: return "\(table)_\(columns.joined(separator: "_"))_fkey"
        case .drizzle:
            return "\(table)_\(columns.joined(separator: "_"))_\(target)_\(targetColumns.joined(separator: "_"))_fk"
        }
    }

    /// An index's name; `unique` for a unique index.
    public func index(table: String, columns: [String], unique: Bool) -> String {
        switch self {
        case .postgres: return "\(table)_\(columns.joined(separator: "_"))_\(unique ? "key" : "idx")"
        case .drizzle: return "\(table)_\(columns.joined(separator: "_"))_index"
        }
    }
}

/// One configured output: a target and the file it is written to.
public struct OutputSetting: Sendable, Equatable, Codable {
    /// The target (`sql`, `rls`, `drizzle`, `sqlalchemy`, `swift`, `supabase`) or the name of a custom target.
    public var target: String
    /// The output path, relative to the schema file's directory.
    public var path: String
    /// For a custom target: the template file (relative to the schema file's directory).
    public var template: String?
    /// Where the output was declared in the schema file, when it was declared there.
    public var location: SourceLocation? = nil

    /// Creates an output setting.
    public init(target: String, path: String, template: String?, location: SourceLocation? = nil) {
        self.target = target
        self.path = path
        self.template = template
        self.location = location
    }
}

/// A view or materialized view: its SQL and the row shape it is declared to return.
public struct View: Sendable, Equatable, Codable {
    /// Its qualified name.
    public var name: QualifiedName
    /// The query (`SELECT ...`), without a trailing semicolon.
    public var sql: String
    /// Whether it is a materialized view.
    public var materialized: Bool
    /// The declared row shape, in the order the query returns the columns (no defaults, keys or identity).
    public var columns: [Column]
    /// The documentation comment, if any.
    public var comment: String?
    /// The views and tables it reads, declared with `depends_on:` or found in its SQL.
    public var dependsOn: [QualifiedName]
    /// `WITH (security_invoker = true)`: the querying user's privileges and row-level security apply (views only).
    public var securityInvoker: Bool
    /// For a materialized view: whether it is filled when created (`WITH DATA`, the default) or left empty.
    public var withData: Bool
    /// Per-target names: `type` is the row type, `ts` the Drizzle variable.
    public var names: TargetNames

    /// The row shape as a table without keys, constraints, defaults or RLS, for emitters that lay rows out.
    public var rowShape: Table {
        Table(name: name, isExternal: false, comment: comment, columns: columns, primaryKey: nil, uniques: [], checks: [],
              foreignKeys: [], indexes: [], relations: [],
              rls: RowLevelSecurity(enabled: false, forced: false, denyAllIntended: false, ownerColumn: nil, policies: []),
              names: names, location: SourceLocation(line: 1, column: 1))
    }
}

/// A PostgreSQL extension the schema needs (`pgcrypto`, `pg_trgm`).
public struct Extension: Sendable, Equatable, Codable {
    /// The extension's name, as `CREATE EXTENSION` takes it.
    public var name: String
    /// The schema its objects go into; nil for PostgreSQL's choice (the first schema of the search path).
    public var schema: String?
    /// The version to install; nil for the default version.
    public var version: String?
}

/// A standalone sequence (`CREATE SEQUENCE`), used by `nextval` defaults.
public struct SequenceObject: Sendable, Equatable, Codable {
    /// Its qualified name.
    public var name: QualifiedName
    /// The data type: `smallint`, `integer` or `bigint`.
    public var dataType: ColumnType
    /// `START WITH`, when given.
    public var start: Int64?
    /// `INCREMENT BY`, when given.
    public var increment: Int64?
    /// `MINVALUE`, when given.
    public var minValue: Int64?
    /// `MAXVALUE`, when given.
    public var maxValue: Int64?
    /// `CACHE`, when given.
    public var cache: Int64?
    /// `CYCLE` when true.
    public var cycle: Bool
    /// The column that owns the sequence (`OWNED BY`): dropping it drops the sequence.
    public var ownedBy: OwnedBy?
    /// The documentation comment, if any.
    public var comment: String?

    /// The owning column of a sequence.
    public struct OwnedBy: Sendable, Equatable, Codable {
        /// The table, a created table in the sequence's schema.
        public var table: QualifiedName
        /// The column's database name.
        public var column: String
    }

    /// The options as PostgreSQL applies them: the given ones, or the defaults of `CREATE SEQUENCE`.
    public var effectiveIncrement: Int64 { increment ?? 1 }
    /// The lowest value, given or the default for the type and direction.
    public var effectiveMinValue: Int64 {
        minValue ?? (effectiveIncrement > 0 ? 1 : SequenceObject.range(of: dataType).lowerBound)
    }
    /// The highest value, given or the default for the type and direction.
    public var effectiveMaxValue: Int64 {
        maxValue ?? (effectiveIncrement > 0 ? SequenceObject.range(of: dataType).upperBound : -1)
    }
    /// The first value, given or the default (the minimum ascending, the maximum descending).
    public var effectiveStart: Int64 { start ?? (effectiveIncrement > 0 ? effectiveMinValue : effectiveMaxValue) }

    /// The values a sequence of an integer type can hold.
    public static func range(of type: ColumnType) -> ClosedRange<Int64> {
        switch type {
        case .smallint: return Int64(Int16.min)...Int64(Int16.max)
        case .integer: return Int64(Int32.min)...Int64(Int32.max)
        default: return Int64.min...Int64.max
        }
    }
}

/// A PostgreSQL enum type.
public struct EnumType: Sendable, Equatable, Codable {
    /// Its qualified name.
    public var name: QualifiedName
    /// Its labels, in order.
    public var values: [String]
    /// The database comment (`COMMENT ON TYPE`), if any.
    public var comment: String?
    /// Per-target names of the type.
    public var names: TargetNames
    /// Per-target names of each value, parallel to `values`.
    public var valueNames: [TargetNames]
    /// The documentation of the generated code: `doc:`, else the comment.
    public var documentation: String? = nil
}

/// The declared shape of a JSON value, shared by the TypeScript, Python and Swift outputs.
public struct JSONShape: Sendable, Equatable, Codable {
    /// The shape's type name (PascalCase).
    public var name: String
    /// The documentation comment, if any.
    public var comment: String?
    /// Its fields, in declaration order.
    public var fields: [JSONField]
}

/// A field of a JSON shape.
public struct JSONField: Sendable, Equatable, Codable {
    /// The JSON key, exactly as it appears in the document.
    public var key: String
    /// Its type.
    public var type: JSONType
    /// Whether the key may be absent (or null).
    public var optional: Bool
    /// The documentation comment, if any.
    public var comment: String?
    /// Per-target member names.
    public var names: TargetNames
}

/// The type of a JSON value.
public indirect enum JSONType: Sendable, Equatable, Codable {
    case string
    case integer
    case number
    case boolean
    /// Any JSON value.
    case any
    case array(JSONType)
    /// A string-keyed object whose values all have one type.
    case map(JSONType)
    /// A named shape.
    case shape(String)
}

/// A raw SQL block the language does not model (triggers, functions).
public struct RawSQLBlock: Sendable, Equatable, Codable {
    /// The block's name, used in a comment above it.
    public var name: String
    /// The SQL, emitted byte for byte.
    public var sql: String
    /// Where the block is emitted.
    public var placement: Placement

    /// Where a raw block is emitted; blocks of one placement keep their declaration order.
    public enum Placement: String, Sendable, Equatable, Codable, CaseIterable {
        /// In `schema.sql` before the first table (after schemas, extensions, enums and sequences): functions
        /// that defaults, checks, generated columns or indexes call.
        case beforeTables = "before_tables"
        /// At the end of `schema.sql`, after tables, foreign keys, indexes and comments: triggers, grants.
        case afterTables = "after_tables"
        /// At the end of `rls.sql`.
        case rls
    }
}

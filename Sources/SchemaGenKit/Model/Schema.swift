/// The validated intermediate representation of a `schema.yaml`: every reference resolved, every name derived.
///
/// Emitters read only this; they never see YAML and never look a name up by string again.
public struct Schema: Sendable, Equatable, Codable {
    /// Project-wide settings: outputs, naming, target options.
    public var settings: Settings
    /// PostgreSQL schemas the DDL creates (everything but `public` and the schemas of external tables).
    public var createdSchemas: [String]
    /// Enums in the order they were declared.
    public var enums: [EnumType]
    /// Declared shapes of JSON columns, in declaration order.
    public var shapes: [JSONShape]
    /// Tables the DDL creates, in declaration order.
    public var tables: [Table]
    /// Tables that exist elsewhere (Supabase's `auth.users`) and are only referenced.
    public var externalTables: [Table]
    /// Raw SQL blocks, in declaration order.
    public var rawSQL: [RawSQLBlock]
    /// SHA-256 of the schema file's bytes, in lower-case hex.
    public var sourceHash: String
    /// The file name of the schema, as it appears in headers (`schema.yaml`).
    public var sourceName: String
    /// Renames, conversions and declaration places for the migration planner; nil in a recorded snapshot.
    public var origins: SchemaOrigins? = nil

    /// Every table, created and external, in declaration order (created first).
    public var allTables: [Table] { tables + externalTables }

    /// The table with the given qualified name.
    public func table(_ name: QualifiedName) -> Table? {
        // Without concatenating `allTables`, which copies every table on each call.
        tables.first { $0.name == name } ?? externalTables.first { $0.name == name }
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
    /// How migrations are written (`settings.migrations`).
    public var migrations: MigrationSettings = MigrationSettings()
}

/// One configured output: a target and the file it is written to.
public struct OutputSetting: Sendable, Equatable, Codable {
    /// The target (`sql`, `rls`, `drizzle`, `sqlalchemy`, `swift`) or the name of a custom target.
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

/// A PostgreSQL enum type.
public struct EnumType: Sendable, Equatable, Codable {
    /// Its qualified name.
    public var name: QualifiedName
    /// Its labels, in order.
    public var values: [String]
    /// The documentation comment, if any.
    public var comment: String?
    /// Per-target names of the type.
    public var names: TargetNames
    /// Per-target names of each value, parallel to `values`.
    public var valueNames: [TargetNames]
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
    /// The SQL, emitted verbatim.
    public var sql: String
    /// Which output the block belongs to.
    public var placement: Placement

    /// Where a raw block is emitted.
    public enum Placement: String, Sendable, Equatable, Codable {
        /// At the end of `schema.sql`.
        case schema
        /// At the end of `rls.sql`.
        case rls
    }
}

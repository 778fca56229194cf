/// What a user template of a custom output receives: the validated schema, laid out for templates.
///
/// Every field is a stored property (the renderer reads them by reflection) and is documented in
/// `docs/templates.md`; `schemagen context` prints the same value as JSON. Within one `contextVersion`
/// fields are only ever added, never renamed or removed, so a user template keeps rendering the same way.
public struct TemplateContext: Sendable, Encodable {
    /// The version of this layout; it changes only when a field is renamed or removed.
    public var contextVersion: Int
    /// The schema file's name as it appears in headers (`schema.yaml`).
    public var source: String
    /// SHA-256 of the schema file's bytes, lower-case hex.
    public var schemaHash: String
    /// The do-not-edit header in several comment styles.
    public var header: Header
    /// The output being rendered; absent in `schemagen context` without `--output`.
    public var output: Output?
    /// Enums in declaration order.
    public var enums: [Enum]
    /// JSON shapes in declaration order.
    public var shapes: [Shape]
    /// Tables the DDL creates, in declaration order.
    public var tables: [Table]
    /// Tables owned elsewhere (`auth.users`) that the schema references.
    public var externalTables: [Table]
    /// Whether `enums` is not empty.
    public var hasEnums: Bool
    /// Whether `shapes` is not empty.
    public var hasShapes: Bool
    /// Whether `tables` is not empty.
    public var hasTables: Bool

    /// The generated-file header: the same lines every built-in output starts with.
    public struct Header: Sendable, Encodable {
        /// The lines without a comment prefix.
        public var lines: [String]
        /// `// ` before each line (TypeScript, Swift, Kotlin, C).
        public var slashes: String
        /// `# ` before each line (Python, YAML, shell, TOML).
        public var hashes: String
        /// `-- ` before each line (SQL, Lua, Haskell).
        public var dashes: String
        /// One `/* ... */` block comment.
        public var block: String
    }

    /// The custom output a template renders.
    public struct Output: Sendable, Encodable {
        /// The output's name, the key under `settings.outputs`.
        public var name: String
        /// The path it is written to, relative to the schema file's directory.
        public var path: String
        /// The last component of `path`.
        public var fileName: String
    }

    /// A name in each target language, as derived (or overridden with `names:`) in the schema.
    public struct Names: Sendable, Encodable {
        /// PascalCase, singular type name (`APIKey`).
        public var type: String
        /// camelCase member name in TypeScript (`apiKeys`, `keyHash`).
        public var ts: String
        /// camelCase member name in Swift (`keyHash`), without backticks.
        public var swift: String
        /// Attribute name in Python (`key_hash`).
        public var python: String
    }

    /// Free text (a comment) in the forms templates need.
    public struct Text: Sendable, Encodable {
        /// The text as written.
        public var text: String
        /// A JSON string literal of it (valid in TypeScript, JavaScript and Python too).
        public var json: String
        /// Its lines, for line comments.
        public var lines: [String]
    }

    /// A PostgreSQL enum.
    public struct Enum: Sendable, Encodable {
        /// Its name without the schema (`user_role`).
        public var name: String
        /// Its PostgreSQL schema (`public`).
        public var schema: String
        /// `schema.name`, unquoted.
        public var qualifiedName: String
        /// `schema.name` quoted for SQL where needed.
        public var sqlName: String
        /// Its names in each target language.
        public var names: Names
        /// Its documentation comment.
        public var comment: Text?
        /// Its labels in order.
        public var values: [EnumValue]
    }

    /// One label of an enum.
    public struct EnumValue: Sendable, Encodable {
        /// The label as stored in the database (`auto_refill`).
        public var value: String
        /// A JSON string literal of the label (`"auto_refill"`).
        public var json: String
        /// Member names for the label in each target language.
        public var names: Names
    }

    /// A declared shape of JSON values.
    public struct Shape: Sendable, Encodable {
        /// The shape's type name (`ProjectSettings`).
        public var name: String
        /// Its documentation comment.
        public var comment: Text?
        /// Its fields in order.
        public var fields: [ShapeField]
    }

    /// A field of a JSON shape.
    public struct ShapeField: Sendable, Encodable {
        /// The JSON key (`default_max_images`).
        public var key: String
        /// A JSON string literal of the key.
        public var json: String
        /// Member names in each target language.
        public var names: Names
        /// Its type.
        public var type: JSONType
        /// Whether the key may be absent or null.
        public var optional: Bool
        /// Its documentation comment.
        public var comment: Text?
    }

    /// The type of a JSON value; `element` nests for arrays and maps.
    public struct JSONType: Sendable, Encodable {
        /// `string`, `integer`, `number`, `boolean`, `any`, `array`, `map` or `shape`.
        public var kind: String
        /// The type as the schema language spells it (`string[]`, `map<integer>`, `ProjectSettings`).
        public var spelling: String
        /// Whether `kind` is `string`.
        public var isString: Bool
        /// Whether `kind` is `integer`.
        public var isInteger: Bool
        /// Whether `kind` is `number`.
        public var isNumber: Bool
        /// Whether `kind` is `boolean`.
        public var isBoolean: Bool
        /// Whether `kind` is `any` (any JSON value).
        public var isAny: Bool
        /// Whether `kind` is `array`.
        public var isArray: Bool
        /// Whether `kind` is `map` (an object whose values all have one type).
        public var isMap: Bool
        /// Whether `kind` is `shape`.
        public var isShape: Bool
        /// The shape's name, when `kind` is `shape`.
        public var shape: String?
        /// The element (array) or value (map) type: one item, or none.
        public var element: [JSONType]
    }

    /// A table.
    public struct Table: Sendable, Encodable {
        /// Its name without the schema (`api_keys`).
        public var name: String
        /// Its PostgreSQL schema (`public`).
        public var schema: String
        /// `schema.name`, unquoted.
        public var qualifiedName: String
        /// `schema.name` quoted for SQL where needed.
        public var sqlName: String
        /// `type` is the singular row type (`APIKey`), `ts` the table variable (`apiKeys`), `python` the attribute.
        public var names: Names
        /// Its documentation comment.
        public var comment: Text?
        /// Whether the table is owned elsewhere and only referenced.
        public var isExternal: Bool
        /// Its columns in declaration order.
        public var columns: [Column]
        /// The primary key's column names, in key order (empty without a primary key).
        public var primaryKey: [String]
        /// Whether the table has a primary key.
        public var hasPrimaryKey: Bool
        /// The primary key's constraint name (`orders_pkey`, `pk_orders`).
        public var primaryKeyName: String?
        /// Unique constraints, each a list of column names.
        public var uniques: [Unique]
        /// Foreign keys in declaration order.
        public var foreignKeys: [ForeignKey]
        /// ORM relations, both directions of each foreign key.
        public var relations: [Relation]
        /// Whether `relations` is not empty.
        public var hasRelations: Bool
        /// Whether row-level security is enabled.
        public var rlsEnabled: Bool
        /// `RANGE (logged_on)`, `LIST (region)`, `HASH ((lower(token)))` for a partitioned table.
        public var partitionBy: String?
        /// Whether the table is partitioned.
        public var isPartitioned: Bool
        /// Its partitions, `schema.name` unquoted, in declaration order.
        public var partitions: [String]
    }

    /// A column.
    public struct Column: Sendable, Encodable {
        /// Its database name (`key_hash`).
        public var name: String
        /// A JSON string literal of the database name, for keys in generated code.
        public var json: String
        /// Member names in each target language.
        public var names: Names
        /// The type as written in DDL (`varchar(100)`, `public.api_key_status`, `text[]`).
        public var sqlType: String
        /// The type, described by flags; for arrays it describes the element type.
        public var type: ColumnType
        /// Whether the column is an array of `type`.
        public var isArray: Bool
        /// Whether it accepts NULL.
        public var nullable: Bool
        /// Whether an INSERT may omit it (nullable, a default, an identity, a serial or a generated column).
        public var isOptionalOnInsert: Bool
        /// Its default.
        public var `default`: Default?
        /// Whether it has a default.
        public var hasDefault: Bool
        /// `always` or `by_default` for identity columns.
        public var identity: String?
        /// Whether it is an identity column.
        public var isIdentity: Bool
        /// The expression of a stored generated column.
        public var generated: Text?
        /// Whether it is a generated column (never part of an insert).
        public var isGenerated: Bool
        /// Whether it is protected: the API roles (anon, authenticated) cannot insert or update it.
        public var isProtected: Bool = false
        /// Whether it is part of the primary key.
        public var isPrimaryKey: Bool
        /// Whether it alone is unique (a single-column unique constraint, or the single-column primary key).
        public var isUnique: Bool
        /// Whether it is part of a foreign key.
        public var isForeignKey: Bool
        /// What it references, when it is a single-column foreign key.
        public var references: Reference?
        /// Its documentation comment.
        public var comment: Text?
    }

    /// A column type (of the element, for arrays), as a kind and one flag per family.
    public struct ColumnType: Sendable, Encodable {
        /// `uuid`, `text`, `varchar`, `char`, `smallint`, `integer`, `bigint`, `smallserial`, `serial`, `bigserial`,
        /// `boolean`, `real`, `double_precision`, `numeric`, `date`, `time`, `timetz`, `timestamp`, `timestamptz`,
        /// `interval`, `json`, `jsonb`, `bytea`, `inet` or `enum`.
        public var kind: String
        /// The element type as written in DDL (`varchar(100)`).
        public var sqlType: String
        /// `uuid`.
        public var isUUID: Bool
        /// `text`, `varchar`, `char`.
        public var isString: Bool
        /// Any integer type, serials included.
        public var isInteger: Bool
        /// A 64-bit integer (`bigint`, `bigserial`), beyond JavaScript's safe integers.
        public var isBigInteger: Bool
        /// `real`, `double precision`.
        public var isFloat: Bool
        /// `numeric`: exact decimals.
        public var isDecimal: Bool
        /// `boolean`.
        public var isBoolean: Bool
        /// `date`.
        public var isDate: Bool
        /// `time`, `timetz`.
        public var isTime: Bool
        /// `timestamp`, `timestamptz`.
        public var isTimestamp: Bool
        /// `timetz`, `timestamptz`.
        public var hasTimeZone: Bool
        /// `interval`.
        public var isInterval: Bool
        /// `json`, `jsonb`.
        public var isJSON: Bool
        /// `bytea`.
        public var isBinary: Bool
        /// `inet`.
        public var isInet: Bool
        /// A user enum.
        public var isEnum: Bool
        /// The enum, when `isEnum`.
        public var enumType: EnumReference?
        /// The declared content of a `json`/`jsonb` column (`any` when undeclared).
        public var json: JSONType?
        /// The length of `varchar(n)` / `char(n)`.
        public var length: Int?
        /// The precision of `numeric(p,s)`.
        public var precision: Int?
        /// The scale of `numeric(p,s)`.
        public var scale: Int?
    }

    /// The enum a column has.
    public struct EnumReference: Sendable, Encodable {
        /// `schema.name`, unquoted.
        public var qualifiedName: String
        /// The enum's names in each target language.
        public var names: Names
    }

    /// A column default.
    public struct Default: Sendable, Encodable {
        /// The `DEFAULT` expression as written in the DDL (`now()`, `'active'::public.api_key_status`).
        public var sql: String
        /// `literal`, `enum`, `now`, `random_uuid` or `sql`.
        public var kind: String
        /// Whether it is a literal value (see `value`).
        public var isLiteral: Bool
        /// Whether it is an enum label (see `value`).
        public var isEnumValue: Bool
        /// Whether it is `now()`.
        public var isNow: Bool
        /// Whether it is `gen_random_uuid()`.
        public var isRandomUUID: Bool
        /// Whether it is a raw SQL expression (`default_sql:`).
        public var isSQL: Bool
        /// The value as JSON text (`"active"`, `0`, `true`, `["read"]`, `{}`), for literals and enum labels.
        public var value: String?
    }

    /// What a single-column foreign key references.
    public struct Reference: Sendable, Encodable {
        /// The referenced table, `schema.name`, unquoted.
        public var table: String
        /// The referenced table's names.
        public var tableNames: Names
        /// The referenced column's database name.
        public var column: String
        /// The referenced column's names.
        public var columnNames: Names
    }

    /// A unique constraint.
    public struct Unique: Sendable, Encodable {
        /// The constraint name.
        public var name: String
        /// Its column names in order.
        public var columns: [String]
    }

    /// A foreign key.
    public struct ForeignKey: Sendable, Encodable {
        /// The constraint name.
        public var name: String
        /// The referencing column names.
        public var columns: [String]
        /// The referenced table, `schema.name`, unquoted.
        public var referencedTable: String
        /// The referenced table's names.
        public var referencedTableNames: Names
        /// The referenced column names, parallel to `columns`.
        public var referencedColumns: [String]
        /// `no action`, `restrict`, `cascade`, `set null` or `set default`.
        public var onDelete: String
        /// Same values as `onDelete`.
        public var onUpdate: String
    }

    /// One side of a foreign key, as an ORM sees it.
    public struct Relation: Sendable, Encodable {
        /// The property name in camelCase (`transactions`, `account`).
        public var name: String
        /// The property name in Python.
        public var pythonName: String
        /// `one` or `many`.
        public var kind: String
        /// Whether this side sees many rows.
        public var isMany: Bool
        /// The table on the other side, `schema.name`, unquoted.
        public var target: String
        /// The other table's names.
        public var targetNames: Names
        /// The foreign key it follows.
        public var foreignKey: String
        /// Whether this table holds the foreign key.
        public var isOwningSide: Bool
        /// The relation's name on the other side, if modelled.
        public var inverse: String?
        /// Its Python name on the other side, if modelled.
        public var inversePythonName: String?
        /// Whether the foreign key's columns are all NOT NULL.
        public var isRequired: Bool
    }
}

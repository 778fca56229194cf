import Foundation

/// What `schemagen pull` reads from a live database: the objects of the chosen schemas, as PostgreSQL describes them
/// (`format_type`, `pg_get_expr`, `pg_get_constraintdef`, `pg_get_indexdef`, ...), before they become schema.yaml.
public struct DatabaseCatalog: Sendable, Codable, Equatable {
    /// The type of a column, domain or view column.
    public struct TypeRef: Sendable, Codable, Equatable {
        /// `format_type` of the element type with the column's modifier (`character varying(20)`, `public."Mood"`).
        public var formatted: String
        /// The element type's schema and name.
        public var schema: String
        public var name: String
        /// `typtype` of the element type: `b` base, `e` enum, `d` domain, `r` range, `m` multirange, `c` composite.
        public var kind: String
        /// Whether the column is an array of the element type.
        public var array: Bool
    }

    public struct Column: Sendable, Codable, Equatable {
        public var name: String
        public var type: TypeRef
        public var notNull: Bool
        public var defaultSQL: String?
        /// `a` always, `d` by default, empty for none.
        public var identity: String
        /// The expression of a stored generated column.
        public var generated: String?
        /// Whether the API roles may not insert or update it while they may other columns (`protected: true`).
        public var protected: Bool? = nil
        public var comment: String?
        /// The sequence this column owns through a `nextval` default (a serial), schema-qualified.
        public var ownedSequence: String?
        /// The options of an identity column's sequence.
        public var identityOptions: IdentityOptions?
        /// A collation other than the type's.
        public var collation: String?
    }

    public struct IdentityOptions: Sendable, Codable, Equatable {
        public var start: String
        public var increment: String
        public var minValue: String
        public var maxValue: String
        public var cache: String
        public var cycle: Bool
    }

    public struct Constraint: Sendable, Codable, Equatable {
        public var name: String
        /// `p` primary key, `u` unique, `c` check, `f` foreign key, `x` exclusion, `t` constraint trigger.
        public var kind: String
        public var columns: [String]
        /// `pg_get_constraintdef`: `CHECK ((price > 0))`, `FOREIGN KEY (a) REFERENCES b(id) ON DELETE CASCADE`.
        public var definition: String
        public var targetSchema: String?
        public var targetTable: String?
        public var targetColumns: [String]?
        /// `confupdtype`, `confdeltype`: `a` no action, `r` restrict, `c` cascade, `n` set null, `d` set default.
        public var onUpdate: String?
        public var onDelete: String?
        /// FOREIGN KEY MATCH type: `s` simple, `f` full.
        public var match: String?
        public var deferrable: Bool
        public var validated: Bool
        /// NULLS NOT DISTINCT of a unique constraint.
        public var nullsNotDistinct: Bool
        /// Whether the constraint is inherited from a partitioned parent (not written on the partition).
        public var inherited: Bool
        public var comment: String?
    }

    public struct IndexKey: Sendable, Codable, Equatable {
        /// The column, when the key is a plain column.
        public var column: String?
        /// `pg_get_indexdef(index, n, true)`: the column (quoted as needed) or the expression.
        public var text: String
        public var descending: Bool
        public var nullsFirst: Bool
        /// The operator class when it is not the type's default.
        public var opclass: String?
        /// The collation when it is not the column's.
        public var collation: String?
    }

    public struct Index: Sendable, Codable, Equatable {
        public var name: String
        public var unique: Bool
        public var method: String
        public var keys: [IndexKey]
        /// INCLUDE columns.
        public var includeCount: Int
        public var predicate: String?
        public var nullsNotDistinct: Bool
        /// `pg_get_indexdef`: the whole CREATE INDEX statement.
        public var definition: String
        /// Whether it has storage parameters or a tablespace of its own, which the language does not hold.
        public var hasOptions: Bool
        /// An index a partitioned parent's index created on this partition.
        public var inherited: Bool
        public var comment: String?
    }

    public struct Policy: Sendable, Codable, Equatable {
        public var name: String
        /// `r` select, `a` insert, `w` update, `d` delete, `*` all.
        public var command: String
        public var permissive: Bool
        /// Role names; `public` for PostgreSQL's PUBLIC.
        public var roles: [String]
        public var using: String?
        public var withCheck: String?
    }

    public struct Table: Sendable, Codable, Equatable {
        public var schema: String
        public var name: String
        /// `r` table, `p` partitioned table.
        public var kind: String
        public var comment: String?
        public var rowSecurity: Bool
        public var forceRowSecurity: Bool
        public var columns: [Column]
        public var constraints: [Constraint]
        public var indexes: [Index]
        public var policies: [Policy]
        /// `pg_get_partkeydef`: `RANGE (created_at)`.
        public var partitionKey: String?
        public var parentSchema: String?
        public var parentName: String?
        /// `pg_get_expr(relpartbound)`: `FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')`, `DEFAULT`.
        public var partitionBound: String?
        /// Whether it has storage parameters, a tablespace, inheritance or is unlogged, which the language does not hold.
        public var unmodelled: [String]
    }

    public struct EnumType: Sendable, Codable, Equatable {
        public var schema: String
        public var name: String
        public var labels: [String]
        public var comment: String?
    }

    public struct DomainCheck: Sendable, Codable, Equatable {
        public var name: String
        public var definition: String
    }

    public struct Domain: Sendable, Codable, Equatable {
        public var schema: String
        public var name: String
        public var base: TypeRef
        public var notNull: Bool
        public var defaultSQL: String?
        public var checks: [DomainCheck]
        public var comment: String?
    }

    public struct Sequence: Sendable, Codable, Equatable {
        public var schema: String
        public var name: String
        public var dataType: String
        public var start: String
        public var increment: String
        public var minValue: String
        public var maxValue: String
        public var cache: String
        public var cycle: Bool
        /// `schema.table.column` the sequence is owned by.
        public var ownedBy: String?
        public var comment: String?
    }

    public struct ViewColumn: Sendable, Codable, Equatable {
        public var name: String
        public var type: TypeRef
        public var comment: String?
    }

    public struct View: Sendable, Codable, Equatable {
        public var schema: String
        public var name: String
        public var materialized: Bool
        /// `pg_get_viewdef(view, true)`.
        public var definition: String
        public var securityInvoker: Bool
        public var populated: Bool
        public var columns: [ViewColumn]
        public var comment: String?
        /// CREATE INDEX statements of a materialized view.
        public var indexes: [String]
    }

    public struct Extension: Sendable, Codable, Equatable {
        public var name: String
        public var schema: String
        public var version: String
    }

    /// A statement for something the language does not hold (a function, a trigger, a grant), with what it is.
    public struct RawObject: Sendable, Codable, Equatable {
        /// `function public.set_updated_at()`, `trigger articles_touch on public.articles`.
        public var what: String
        /// `before_tables`, `after_tables` or `rls`.
        public var placement: String
        public var sql: String
    }

    /// A table outside the pulled schemas that a pulled foreign key references.
    public struct ExternalTable: Sendable, Codable, Equatable {
        public var schema: String
        public var name: String
        public var columns: [Column]
        public var primaryKey: [String]
    }

    public var serverVersion: Int
    public var schemas: [String]
    public var extensions: [Extension]
    public var enums: [EnumType]
    public var domains: [Domain]
    public var sequences: [Sequence]
    public var tables: [Table]
    public var views: [View]
    public var external: [ExternalTable]
    public var raw: [RawObject]
    /// Comments on the pulled schemas other than `public`.
    public var schemaComments: [String: String]
    /// Functions, triggers, privileges and publications object by object (`CatalogReader.readObjects`), for the differ.
    public var objects: DatabaseObjects? = nil
    /// What the database holds around the pulled schemas that pull does not write, one line each naming it: a policy
    /// on a table outside them (`storage.objects`), an extension the platform installs (`pg_net`), a publication.
    public var notes: [String]? = nil
}

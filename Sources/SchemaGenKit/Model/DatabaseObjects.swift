/// The objects of a database that schema.yaml declares only through raw `sql:` blocks, in the form PostgreSQL prints
/// them: functions (`pg_get_functiondef`), triggers (`pg_get_triggerdef`) and privileges (`aclexplode`).
///
/// Read from a database, never from schema.yaml's text: schema.yaml's side comes from the shadow database its DDL is
/// applied to, so two objects are equal exactly when PostgreSQL prints them the same.
public struct DatabaseObjects: Sendable, Equatable, Codable {
    /// A function or procedure.
    public struct Function: Sendable, Equatable, Codable {
        public var schema: String
        public var name: String
        /// `pg_get_function_identity_arguments`: the argument types that identify it (`a integer, b text`).
        public var arguments: String
        /// `pg_get_function_result`, nil for a procedure.
        public var result: String?
        /// `f` function, `p` procedure, `a` aggregate, `w` window.
        public var kind: String
        /// `pg_get_functiondef`: `CREATE OR REPLACE FUNCTION ...`, without a final semicolon.
        public var definition: String
        public var comment: String?
        /// Whether its arguments or result use a table's row type, so it can only be created after the tables.
        public var usesRowTypes: Bool

        public init(schema: String, name: String, arguments: String, result: String?, kind: String, definition: String,
                    comment: String?, usesRowTypes: Bool) {
            self.schema = schema
            self.name = name
            self.arguments = arguments
            self.result = result
            self.kind = kind
            self.definition = definition
            self.comment = comment
            self.usesRowTypes = usesRowTypes
        }

        /// What identifies it: schema, name and argument types.
        public var key: String { "\(schema).\(name)(\(arguments))" }
    }

    /// A trigger on a table.
    public struct Trigger: Sendable, Equatable, Codable {
        public var name: String
        public var tableSchema: String
        public var tableName: String
        /// `pg_get_triggerdef`: `CREATE TRIGGER ...`, without a final semicolon.
        public var definition: String
        /// `tgenabled`: `O` enabled, `D` disabled, `R` replica, `A` always.
        public var enabled: String
        /// A constraint trigger, which `CREATE OR REPLACE TRIGGER` cannot replace.
        public var isConstraint: Bool
        public var comment: String?

        public init(name: String, tableSchema: String, tableName: String, definition: String, enabled: String,
                    isConstraint: Bool, comment: String?) {
            self.name = name
            self.tableSchema = tableSchema
            self.tableName = tableName
            self.definition = definition
            self.enabled = enabled
            self.isConstraint = isConstraint
            self.comment = comment
        }

        /// What identifies it: its table and name.
        public var key: String { "\(tableSchema).\(tableName).\(name)" }
    }

    /// One privilege one role holds on one object (the owner's own are left out: they follow the owner).
    public struct Grant: Sendable, Hashable, Codable {
        /// `TABLE`, `SEQUENCE`, `FUNCTION`, `PROCEDURE` or `SCHEMA`.
        public var objectKind: String
        public var schema: String
        /// The object's name; for a function its name and identity arguments are in `arguments`; empty for a schema.
        public var name: String
        /// A function's identity arguments.
        public var arguments: String?
        /// A column privilege's column.
        public var column: String?
        /// The role's name, or `PUBLIC`.
        public var grantee: String
        /// `SELECT`, `INSERT`, `EXECUTE`, `USAGE`, ...
        public var privilege: String
        public var grantable: Bool

        public init(objectKind: String, schema: String, name: String, arguments: String?, column: String?, grantee: String,
                    privilege: String, grantable: Bool) {
            self.objectKind = objectKind
            self.schema = schema
            self.name = name
            self.arguments = arguments
            self.column = column
            self.grantee = grantee
            self.privilege = privilege
            self.grantable = grantable
        }

        /// The object the privilege is on, as a key: `TABLE public.notes`, `FUNCTION public.f(integer)`.
        public var objectKey: String {
            objectKind + " " + (name.isEmpty ? schema : "\(schema).\(name)") + (arguments.map { "(\($0))" } ?? "")
        }
    }

    /// A publication (logical replication; Supabase Realtime's `supabase_realtime`) and the managed tables it holds.
    public struct Publication: Sendable, Equatable, Codable {
        public var name: String
        /// The tables of the managed schemas it publishes, as `schema.table`, sorted.
        public var tables: [String]

        public init(name: String, tables: [String]) {
            self.name = name
            self.tables = tables
        }
    }

    public var functions: [Function]
    public var triggers: [Trigger]
    public var grants: [Grant]
    public var publications: [Publication]

    public init(functions: [Function] = [], triggers: [Trigger] = [], grants: [Grant] = [], publications: [Publication] = []) {
        self.functions = functions
        self.triggers = triggers
        self.grants = grants
        self.publications = publications
    }
}

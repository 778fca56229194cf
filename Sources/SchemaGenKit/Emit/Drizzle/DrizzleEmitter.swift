/// Drizzle ORM `schema.ts` (drizzle-orm 0.4x, `drizzle-orm/pg-core`): enums, tables with their constraints and
/// indexes under the DDL's names, relations for the relational query API, row types and JSON shape types.
package struct DrizzleEmitter: Emitter {
    package static let target = Target.drizzle

    package struct Context: Encodable {
        var header: String
        var imports: [String]
        var helpers: [String]
        var schemas: [String]
        var shapes: [ShapeContext]
        var enums: [EnumContext]
        var externals: [TableContext]
        var reexports: [ReexportContext]
        var tables: [TableContext]
        var relations: [RelationsContext]
        var types: [String]
        var hasHelpers: Bool
        var hasSchemas: Bool
        var hasTypes: Bool
    }

    struct ShapeContext: Encodable { var doc: [String]; var name: String; var fields: [FieldContext] }
    struct FieldContext: Encodable { var doc: [String]; var line: String }
    struct EnumContext: Encodable { var doc: [String]; var declaration: String; var typeAlias: String }
    struct ReexportContext: Encodable { var doc: [String]; var line: String }
    struct TableContext: Encodable {
        var doc: [String]
        var opening: String
        var columns: [FieldContext]
        var hasExtras: Bool
        var parameter: String
        /// The extra-config callback's return type annotation (`: PgTableExtraConfigValue[]`) where the table is in a cycle.
        var returnType: String
        var extras: [String]
        var suffix: String
    }
    struct RelationsContext: Encodable { var opening: String; var entries: [String] }

    /// SHA-256 of the templates the output is rendered with, recorded in the header (`TemplateSet.fingerprint`).
    package var templatesHash: String

    package init(templatesHash: String = "") { self.templatesHash = templatesHash }

    package func context(for schema: Schema) -> Context {
        var builder = DrizzleFile(schema: schema)
        builder.templatesHash = templatesHash
        return builder.build()
    }
}

/// A doc comment as a list of zero or one rendered comments: Mustache looks an absent value up in the enclosing
/// context, so an optional would let a column without a comment show its table's.
func docs(_ text: String?, indent: String = "") -> [String] {
    TS.docComment(text, indent: indent).map { [$0] } ?? []
}

/// The columns of `auth.users` that drizzle-orm/supabase's `authUsers` declares, by database name → property.
let supabaseAuthUserColumns: [String: String] = [
    "id": "id", "email": "email", "phone": "phone", "email_confirmed_at": "emailConfirmedAt",
    "phone_confirmed_at": "phoneConfirmedAt", "last_sign_in_at": "lastSignInAt", "created_at": "createdAt",
    "updated_at": "updatedAt",
]

/// Builds one schema file's context: names first (so imports can step aside), then every declaration in schema order.
struct DrizzleFile {
    let schema: Schema
    var scope = DrizzleScope()
    /// Module-level binding of each table (created and external), by qualified name.
    var tableNames: [QualifiedName: String] = [:]
    /// Property of each column in its table's drizzle object, by qualified table name and column name.
    var columnKeys: [QualifiedName: [String: String]] = [:]
    var enumNames: [QualifiedName: String] = [:]
    /// Exported type names (a separate namespace from the bindings), by `TypeKey`: two names the validator tells
    /// apart can become one identifier here (`ΣΣPROTOCOL` and `σςProtocol`: non-ASCII letters become `_`), so the
    /// later one is numbered.
    var typeNames: [String: String] = [:]
    var schemaNames: [String: String] = [:]
    var relationsNames: [QualifiedName: String] = [:]
    /// Tables whose foreign keys lead back to themselves through other tables.
    var cyclicTables: Set<QualifiedName> = []
    /// Whether `auth.users` is drizzle-orm/supabase's `authUsers` rather than a declaration of ours.
    var usesSupabaseAuthUsers = false
    var byteaHelper: String?
    /// The `customType` helper of each type drizzle-orm/pg-core has no builder for, by its SQL spelling.
    var customHelpers: [String: String] = [:]
    /// Those helpers in the order the schema first uses them: SQL spelling, data type, what the type is.
    var customOrder: [(sql: String, data: String, about: String)] = []

    /// See `foreignKeyNamesBetween(_:)`.
    let foreignKeyNamesBetween: [TablePair: [String]]
    /// The tables by name (a relation's target is looked up for every relation: a scan would be quadratic).
    let tablesByName: [QualifiedName: Table]
    /// For the header: see `DrizzleEmitter.templatesHash`.
    var templatesHash = ""

    init(schema: Schema) {
        self.schema = schema
        foreignKeyNamesBetween = Self.foreignKeyNamesBetween(schema)
        tablesByName = schema.tablesByName()
    }

    mutating func build() -> DrizzleEmitter.Context {
        claimNames()
        let shapes = schema.shapes.map(shapeContext)
        var enums: [DrizzleEmitter.EnumContext] = []
        for item in schema.enums { enums.append(enumContext(item)) }
        var externals: [DrizzleEmitter.TableContext] = []
        var reexports: [DrizzleEmitter.ReexportContext] = []
        for table in schema.externalTables {
            // Exported so relational queries can join it, which also shows it to drizzle-kit: say how to keep it out.
            let note = "External: owned outside this schema. Keep `\(table.name.schema)` out of drizzle-kit's `schemaFilter`."
            let doc = docs([table.documentation, note].compactMap { $0 }.joined(separator: "\n\n"))
            if usesSupabaseAuthUsers && table.name == Self.authUsers {
                reexports.append(.init(doc: doc, line: "export { \(tableName(table.name)) };"))
            } else {
                var context = tableContext(table)
                context.doc = doc
                externals.append(context)
            }
        }
        var tables: [DrizzleEmitter.TableContext] = []
        for table in schema.tables { tables.append(tableContext(table)) }
        for view in schema.views { tables.append(viewContext(view)) }
        var relations: [DrizzleEmitter.RelationsContext] = []
        for table in schema.tables {
            if let context = relationsContext(table) { relations.append(context) }
        }
        var types: [String] = []
        for table in schema.tables {
            let name = tableName(table.name)
            types.append("export type \(typeName("table  \(table.name)", table.names.type)) = typeof \(name).$inferSelect;")
            types.append("export type \(typeName("table New \(table.name)", "New" + table.names.type)) = typeof \(name).$inferInsert;")
            types += clientWriteTypes(table)
        }
        for table in schema.externalTables {
            types.append("export type \(typeName("table  \(table.name)", table.names.type)) = typeof \(tableName(table.name)).$inferSelect;")
        }
        for view in schema.views {
            types.append("export type \(typeName("view \(view.name)", view.names.type)) = typeof \(tableName(view.name)).$inferSelect;")
        }
        var helpers: [String] = []
        if let bytea = byteaHelper {
            let customType = scope.use("customType", from: .pgCore)
            helpers.append("""
            /** PostgreSQL `bytea`, which drizzle-orm/pg-core has no builder for. */
            const \(bytea) = \(customType)<{ data: Uint8Array }>({
              dataType() {
                return 'bytea';
              },
            });
            """)
        }
        for helper in customOrder {
            let customType = scope.use("customType", from: .pgCore)
            helpers.append((docs(helper.about) + [
                "const \(customHelpers[helper.sql] ?? "") = \(customType)<{ data: \(helper.data) }>({",
                "  dataType() {",
                "    return \(TS.string(helper.sql));",
                "  },",
                "});",
            ]).joined(separator: "\n"))
        }
        var schemas: [String] = []
        for (name, binding) in orderedSchemaNames() {
            let pgSchema = scope.use("pgSchema", from: .pgCore)
            // Only schemas the DDL creates are exported: drizzle-kit creates every schema a schema file exports.
            let export = schema.createdSchemas.contains(name) ? "export " : ""
            schemas.append("\(export)const \(binding) = \(pgSchema)(\(TS.string(name)));")
        }
        return DrizzleEmitter.Context(
            header: GeneratedHeader(commentPrefix: "//", templatesHash: templatesHash).render(for: schema),
            imports: scope.importLines(), helpers: helpers, schemas: schemas, shapes: shapes, enums: enums,
            externals: externals, reexports: reexports, tables: tables, relations: relations, types: types,
            hasHelpers: !helpers.isEmpty, hasSchemas: !schemas.isEmpty, hasTypes: !types.isEmpty)
    }

    static let authUsers = QualifiedName(schema: "auth", name: "users")

    // MARK: Names

    /// Claims every module-level name the schema defines, in schema order, before any import is chosen.
    /// Claims every exported type name, in the order the file declares them.
    mutating func claimTypeNames() {
        var types = DrizzleScope()
        for shape in schema.shapes { typeNames["shape \(shape.name)"] = types.claim(shape.name) }
        for item in schema.enums { typeNames["enum \(item.name)"] = types.claim(item.names.type) }
        for table in schema.tables {
            for suffix in ["", "New"] {
                typeNames["table \(suffix) \(table.name)"] = types.claim(suffix + table.names.type)
            }
            if table.columns.contains(where: \.isProtected) {
                typeNames["table ByClient \(table.name)"] = types.claim("New" + table.names.type + "ByClient")
                typeNames["table UpdateByClient \(table.name)"] = types.claim(table.names.type + "UpdateByClient")
            }
        }
        for table in schema.externalTables { typeNames["table  \(table.name)"] = types.claim(table.names.type) }
        for view in schema.views { typeNames["view \(view.name)"] = types.claim(view.names.type) }
    }

    /// The exported type name claimed for `key`, or `preferred` made an identifier.
    func typeName(_ key: String, _ preferred: String) -> String {
        typeNames[key] ?? TS.identifier(preferred)
    }

    mutating func claimNames() {
        claimTypeNames()
        let naming = Naming(acronyms: schema.settings.acronyms)
        if let auth = schema.externalTables.first(where: { $0.name == Self.authUsers }),
           auth.columns.allSatisfy({ supabaseAuthUserColumns[$0.name] != nil }) {
            usesSupabaseAuthUsers = true
        }
        for table in schema.allTables where !(usesSupabaseAuthUsers && table.name == Self.authUsers) {
            tableNames[table.name] = scope.claim(table.names.ts)
        }
        for table in schema.allTables {
            var keys: [String: String] = [:]
            for column in table.columns {
                if usesSupabaseAuthUsers && table.name == Self.authUsers {
                    keys[column.name] = supabaseAuthUserColumns[column.name] ?? column.names.ts
                } else {
                    keys[column.name] = column.names.ts
                }
            }
            columnKeys[table.name] = keys
        }
        for item in schema.enums {
            enumNames[item.name] = scope.claim(item.names.ts + "Enum")
        }
        for view in schema.views {
            tableNames[view.name] = scope.claim(view.names.ts)
            columnKeys[view.name] = Dictionary(view.columns.map { ($0.name, $0.names.ts) }, uniquingKeysWith: { first, _ in first })
        }
        for table in schema.tables where table.relations.contains(where: \.inDrizzle) {
            relationsNames[table.name] = scope.claim((tableNames[table.name] ?? table.names.ts) + "Relations")
        }
        var schemaOrder: [String] = []
        let users = schema.allTables.filter { !(usesSupabaseAuthUsers && $0.name == Self.authUsers) }.map(\.name.schema)
        for name in users + schema.enums.map(\.name.schema) + schema.views.map(\.name.schema) where name != "public" && !schemaOrder.contains(name) {
            schemaOrder.append(name)
        }
        for name in schemaOrder {
            schemaNames[name] = scope.claim(naming.camel(Naming.words(name), acronymsInMembers: false) + "Schema")
        }
        if schema.allTables.contains(where: { table in table.columns.contains { $0.type.valueType.element == .bytea } }) {
            byteaHelper = scope.claim("bytea")
        }
        for table in schema.allTables {
            for column in table.columns {
                guard let custom = Self.customType(column.type.valueType.element), customHelpers[custom.sql] == nil else { continue }
                customHelpers[custom.sql] = scope.claim(custom.name)
                customOrder.append((custom.sql, custom.data, custom.about))
            }
        }
        if usesSupabaseAuthUsers {
            tableNames[Self.authUsers] = scope.use("authUsers", from: .supabase)
        }
        cyclicTables = Self.tablesInCycles(schema.tables)
    }

    /// The `customType` a type needs, when drizzle-orm/pg-core has no builder for it: the helper's preferred name,
    /// the SQL spelling `dataType()` returns, the TypeScript type of its values and its documentation.
    static func customType(_ type: ColumnType) -> (name: String, sql: String, data: String, about: String)? {
        func builtin(_ data: String) -> (name: String, sql: String, data: String, about: String) {
            let sql = type.sqlName
            let name = Naming(acronyms: []).camel(Naming.words(sql), acronymsInMembers: false)
            return (name, sql, data, "PostgreSQL `\(sql)`, which drizzle-orm/pg-core has no builder for.")
        }
        switch type {
        case .citext, .tsvector, .tsquery, .xml, .money, .varbit, .range, .multirange: return builtin("string")
        case .geometric(let kind) where kind != .point && kind != .line: return builtin("string")
        case .oid: return builtin("number")
        case .vector(nil): return builtin("number[]")
        case .declared(let declared):
            let name = Naming(acronyms: []).camel(Naming.words(declared.name), acronymsInMembers: false)
            let about = "The declared type `\(declared.name)` (`\(declared.sql)`)." + (declared.comment.map { "\n\n" + $0 } ?? "")
            return (name, declared.sql, declared.ts, about)
        default: return nil
        }
    }

    /// Tables that reach themselves through foreign keys to other tables. TypeScript infers a table's type from its
    /// initializer, which names the referenced tables; around a cycle that inference would need its own result
    /// (TS7022), so these tables annotate the callbacks that name other tables.
    static func tablesInCycles(_ tables: [Table]) -> Set<QualifiedName> {
        var edges: [QualifiedName: [QualifiedName]] = [:]
        for table in tables {
            edges[table.name] = table.foreignKeys.map(\.referencedTable).filter { $0 != table.name }
        }
        var result: Set<QualifiedName> = []
        for table in tables {
            var stack = edges[table.name] ?? []
            var seen: Set<QualifiedName> = []
            while let next = stack.popLast() {
                if next == table.name { result.insert(table.name); break }
                if seen.insert(next).inserted { stack += edges[next] ?? [] }
            }
        }
        return result
    }

    func orderedSchemaNames() -> [(String, String)] {
        var seen: [String] = []
        for table in schema.allTables where schemaNames[table.name.schema] != nil && !seen.contains(table.name.schema) {
            seen.append(table.name.schema)
        }
        for item in schema.enums where schemaNames[item.name.schema] != nil && !seen.contains(item.name.schema) {
            seen.append(item.name.schema)
        }
        for view in schema.views where schemaNames[view.name.schema] != nil && !seen.contains(view.name.schema) {
            seen.append(view.name.schema)
        }
        return seen.compactMap { name in schemaNames[name].map { (name, $0) } }
    }

    func tableName(_ name: QualifiedName) -> String {
        tableNames[name] ?? TS.identifier(name.name)
    }

    func columnKey(_ table: QualifiedName, _ column: String) -> String {
        columnKeys[table]?[column] ?? column
    }

    /// For a table with protected columns, what a client of the API may write: the insert type without them, and
    /// an update (a partial of it). `New…` keeps every column, for the backend, which may write them.
    func clientWriteTypes(_ table: Table) -> [String] {
        let protected = table.columns.filter(\.isProtected)
        guard !protected.isEmpty else { return [] }
        let keys = protected.map { TS.string(columnKey(table.name, $0.name)) }.joined(separator: " | ")
        let insert = typeName("table ByClient \(table.name)", "New" + table.names.type + "ByClient")
        return [
            "/** An insert by an API client (anon, authenticated): protected columns are left out, the database refuses them. */",
            "export type \(insert) = Omit<\(typeName("table New \(table.name)", "New" + table.names.type)), \(keys)>;",
            "/** An update by an API client: any of the columns it may write. */",
            "export type \(typeName("table UpdateByClient \(table.name)", table.names.type + "UpdateByClient")) = Partial<\(insert)>;",
        ]
    }

    // MARK: Shapes and enums

    func shapeContext(_ shape: JSONShape) -> DrizzleEmitter.ShapeContext {
        let fields = shape.fields.map { field -> DrizzleEmitter.FieldContext in
            let type = tsType(field.type)
            // The key is the JSON key itself: drizzle stores the object as written, without renaming.
            let line = field.optional
                ? "  \(TS.propertyKey(field.key))?: \(type) | null;"
                : "  \(TS.propertyKey(field.key)): \(type);"
            return .init(doc: docs(field.comment, indent: "  "), line: line)
        }
        return .init(doc: docs(shape.comment), name: typeName("shape \(shape.name)", shape.name), fields: fields)
    }

    /// The TypeScript type of a JSON value: `map<T>` is `Record<string, T>`, `any` is `unknown`.
    func tsType(_ type: JSONType) -> String {
        switch type {
        case .string: return "string"
        case .integer, .number: return "number"
        case .boolean: return "boolean"
        case .any: return "unknown"
        case .array(let inner): return tsType(inner) + "[]"
        case .map(let inner): return "Record<string, \(tsType(inner))>"
        case .shape(let name): return typeName("shape \(name)", name)
        }
    }

    mutating func enumContext(_ item: EnumType) -> DrizzleEmitter.EnumContext {
        let name = enumNames[item.name] ?? TS.identifier(item.names.ts + "Enum")
        let factory: String
        if let schemaName = schemaNames[item.name.schema] {
            factory = "\(schemaName).enum"
        } else {
            factory = scope.use("pgEnum", from: .pgCore)
        }
        let values = item.values.map(TS.string).joined(separator: ", ")
        return .init(doc: docs(item.documentation),
                     declaration: "export const \(name) = \(factory)(\(TS.string(item.name.name)), [\(values)]);",
                     typeAlias: "export type \(typeName("enum \(item.name)", item.names.type)) = (typeof \(name).enumValues)[number];")
    }

    // MARK: Tables

    mutating func tableContext(_ table: Table) -> DrizzleEmitter.TableContext {
        let name = tableName(table.name)
        let factory: String
        if let schemaName = schemaNames[table.name.schema] {
            factory = "\(schemaName).table"
        } else {
            factory = scope.use("pgTable", from: .pgCore)
        }
        let parameter = scope.parameter(["t", "table", "self"])
        let inlineUniques = inlineUniqueConstraints(table)
        let inlineKeys = inlineForeignKeys(table)
        let columns = table.columns.map { column -> DrizzleEmitter.FieldContext in
            let builder = columnBuilder(column, in: table, unique: inlineUniques[column.name],
                                        foreignKey: inlineKeys[column.name])
            return .init(doc: docs(ProtectedColumnNote.documentation(column), indent: "  "),
                         line: "  \(TS.propertyKey(columnKey(table.name, column.name))): \(builder),")
        }
        var extras: [String] = []
        let keys = columnKeys[table.name] ?? [:]
        // Checks and expression indexes do not name the parameter; unused, it must start with `_` (noUnusedParameters).
        var usesParameter = false
        let column = { (columnName: String) -> String in
            usesParameter = true
            return TS.member(parameter, keys[columnName] ?? columnName)
        }
        if let key = table.primaryKey, needsPrimaryKeyConstraint(key, of: table) {
            let primaryKey = scope.use("primaryKey", from: .pgCore)
            extras.append("\(primaryKey)({ name: \(TS.string(key.name)), columns: [\(key.columns.map(column).joined(separator: ", "))] })")
        }
        for unique in table.uniques where !inlineUniques.values.contains(where: { $0.name == unique.name }) {
            let function = scope.use("unique", from: .pgCore)
            var text = "\(function)(\(TS.string(unique.name))).on(\(unique.columns.map(column).joined(separator: ", ")))"
            if unique.nullsNotDistinct { text += ".nullsNotDistinct()" }
            extras.append(text)
        }
        for check in table.checks {
            extras.append("\(scope.use("check", from: .pgCore))(\(TS.string(check.name)), \(sql(check.expression)))")
        }
        for key in table.foreignKeys where !inlineKeys.values.contains(where: { $0.name == key.name }) {
            let target = key.referencedTable == table.name
                ? key.referencedColumns.map(column)
                : key.referencedColumns.map { TS.member(tableName(key.referencedTable), columnKey(key.referencedTable, $0)) }
            var text = "\(scope.use("foreignKey", from: .pgCore))({ name: \(TS.string(key.name)), "
                + "columns: [\(key.columns.map(column).joined(separator: ", "))], foreignColumns: [\(target.joined(separator: ", "))] })"
            if key.onDelete != .noAction { text += ".onDelete(\(TS.string(key.onDelete.rawValue)))" }
            if key.onUpdate != .noAction { text += ".onUpdate(\(TS.string(key.onUpdate.rawValue)))" }
            extras.append(text)
        }
        for index in table.indexes {
            extras.append(indexBuilder(index, column: column))
        }
        let policies = schema.settings.drizzlePolicies && !table.isExternal
        if policies {
            for policy in table.rls.policies { extras.append(policyBuilder(policy)) }
        }
        // `.enableRLS()` states RLS even for a table without policies (deny-all), which drizzle-kit would not infer.
        let suffix = policies && table.rls.enabled ? ".enableRLS();" : ";"
        var returnType = ""
        if cyclicTables.contains(table.name) && !extras.isEmpty {
            returnType = ": \(scope.useType("PgTableExtraConfigValue", from: .pgCore))[]"
        }
        var doc = docs(table.documentation)
        if let partitioning = table.partitioning {
            // drizzle-orm has no partitioning: say where the table's shape comes from.
            let keys = partitioning.keys.map { $0.column.map(SQLSyntax.quoteIdent) ?? $0.expression ?? "" }.joined(separator: ", ")
            let note = "Partitioned by \(partitioning.strategy.sql) (\(keys)) into \(partitioning.partitions.count) "
                + "partition\(partitioning.partitions.count == 1 ? "" : "s") that schema.sql creates; drizzle-kit cannot create it partitioned."
            doc = docs([table.documentation, note].compactMap { $0 }.joined(separator: "\n\n"))
        }
        return .init(doc: doc,
                     opening: "export const \(name) = \(factory)(\(TS.string(table.name.name)), {",
                     columns: columns, hasExtras: !extras.isEmpty, parameter: usesParameter ? parameter : "_" + parameter,
                     returnType: returnType, extras: extras, suffix: suffix)
    }

    /// A view with its declared columns: `pgView(name, { ... }).existing()`, since the DDL creates it from its SQL.
    mutating func viewContext(_ view: View) -> DrizzleEmitter.TableContext {
        let name = tableName(view.name)
        let factory: String
        if view.name.schema != "public", let schemaName = schemaNames[view.name.schema] {
            factory = "\(schemaName).\(view.materialized ? "materializedView" : "view")"
        } else {
            factory = scope.use(view.materialized ? "pgMaterializedView" : "pgView", from: .pgCore)
        }
        let table = view.rowShape
        let columns = view.columns.map { column -> DrizzleEmitter.FieldContext in
            .init(doc: docs(column.comment, indent: "  "),
                  line: "  \(TS.propertyKey(columnKey(view.name, column.name))): \(columnBuilder(column, in: table, unique: nil, foreignKey: nil)),")
        }
        let kind = view.materialized ? "Materialized view" : "View"
        let note = "\(kind) created by the DDL from its SQL; read-only."
        return .init(doc: docs([view.comment, note].compactMap { $0 }.joined(separator: "\n\n")),
                     opening: "export const \(name) = \(factory)(\(TS.string(view.name.name)), {",
                     columns: columns, hasExtras: false, parameter: "", returnType: "", extras: [], suffix: ".existing();")
    }

    /// The unique constraint each column carries inline: its first single-column one.
    func inlineUniqueConstraints(_ table: Table) -> [String: UniqueConstraint] {
        var result: [String: UniqueConstraint] = [:]
        for unique in table.uniques where unique.columns.count == 1 && result[unique.columns[0]] == nil {
            result[unique.columns[0]] = unique
        }
        return result
    }

    /// Foreign keys written as `.references()`: only those whose DDL name is the one drizzle derives for it
    /// (`<table>_<column>_<target>_<column>_fk`), because `.references()` cannot carry a name and any other name would
    /// make drizzle-kit drop and re-create the constraint. The others are named `foreignKey()`s in the table config.
    func inlineForeignKeys(_ table: Table) -> [String: ForeignKey] {
        var result: [String: ForeignKey] = [:]
        for key in table.foreignKeys where key.columns.count == 1 && key.referencedTable != table.name {
            let derived = "\(table.name.name)_\(key.columns[0])_\(key.referencedTable.name)_\(key.referencedColumns[0])_fk"
            if key.name == derived && result[key.columns[0]] == nil { result[key.columns[0]] = key }
        }
        return result
    }

    /// `sql` tagged template holding SQL text verbatim.
    mutating func sql(_ text: String) -> String {
        "\(scope.use("sql", from: .orm))`\(TS.templateLiteral(text))`"
    }

    mutating func indexBuilder(_ index: Index, column: (String) -> String) -> String {
        let function = scope.use(index.unique ? "uniqueIndex" : "index", from: .pgCore)
        var parts: [String] = []
        for part in index.parts {
            if let name = part.column {
                var text = column(name)
                if let opclass = part.opclass { text += ".op(\(TS.string(opclass)))" }
                // drizzle's index columns default to NULLS LAST in both directions; PostgreSQL's DESC means NULLS FIRST.
                if part.descending { text += ".desc().nullsFirst()" }
                parts.append(text)
            } else if let expression = part.expression {
                parts.append(sql(expression + (part.opclass.map { " " + $0 } ?? "") + (part.descending ? " DESC" : "")))
            }
        }
        var text = "\(function)(\(TS.string(index.name)))"
        if index.method == "btree" {
            text += ".on(\(parts.joined(separator: ", ")))"
        } else {
            text += ".using(\(TS.string(index.method)), \(parts.joined(separator: ", ")))"
        }
        if let predicate = index.predicate { text += ".where(\(sql(predicate)))" }
        return text
    }

    mutating func policyBuilder(_ policy: Policy) -> String {
        var fields: [String] = []
        if !policy.permissive { fields.append("as: 'restrictive'") }
        fields.append("for: \(TS.string(policy.command.rawValue))")
        var roles: [String] = []
        for name in policy.roles { roles.append(role(name)) }
        if roles.count == 1 {
            fields.append("to: \(roles[0])")
        } else if roles.count > 1 {
            fields.append("to: [\(roles.joined(separator: ", "))]")
        }
        if let using = policy.using { fields.append("using: \(sql(using))") }
        if let withCheck = policy.withCheck { fields.append("withCheck: \(sql(withCheck))") }
        let body = fields.map { "    \($0),\n" }.joined()
        return "\(scope.use("pgPolicy", from: .pgCore))(\(TS.string(policy.name)), {\n\(body)  })"
    }

    /// Supabase's roles as drizzle-orm/supabase declares them (marked as existing, so drizzle-kit never creates them).
    mutating func role(_ name: String) -> String {
        switch name {
        case "anon": return scope.use("anonRole", from: .supabase)
        case "authenticated": return scope.use("authenticatedRole", from: .supabase)
        case "service_role": return scope.use("serviceRole", from: .supabase)
        default: return TS.string(name)
        }
    }

    // MARK: Relations

    mutating func relationsContext(_ table: Table) -> DrizzleEmitter.RelationsContext? {
        guard let binding = relationsNames[table.name], table.relations.contains(where: \.inDrizzle) else { return nil }
        let name = tableName(table.name)
        let oneLocal = scope.isTaken("one") ? scope.parameter(["hasOne", "one_"]) : "one"
        let manyLocal = scope.isTaken("many") ? scope.parameter(["hasMany", "many_"]) : "many"
        var usesOne = false, usesMany = false
        var entries: [String] = []
        for relation in table.relations where relation.inDrizzle {
            guard let key = foreignKey(for: relation, in: table) else { continue }
            let target = tableName(relation.target)
            let relationName = ambiguousRelationName(key, owner: relation.isOwningSide ? table.name : relation.target)
            let property = TS.propertyKey(relation.name)
            switch (relation.kind, relation.isOwningSide) {
            case (.many, _):
                usesMany = true
                let config = relationName.map { ", { relationName: \(TS.string($0)) }" } ?? ""
                entries.append("\(property): \(manyLocal)(\(target)\(config)),")
            case (.one, true):
                usesOne = true
                let fields = key.columns.map { TS.member(name, columnKey(table.name, $0)) }
                let references = key.referencedColumns.map { TS.member(target, columnKey(relation.target, $0)) }
                entries.append(oneConfig(property, oneLocal, target, fields: fields, references: references, relationName: relationName))
            case (.one, false):
                usesOne = true
                if let relationName {
                    // drizzle accepts a relation name on `one` only together with fields, so the join is spelled out.
                    let fields = key.referencedColumns.map { TS.member(name, columnKey(table.name, $0)) }
                    let references = key.columns.map { TS.member(target, columnKey(relation.target, $0)) }
                    entries.append(oneConfig(property, oneLocal, target, fields: fields, references: references, relationName: relationName))
                } else {
                    entries.append("\(property): \(oneLocal)(\(target)),")
                }
            }
        }
        var helpers: [String] = []
        if usesOne { helpers.append(oneLocal == "one" ? "one" : "one: \(oneLocal)") }
        if usesMany { helpers.append(manyLocal == "many" ? "many" : "many: \(manyLocal)") }
        let relations = scope.use("relations", from: .orm)
        return .init(opening: "export const \(binding) = \(relations)(\(name), ({ \(helpers.joined(separator: ", ")) }) => ({",
                     entries: entries)
    }

    func oneConfig(_ property: String, _ one: String, _ target: String, fields: [String], references: [String],
                   relationName: String?) -> String {
        var lines = ["\(property): \(one)(\(target), {"]
        lines.append("    fields: [\(fields.joined(separator: ", "))],")
        lines.append("    references: [\(references.joined(separator: ", "))],")
        if let relationName { lines.append("    relationName: \(TS.string(relationName)),") }
        lines.append("  }),")
        return lines.joined(separator: "\n")
    }

    /// The foreign key a relation follows: a constraint of this table (owning side) or of the target.
    func foreignKey(for relation: Relation, in table: Table) -> ForeignKey? {
        let owner = relation.isOwningSide ? table : tablesByName[relation.target]
        return owner?.foreignKeys.first { $0.name == relation.foreignKey }
    }

    /// The `relationName` both sides of a foreign key share when drizzle could not pair them by tables alone: a
    /// self-reference, or more than one foreign key between the same two tables (either direction).
    func ambiguousRelationName(_ key: ForeignKey, owner: QualifiedName) -> String? {
        let other = key.referencedTable
        if other == owner { return key.name }
        let between = foreignKeyNamesBetween[TablePair(owner, other)] ?? []
        if between.count <= 1 { return nil }
        let sameName = between.filter { $0 == key.name }.count > 1
        return sameName ? "\(owner.name).\(key.name)" : key.name
    }

    /// Two tables in either order, as a dictionary key.
    struct TablePair: Hashable {
        var first: QualifiedName
        var second: QualifiedName

        init(_ a: QualifiedName, _ b: QualifiedName) {
            let ordered = (a.schema, a.name) <= (b.schema, b.name)
            first = ordered ? a : b
            second = ordered ? b : a
        }
    }

    /// The names of the foreign keys between each two tables, in either direction: computed once, so finding the
    /// ambiguous relations does not scan every table for every relation.
    static func foreignKeyNamesBetween(_ schema: Schema) -> [TablePair: [String]] {
        var result: [TablePair: [String]] = [:]
        for table in schema.tables {
            for key in table.foreignKeys {
                result[TablePair(table.name, key.referencedTable), default: []].append(key.name)
            }
        }
        return result
    }
}

// MARK: Template values

// The context as the template engine reads it. Every stored property is a field; `MustacheTests` checks that
// these values equal what the properties encode to, for every fixture.

extension DrizzleEmitter.ShapeContext: MustacheRepresentable {
    private static let fields = ["doc", "name", "fields"]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [
            .strings(doc),
            .string(name),
            .list(fields.map(\.mustacheValue)),
        ])
    }
}

extension DrizzleEmitter.FieldContext: MustacheRepresentable {
    private static let fields = ["doc", "line"]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [.strings(doc), .string(line)])
    }
}

extension DrizzleEmitter.EnumContext: MustacheRepresentable {
    private static let fields = ["doc", "declaration", "typeAlias"]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [
            .strings(doc),
            .string(declaration),
            .string(typeAlias),
        ])
    }
}

extension DrizzleEmitter.ReexportContext: MustacheRepresentable {
    private static let fields = ["doc", "line"]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [.strings(doc), .string(line)])
    }
}

extension DrizzleEmitter.RelationsContext: MustacheRepresentable {
    private static let fields = ["opening", "entries"]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [.string(opening), .strings(entries)])
    }
}

extension DrizzleEmitter.Context: MustacheRepresentable {
    private static let fields = [
        "header", "imports", "helpers", "schemas", "shapes", "enums", "externals", "reexports", "tables",
        "relations", "types", "hasHelpers", "hasSchemas", "hasTypes",
    ]

    package var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [
            .string(header),
            .strings(imports),
            .strings(helpers),
            .strings(schemas),
            .list(shapes.map(\.mustacheValue)),
            .list(enums.map(\.mustacheValue)),
            .list(externals.map(\.mustacheValue)),
            .list(reexports.map(\.mustacheValue)),
            .list(tables.map(\.mustacheValue)),
            .list(relations.map(\.mustacheValue)),
            .strings(types),
            .bool(hasHelpers),
            .bool(hasSchemas),
            .bool(hasTypes),
        ])
    }
}

extension DrizzleEmitter.TableContext: MustacheRepresentable {
    private static let fields = [
        "doc", "opening", "columns", "hasExtras", "parameter", "returnType", "extras", "suffix",
    ]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [
            .strings(doc),
            .string(opening),
            .list(columns.map(\.mustacheValue)),
            .bool(hasExtras),
            .string(parameter),
            .string(returnType),
            .strings(extras),
            .string(suffix),
        ])
    }
}

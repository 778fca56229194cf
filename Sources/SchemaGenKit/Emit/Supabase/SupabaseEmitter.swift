import Foundation

/// supabase-js's `Database` type (`database.types.ts`) in the shape `supabase gen types typescript` writes it
/// (postgres-meta's TypeScript template, formatted by prettier), so `createClient<Database>()` types every query.
///
/// What postgres-meta reads from the catalog is derived here from the IR: the format (type name) PostgreSQL gives
/// each column, whether it is nullable or has a default, and the foreign keys with the DDL's constraint names.
/// Objects the IR does not model are written as postgres-meta writes an empty section: functions (raw `sql:`
/// blocks only) and composite types. External tables are left out: only their referenced columns are declared.
package struct SupabaseEmitter: Emitter {
    package static let target = Target.supabase

    package struct Context: Encodable {
        var header: String
        var schemas: [SchemaContext]
        /// The schema the helper types default to, as a string literal (`"public"`).
        var defaultSchema: String
    }

    /// One PostgreSQL schema: its `Tables`, `Views` and `Enums`, and its `Constants` entry.
    struct SchemaContext: Encodable {
        var key: String
        var tables: [TableContext]
        var views: [TableContext]
        /// `Enums` members, each already laid out as prettier does (one line, or broken after the key).
        var enums: [String]
        /// `Constants` enum arrays, laid out the same way.
        var constants: [String]
        var hasTables: Bool
        var hasViews: Bool
        var hasEnums: Bool
        var hasConstants: Bool
    }

    /// A table or view: `Row`, and for tables `Insert` and `Update`; fields are laid-out lines.
    struct TableContext: Encodable {
        var key: String
        var row: [String]
        var insert: [String]
        var update: [String]
        var relationships: [RelationshipContext]
        var hasRow: Bool
        var hasInsert: Bool
        var hasUpdate: Bool
        /// Whether `Insert` and `Update` are written at all (tables; views are read as not updatable).
        var writable: Bool
        var hasRelationships: Bool
    }

    struct RelationshipContext: Encodable {
        var foreignKeyName: String
        var columns: String
        var isOneToOne: String
        var referencedRelation: String
        var referencedColumns: String
    }

    /// SHA-256 of the templates the output is rendered with, recorded in the header (`TemplateSet.fingerprint`).
    package var templatesHash: String

    package init(templatesHash: String = "") { self.templatesHash = templatesHash }

    package func context(for schema: Schema) -> Context {
        let file = SupabaseFile(schema: schema)
        return Context(header: GeneratedHeader(commentPrefix: "//", templatesHash: templatesHash).render(for: schema),
                       schemas: file.schemaContexts(), defaultSchema: TS.prettierString("public"))
    }
}

/// The rules of postgres-meta's `typescript.ts`, applied to the IR.
struct SupabaseFile {
    let schema: Schema
    /// The schemas written: `public` and every schema holding a created table, a view or an enum, in postgres-meta's order.
    let schemaNames: [String]
    let domains: [QualifiedName: Domain]

    /// Indentation of the members of `Row`, `Insert` and `Update` (and of a relationship's object).
    static let fieldIndent = 10
    static let relationshipFieldIndent = 12
    static let enumIndent = 6

    init(schema: Schema) {
        self.schema = schema
        var names: Set<String> = ["public"]
        for table in schema.tables { names.insert(table.name.schema) }
        for partitioned in schema.tables { for partition in partitioned.partitioning?.partitions ?? [] { names.insert(partition.name.schema) } }
        for view in schema.views { names.insert(view.name.schema) }
        for item in schema.enums { names.insert(item.name.schema) }
        schemaNames = names.sorted(by: Collation.less)
        var domains: [QualifiedName: Domain] = [:]
        for domain in schema.domains { domains[domain.name] = domain }
        self.domains = domains
    }

    func schemaContexts() -> [SupabaseEmitter.SchemaContext] {
        schemaNames.map { name in
            var tables: [(String, SupabaseEmitter.TableContext)] = []
            for table in schema.tables where table.name.schema == name {
                tables.append((table.name.name, tableContext(table, columns: table.columns, name: table.name.name,
                                                             identity: true, foreignKeys: table.foreignKeys)))
            }
            for table in schema.tables {
                // A partition is a table of its own with the parent's columns; its foreign keys are the parent's
                // (`conparentid <> 0`), which postgres-meta leaves out, and before PostgreSQL 17 no identity.
                for partition in table.partitioning?.partitions ?? [] where partition.name.schema == name {
                    tables.append((partition.name.name, tableContext(table, columns: table.columns, name: partition.name.name,
                                                                     identity: false, foreignKeys: [])))
                }
            }
            tables.sort { Collation.less($0.0, $1.0) }
            let views = schema.views.filter { $0.name.schema == name }
                .sorted { Collation.less($0.name.name, $1.name.name) }
                .map(viewContext)
            let enums = schema.enums.filter { $0.name.schema == name }.sorted { Collation.less($0.name.name, $1.name.name) }
            let enumLines = enums.map { item in
                PrettierLayout.union(key: TS.prettierKey(item.name.name), optional: false,
                                     members: item.values.map(TS.prettierString), indent: Self.enumIndent)
            }
            let constants = enums.map { item in
                PrettierLayout.array(key: TS.prettierKey(item.name.name), elements: item.values.map(TS.prettierString),
                                     indent: Self.enumIndent, trailing: ",")
            }
            return SupabaseEmitter.SchemaContext(
                key: TS.prettierKey(name), tables: tables.map(\.1), views: views, enums: enumLines, constants: constants,
                hasTables: !tables.isEmpty, hasViews: !views.isEmpty, hasEnums: !enums.isEmpty, hasConstants: !enums.isEmpty)
        }
    }

    func tableContext(_ table: Table, columns: [Column], name: String, identity: Bool,
                      foreignKeys: [ForeignKey]) -> SupabaseEmitter.TableContext {
        let primary = Set(table.primaryKey?.columns ?? [])
        let sorted = columns.sorted { Collation.less($0.name, $1.name) }
        var row: [String] = []
        var insert: [String] = []
        var update: [String] = []
        for column in sorted {
            let type = tsType(format: format(of: column.type), schema: table.name.schema)
            let nullable = column.nullable && !primary.contains(column.name) && !domainIsNotNull(column.type)
            let key = TS.prettierKey(column.name)
            row.append(field(key, type, nullable: nullable, optional: false))
            if identity && column.identity == .always {
                insert.append(PrettierLayout.indent(Self.fieldIndent) + key + "?: never")
                update.append(PrettierLayout.indent(Self.fieldIndent) + key + "?: never")
                continue
            }
            // postgres-meta: optional when nullable, an identity, or with a default (`atthasdef`, which a serial's
            // nextval and a generated column's expression are; a domain's default is not the column's).
            let hasDefault = column.defaultValue != nil || column.type.isSerial || column.generated != nil
            let optional = nullable || (identity && column.identity != nil) || hasDefault
            insert.append(field(key, type, nullable: nullable, optional: optional))
            update.append(field(key, type, nullable: nullable, optional: true))
        }
        let relationships = foreignKeys
            .filter { $0.referencedTable.schema == table.name.schema }
            .sorted { a, b in
                if a.name != b.name { return Collation.less(a.name, b.name) }
                if a.referencedTable.name != b.referencedTable.name {
                    return Collation.less(a.referencedTable.name, b.referencedTable.name)
                }
                return Collation.less(a.referencedColumns.joined(separator: ","), b.referencedColumns.joined(separator: ","))
            }
            .map { relationship($0, in: table) }
        return SupabaseEmitter.TableContext(
            key: TS.prettierKey(name), row: row, insert: insert, update: update, relationships: relationships,
            hasRow: !row.isEmpty, hasInsert: !insert.isEmpty, hasUpdate: !update.isEmpty, writable: true,
            hasRelationships: !relationships.isEmpty)
    }

    /// A view's columns are always nullable to the catalog (`attnotnull` is false). Whether a view is updatable is
    /// PostgreSQL's judgement of its query, which the IR does not make: every view is written as postgres-meta
    /// writes one that is not (`Row` and `Relationships` only), so a client never writes through one by type.
    func viewContext(_ view: View) -> SupabaseEmitter.TableContext {
        let row = view.columns.sorted { Collation.less($0.name, $1.name) }.map { column in
            field(TS.prettierKey(column.name), tsType(format: format(of: column.type), schema: view.name.schema),
                  nullable: true, optional: false)
        }
        return SupabaseEmitter.TableContext(
            key: TS.prettierKey(view.name.name), row: row, insert: [], update: [], relationships: [],
            hasRow: !row.isEmpty, hasInsert: false, hasUpdate: false, writable: false, hasRelationships: false)
    }

    func relationship(_ key: ForeignKey, in table: Table) -> SupabaseEmitter.RelationshipContext {
        // postgres-meta: one to one when the key's columns are exactly those of a primary key or unique constraint
        // of the referencing table, compared in column order (`array_agg(... ORDER BY attnum)`).
        let position = Dictionary(table.columns.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        let ordered = { (names: [String]) in names.sorted { (position[$0] ?? 0) < (position[$1] ?? 0) } }
        var keys = table.uniques.map(\.columns)
        if let primary = table.primaryKey { keys.append(primary.columns) }
        let oneToOne = keys.contains { ordered($0) == key.columns }
        let indent = Self.relationshipFieldIndent
        return SupabaseEmitter.RelationshipContext(
            foreignKeyName: TS.prettierString(key.name),
            columns: PrettierLayout.array(key: "columns", elements: key.columns.map(TS.prettierString), indent: indent, trailing: ""),
            isOneToOne: oneToOne ? "true" : "false",
            referencedRelation: TS.prettierString(key.referencedTable.name),
            referencedColumns: PrettierLayout.array(key: "referencedColumns", elements: key.referencedColumns.map(TS.prettierString),
                                                    indent: indent, trailing: ""))
    }

    func field(_ key: String, _ type: String, nullable: Bool, optional: Bool) -> String {
        // `unknown` already holds null (postgres-meta's generateNullableUnionTsType).
        let members = nullable && type != "unknown" ? [type, "null"] : [type]
        return PrettierLayout.union(key: key, optional: optional, members: members, indent: Self.fieldIndent)
    }

    func domainIsNotNull(_ type: ColumnType) -> Bool {
        guard case .domain(let name, _) = type, let domain = domains[name] else { return false }
        return !domain.nullable
    }

    /// The type name postgres-meta reads for a column (`COALESCE(base type, type).typname`): `int4`, `_text`, an
    /// enum's or a domain's base type's name.
    func format(of type: ColumnType) -> String {
        switch type {
        case .enumeration(let name): return name.name
        // A domain's base type, when that is not a domain itself (then its own name, which maps to nothing).
        case .domain(_, let base):
            if case .domain(let inner, _) = base { return inner.name }
            return format(of: base)
        // The array type of the element: `_int4`; for an enum or a domain, `_` and its name.
        case .array(let element):
            switch element {
            case .domain(let name, _), .enumeration(let name): return "_" + name.name
            default: return "_" + format(of: element)
            }
        case .declared(let declared): return Self.typeName(sql: declared.sql)
        default: return Self.typeName(sql: type.sqlName)
        }
    }

    /// The catalog name of a type written in SQL (`public.ltree` → `ltree`, `double precision` → `float8`,
    /// `geometry(Point,4326)` → `geometry`, `text[]` → `_text`).
    static func typeName(sql: String) -> String {
        var text = sql.trimmingCharacters(in: .whitespaces).lowercased()
        var arrays = 0
        while text.hasSuffix("[]") {
            arrays += 1
            text = String(text.dropLast(2)).trimmingCharacters(in: .whitespaces)
        }
        if let paren = text.firstIndex(of: "(") {
            let tail = text[text.index(after: paren)...].split(separator: ")", maxSplits: 1, omittingEmptySubsequences: false)
            text = String(text[..<paren]) + (tail.count > 1 ? String(tail[1]) : "")
        }
        text = text.split(separator: " ").joined(separator: " ")
        if let dot = text.lastIndex(of: "."), !text.contains("\"") { text = String(text[text.index(after: dot)...]) }
        text = text.replacingOccurrences(of: "\"", with: "")
        let aliases = [
            "integer": "int4", "int": "int4", "smallint": "int2", "bigint": "int8", "boolean": "bool", "real": "float4",
            "double precision": "float8", "character varying": "varchar", "character": "bpchar", "char": "bpchar",
            "decimal": "numeric", "timestamp with time zone": "timestamptz", "timestamp without time zone": "timestamp",
            "time with time zone": "timetz", "time without time zone": "time", "bit varying": "varbit",
            "serial": "int4", "bigserial": "int8", "smallserial": "int2",
        ]
        let name = aliases[text] ?? text
        return arrays > 0 ? "_" + name : name
    }

    /// postgres-meta's `pgTypeToTsType`: the TypeScript type of a column of the given type name.
    func tsType(format name: String, schema owner: String) -> String {
        switch name {
        case "bool": return "boolean"
        case "int2", "int4", "int8", "float4", "float8", "numeric": return "number"
        case "bytea", "bpchar", "varchar", "date", "text", "citext", "time", "timetz", "timestamp", "timestamptz",
             "uuid", "vector", "interval":
            return "string"
        case "json", "jsonb": return "Json"
        case "void": return "undefined"
        case "record": return "Record<string, unknown>"
        default: break
        }
        if name.hasPrefix("_") {
            // `(T)[]`, which prettier writes `T[]` (an element type here is never a union).
            return tsType(format: String(name.dropFirst()), schema: owner) + "[]"
        }
        let candidates = schema.enums.filter { $0.name.name == name }
        if let found = candidates.first(where: { $0.name.schema == owner }) ?? candidates.first {
            if schemaNames.contains(found.name.schema) {
                return "Database[\(TS.prettierString(found.name.schema))][\"Enums\"][\(TS.prettierString(found.name.name))]"
            }
            return found.values.map(TS.prettierString).joined(separator: " | ")
        }
        return "unknown"
    }
}

/// The few layouts prettier (printWidth 80, no semicolons) gives the lines of this file.
enum PrettierLayout {
    static let width = 80

    static func indent(_ count: Int) -> String { String(repeating: " ", count: count) }

    /// `key: A | B` on one line when it fits, else the key alone and each member on its own line after `| `.
    static func union(key: String, optional: Bool, members: [String], indent count: Int) -> String {
        let head = indent(count) + key + (optional ? "?:" : ":")
        let line = head + " " + members.joined(separator: " | ")
        if members.count < 2 || displayWidth(line) <= width { return line }
        return ([head] + members.map { indent(count + 2) + "| " + $0 }).joined(separator: "\n")
    }

    /// `key: [a, b]` on one line when it fits, else one element a line with a trailing comma; `trailing` follows the
    /// closing bracket (`,` in an object literal).
    static func array(key: String, elements: [String], indent count: Int, trailing: String) -> String {
        let line = indent(count) + key + ": [" + elements.joined(separator: ", ") + "]" + trailing
        if elements.isEmpty || displayWidth(line) <= width { return line }
        return ([indent(count) + key + ": ["] + elements.map { indent(count + 2) + $0 + "," } + [indent(count) + "]" + trailing])
            .joined(separator: "\n")
    }

    /// The width prettier measures: East Asian wide characters count two columns, combining marks none.
    static func displayWidth(_ text: String) -> Int {
        var total = 0
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark: continue
            default: break
            }
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
                 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
                 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
                total += 2
            default:
                total += 1
            }
        }
        return total
    }
}

/// postgres-meta sorts names with JavaScript's `localeCompare` (ICU's root collation): punctuation before digits
/// before letters; letters compared first without accents or case (`naïve` before `name`), then accents, then lower
/// case before upper case, then code points.
enum Collation {
    static func less(_ a: String, _ b: String) -> Bool {
        for level in [primaryKey, secondaryKey, tertiaryKey] {
            let ka = level(a), kb = level(b)
            if ka != kb { return ka.lexicographicallyPrecedes(kb) }
        }
        return a.unicodeScalars.map(\.value).lexicographicallyPrecedes(b.unicodeScalars.map(\.value))
    }

    private static func primaryKey(_ text: String) -> [UInt32] {
        text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
            .unicodeScalars.map(primary)
    }

    private static func secondaryKey(_ text: String) -> [UInt32] {
        text.folding(options: [.caseInsensitive], locale: nil).unicodeScalars.map(\.value)
    }

    private static func tertiaryKey(_ text: String) -> [UInt32] {
        text.unicodeScalars.map(tertiary)
    }

    /// ICU's order of the ASCII punctuation and symbols, which all sort before digits and letters.
    private static let symbols = Array("_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$".unicodeScalars)

    private static func primary(_ scalar: Unicode.Scalar) -> UInt32 {
        if scalar == " " { return 1 }
        if let index = symbols.firstIndex(of: scalar) { return 10 + UInt32(index) }
        if ("0"..."9").contains(scalar) { return 100 + scalar.value }
        if ("a"..."z").contains(scalar) { return 200 + scalar.value }
        if ("A"..."Z").contains(scalar) { return 200 + scalar.value + 32 }
        if scalar.value < 0x80 { return 50 + scalar.value }
        let lower = scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar
        return 0x1000 + lower.value
    }

    private static func tertiary(_ scalar: Unicode.Scalar) -> UInt32 {
        scalar.properties.isUppercase ? 1 : 0
    }
}

// MARK: Template values

// The context as the template engine reads it. Every stored property is a field; `MustacheTests` checks that
// these values equal what the properties encode to, for every fixture.

extension SupabaseEmitter.RelationshipContext: MustacheRepresentable {
    private static let fields = ["foreignKeyName", "columns", "isOneToOne", "referencedRelation", "referencedColumns"]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [
            .string(foreignKeyName), .string(columns), .string(isOneToOne), .string(referencedRelation),
            .string(referencedColumns),
        ])
    }
}

extension SupabaseEmitter.TableContext: MustacheRepresentable {
    private static let fields = [
        "key", "row", "insert", "update", "relationships", "hasRow", "hasInsert", "hasUpdate", "writable", "hasRelationships",
    ]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [
            .string(key), .strings(row), .strings(insert), .strings(update), .list(relationships.map(\.mustacheValue)),
            .bool(hasRow), .bool(hasInsert), .bool(hasUpdate), .bool(writable), .bool(hasRelationships),
        ])
    }
}

extension SupabaseEmitter.SchemaContext: MustacheRepresentable {
    private static let fields = [
        "key", "tables", "views", "enums", "constants", "hasTables", "hasViews", "hasEnums", "hasConstants",
    ]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [
            .string(key), .list(tables.map(\.mustacheValue)), .list(views.map(\.mustacheValue)), .strings(enums),
            .strings(constants), .bool(hasTables), .bool(hasViews), .bool(hasEnums), .bool(hasConstants),
        ])
    }
}

extension SupabaseEmitter.Context: MustacheRepresentable {
    private static let fields = ["header", "schemas", "defaultSchema"]

    package var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [
            .string(header), .list(schemas.map(\.mustacheValue)), .string(defaultSchema),
        ])
    }
}

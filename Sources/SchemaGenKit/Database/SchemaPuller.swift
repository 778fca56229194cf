import Foundation

/// Turns a `DatabaseCatalog` into an idiomatic schema.yaml: short forms where they fit, every name kept, and raw `sql:`
/// blocks (each announced by a warning) for what the language does not hold.
public struct SchemaPuller {
    /// The written schema.yaml and what the reader should know about it.
    public struct Result: Sendable {
        public var yaml: String
        /// One line per object written as raw SQL or left out.
        public var warnings: [String]
    }

    let catalog: DatabaseCatalog
    /// Schemas whose tables have row-level security on by default (`settings.exposed_schemas`).
    let exposed: Set<String> = ["public"]
    private var warnings: [String] = []
    private var raw: [DatabaseCatalog.RawObject] = []
    private var declaredTypes: [(name: String, sql: String)] = []
    /// Sequences written as a serial column rather than a `sequences:` entry.
    private var serialSequences: Set<String> = []

    /// Foreign keys (`schema.table|constraint`) whose relations are named explicitly, with the round that named them.
    private var namedRelations: [String: Int] = [:]
    /// Where the validator reports a foreign key's relation names (`tables.orders.columns.region.references`).
    private var foreignKeyPaths: [String: String] = [:]

    /// Whether column groups repeated on many tables become `mixins:`.
    var usesMixins = false
    /// Whether policies are always written out as PostgreSQL prints them, never as the `owner:` shorthand (the
    /// differ compares two inspected catalogs, and the shorthand would stand for schemagen's spelling on one side).
    var explicitPolicies = false

    /// Writes the schema.yaml for `catalog`; `mixins`: column groups repeated on three or more tables (the same leading
    /// or trailing columns, written alike) become `mixins:` that the tables `use:`.
    public static func pull(_ catalog: DatabaseCatalog, mixins: Bool = false, explicitPolicies: Bool = false) -> Result {
        var named: [String: Int] = [:]
        var result = Result(yaml: "", warnings: [])
        // The ORM relation names are derived from foreign keys; where two derive the same name on one table (two
        // foreign keys to the same table, a column named like its target), those foreign keys get names of their own.
        // A name chosen in one round can collide with another's in the next (three tables differing only by case, two
        // foreign keys from columns differing only by case): such a name is chosen again, with a number no other
        // name has (names first chosen in one round share its number, so two of them may collide once more).
        let rounds = 12
        var renumbered = rounds + 1
        for round in 1...rounds {
            var puller = SchemaPuller(catalog: catalog)
            puller.usesMixins = mixins
            puller.explicitPolicies = explicitPolicies
            puller.namedRelations = named
            result = puller.run()
            let (_, diagnostics) = Pipeline.load([UInt8](result.yaml.utf8), fileName: "schema.yaml")
            var fresh: [String] = []
            for diagnostic in diagnostics where diagnostic.severity == .error {
                let key: String?
                switch diagnostic.code {
                case "relation-collision": key = puller.foreignKeyPaths[diagnostic.path]
                case "invalid-identifier", "name-collision": key = puller.namePaths[diagnostic.path]
                default: key = nil
                }
                if let key, !fresh.contains(key) { fresh.append(key) }
            }
            if fresh.isEmpty { break }
            for key in fresh {
                if named[key] == nil {
                    named[key] = round
                } else {
                    named[key] = renumbered
                    renumbered += 1
                }
            }
        }
        return result
    }

    /// Tables and columns (`schema.table`, `schema.table|column`) by the path the validator reports their names at.
    private var namePaths: [String: String] = [:]

    /// `names:` of a table whose derived code names are reserved, shadow a standard type or collide with another's.
    private func tableNames(schema: String, name: String) -> YAMLOut? {
        guard let round = namedRelations["\(schema).\(name)"] else { return nil }
        let spelled = Validator.codeSpelling(name, wordless: "unnamed_table")
        var words = Naming.words(spelled).map { $0.lowercased() }
        guard !words.isEmpty else { return nil }
        // A name chosen here is an identifier: it starts with a letter (`9lives` → `Table9LiveRow`).
        let lead = words[0].first?.isLetter == true ? [] : ["table"]
        words[words.count - 1] = Inflector.singular(words[words.count - 1])
        let pascal = (lead + words).map(Naming.capitalize).joined()
        let camel = SchemaPuller.camel(lead + Naming.words(spelled).map { $0.lowercased() })
        let number = round > 1 ? String(round) : ""
        return .map([("type", .string(pascal + "Row" + number)), ("ts", .string(camel + "Table" + number))])
    }

    /// `names:` of an enum whose derived type name shadows a standard type or is another enum's: the schema's words
    /// in front (`other.item_type` → `OtherItemType`), or `Enum` after a name in `public` (`Type` → `TypeEnum`).
    private func enumNames(_ item: DatabaseCatalog.EnumType) -> YAMLOut? {
        guard let round = namedRelations["enum \(item.schema).\(item.name)"] else { return nil }
        var words = Naming.words(item.name).map { $0.lowercased() }
        words = item.schema == "public" ? words + ["enum"] : Naming.words(item.schema).map { $0.lowercased() } + words
        if words.first?.first?.isLetter != true { words.insert("enum", at: 0) }
        let number = round > 1 ? String(round) : ""
        return .map([("type", .string(words.map(Naming.capitalize).joined() + number)),
                     ("ts", .string(SchemaPuller.camel(words) + number))])
    }

    /// `names:` of a column whose code names collide with another column's: numbered by its position.
    private func columnNames(_ table: DatabaseCatalog.Table, _ column: DatabaseCatalog.Column, position: Int) -> YAMLOut? {
        guard namedRelations["\(table.schema).\(table.name)|\(column.name)"] != nil else { return nil }
        var words = Naming.words(column.name).map { $0.lowercased() }
        if words.isEmpty { words = ["column"] }
        let camel = SchemaPuller.camel(words)
        let base = camel.first?.isLetter == true ? camel : "column" + camel
        let snake = words.joined(separator: "_")
        return .map([("ts", .string("\(base)\(position)")), ("swift", .string("\(base)\(position)")),
                     ("python", .string("\(snake.first?.isLetter == true ? snake : "column_" + snake)_\(position)"))])
    }

    init(catalog: DatabaseCatalog) {
        self.catalog = catalog
    }

    // MARK: - The document

    private mutating func run() -> Result {
        var sections: [(String, YAMLOut)] = []
        if catalog.schemas != ["public"] {
            // The scope `status` and the next `pull` read (without it: public and the schemas of declared objects).
            sections.append(("settings", .map([("schemas", .list(catalog.schemas.map { .string($0) }))])))
        }
        for (schema, comment) in catalog.schemaComments.sorted(by: { $0.key < $1.key }) {
            raw.append(.init(what: "comment on schema \(schema)", placement: "after_tables",
                             sql: "COMMENT ON SCHEMA \(SQLSyntax.quoteIdent(schema)) IS \(SQLSyntax.literal(comment));\n"))
        }
        if !catalog.extensions.isEmpty {
            sections.append(("extensions", .list(catalog.extensions.map { ext in
                ext.schema == "public" ? .string(ext.name) : .map([("name", .string(ext.name)), ("schema", .string(ext.schema))])
            })))
        }
        if !catalog.enums.isEmpty {
            sections.append(("enums", .map(catalog.enums.map { item in
                let labels = YAMLOut.list(item.labels.map { .string($0) })
                let key = qualified(item.schema, item.name)
                namePaths["enums.\(key)"] = "enum \(item.schema).\(item.name)"
                var pairs: [(String, YAMLOut)] = [("values", labels)]
                if let names = enumNames(item) { pairs.append(("names", names)) }
                if let comment = item.comment { pairs.append(("comment", .string(comment))) }
                return (key, pairs.count == 1 ? labels : .map(pairs))
            })))
        }
        for table in catalog.tables {
            for column in table.columns { if let sequence = serialSequence(table, column) { serialSequences.insert(sequence) } }
        }
        var tables = catalog.tables.map { table in (qualified(table.schema, table.name), self.table(table)) }
        var mixins: [(String, YAMLOut)] = []
        if usesMixins { (tables, mixins) = SchemaPuller.extractMixins(tables) }
        let domains = catalog.domains.map { (qualified($0.schema, $0.name), domain($0)) }
        let sequences = catalog.sequences.filter { !serialSequences.contains("\($0.schema).\($0.name)") }
            .map { (qualified($0.schema, $0.name), sequence($0)) }
        let views = catalog.views.map { (qualified($0.schema, $0.name), view($0)) }
        let external = catalog.external.map { (qualified($0.schema, $0.name), externalTable($0)) }
        if !declaredTypes.isEmpty {
            sections.append(("types", .map(declaredTypes.map { item in
                (item.name, .map([("sql", .string(item.sql)), ("ts", .raw("string")), ("python", .raw("str")),
                                  ("swift", .raw("String"))]))
            })))
        }
        if !domains.isEmpty { sections.append(("domains", .map(domains))) }
        if !sequences.isEmpty { sections.append(("sequences", .map(sequences))) }
        if !external.isEmpty { sections.append(("external", .map(external))) }
        if !mixins.isEmpty { sections.append(("mixins", .map(mixins))) }
        sections.append(("tables", .map(tables)))
        if !views.isEmpty { sections.append(("views", .map(views))) }
        // A block's name is one line that cannot end the SQL comment it is printed in.
        let blocks = (catalog.raw + raw).sorted { order($0.placement) < order($1.placement) }.map { block in
            var block = block
            block.what = block.what.replacingOccurrences(of: "*/", with: "* /")
                .map { $0.isNewline ? " " : String($0) }.joined()
            return block
        }
        for block in blocks { warnings.append("\(block.what): kept as a raw sql: block (placement \(block.placement))") }
        warnings += catalog.notes ?? []
        if !blocks.isEmpty {
            sections.append(("sql", .list(blocks.map { block in
                .map([("name", .string(block.what)), ("placement", .raw(block.placement)), ("sql", .string(block.sql))])
            })))
        }
        var lines = [
            "# Pulled from a PostgreSQL \(catalog.serverVersion / 10000) database by `schemagen pull` (schemas: \(catalog.schemas.joined(separator: ", "))).",
            "# From now on this file is the source of truth: edit it, then `schemagen generate` and `schemagen migrate new`.",
        ]
        for (key, value) in sections {
            lines.append("")
            lines += YAMLOut.entry(key, value, indent: 0)
        }
        return Result(yaml: lines.joined(separator: "\n") + "\n", warnings: warnings)
    }

    /// Moves column groups that three or more tables share (as their first or as their last columns, written alike)
    /// into mixins: the largest group first, each table keeping at least one column of its own.
    static func extractMixins(_ tables: [(String, YAMLOut)]) -> ([(String, YAMLOut)], [(String, YAMLOut)]) {
        typealias Column = (String, YAMLOut)
        func columns(_ table: YAMLOut) -> [Column]? {
            guard case .map(let pairs) = table, case .map(let columns)? = pairs.first(where: { $0.0 == "columns" })?.1 else { return nil }
            return columns
        }
        func key(_ group: ArraySlice<Column>) -> String {
            group.map { YAMLText.scalar($0.0, flow: true) + ": " + $0.1.flow() }.joined(separator: "\n")
        }
        var tables = tables
        var mixins: [(String, YAMLOut)] = []
        var used: [Int: (first: [String], last: [String])] = [:]
        for position in ["last", "first"] {
            // Every leading (or trailing) run of columns, with the tables that have it.
            var runs: [String: (columns: [Column], tables: [Int])] = [:]
            for (index, table) in tables.enumerated() {
                guard let own = columns(table.1), own.count > 1 else { continue }
                for length in 1..<own.count {
                    let group = position == "first" ? own[..<length] : own[(own.count - length)...]
                    runs[key(group), default: (Array(group), [])].tables.append(index)
                }
            }
            let best = runs.values.filter { $0.tables.count >= 3 }
                .max { ($0.columns.count * $0.tables.count, key($1.columns[...])) < ($1.columns.count * $1.tables.count, key($0.columns[...])) }
            guard let best else { continue }
            let names = best.columns.map(\.0)
            var name = names == ["id"] ? "id"
                : names.allSatisfy({ $0.hasSuffix("_at") }) ? "timestamps"
                : position == "first" ? "leading_columns" : "trailing_columns"
            if mixins.contains(where: { $0.0 == name }) { name += "_2" }
            var pairs: [(String, YAMLOut)] = []
            if position == "last" { pairs.append(("position", .raw("last"))) }
            pairs.append(("columns", .map(best.columns)))
            mixins.append((name, .map(pairs)))
            for index in best.tables {
                guard case .map(var tablePairs) = tables[index].1, var own = columns(tables[index].1) else { continue }
                if position == "first" { own.removeFirst(names.count) } else { own.removeLast(names.count) }
                tablePairs = tablePairs.map { $0.0 == "columns" ? ("columns", .map(own)) : $0 }
                tables[index].1 = .map(tablePairs)
                if position == "first" { used[index, default: ([], [])].first.append(name) } else { used[index, default: ([], [])].last.append(name) }
            }
        }
        for (index, names) in used {
            guard case .map(var pairs) = tables[index].1, let at = pairs.firstIndex(where: { $0.0 == "columns" }) else { continue }
            let all = names.first + names.last
            pairs.insert(("use", all.count == 1 ? .string(all[0]) : .list(all.map { .string($0) })), at: at)
            tables[index].1 = .map(pairs)
        }
        // Leading groups were found last; they read best first.
        return (tables, Array(mixins.reversed()))
    }

    private func order(_ placement: String) -> Int {
        ["before_tables": 0, "after_tables": 1, "rls": 2][placement] ?? 3
    }

    /// `name` in `public`, else `schema.name`; a part with a dot or a quote in it quoted as SQL quotes it.
    private func qualified(_ schema: String, _ name: String) -> String {
        schema == "public" ? Validator.writtenNamePart(name)
            : "\(Validator.writtenSchemaPart(schema)).\(Validator.writtenNamePart(name))"
    }

    // MARK: - Types

    /// The language's built-in names for PostgreSQL's types (by `typname`), when the modifier is written after them.
    private static let builtin: [String: String] = [
        "int2": "smallint", "int4": "integer", "int8": "bigint", "float4": "real", "float8": "double precision",
        "numeric": "numeric", "bool": "boolean", "text": "text", "varchar": "varchar", "bpchar": "char", "uuid": "uuid",
        "json": "json", "jsonb": "jsonb", "bytea": "bytea", "inet": "inet", "cidr": "cidr", "macaddr": "macaddr",
        "macaddr8": "macaddr8", "money": "money", "oid": "oid", "xml": "xml", "tsvector": "tsvector", "tsquery": "tsquery",
        "date": "date", "time": "time", "timetz": "timetz", "timestamp": "timestamp", "timestamptz": "timestamptz",
        "interval": "interval", "point": "point", "line": "line", "lseg": "lseg", "box": "box", "path": "path",
        "polygon": "polygon", "circle": "circle", "bit": "bit", "varbit": "varbit", "int4range": "int4range",
        "int8range": "int8range", "numrange": "numrange", "daterange": "daterange", "tsrange": "tsrange",
        "tstzrange": "tstzrange", "int4multirange": "int4multirange", "int8multirange": "int8multirange",
        "nummultirange": "nummultirange", "datemultirange": "datemultirange", "tsmultirange": "tsmultirange",
        "tstzmultirange": "tstzmultirange", "citext": "citext", "vector": "vector",
    ]

    /// The modifier of a formatted type: `(20)` of `character varying(20)`, `(3)` of `timestamp(3) with time zone`.
    private func modifier(_ formatted: String) -> String? {
        guard let open = formatted.firstIndex(of: "("), let close = formatted[open...].firstIndex(of: ")") else { return nil }
        return String(formatted[open...close])
    }

    /// A column type as the language spells it, without `?`.
    private mutating func spelling(_ type: DatabaseCatalog.TypeRef) -> String {
        var base: String
        switch type.kind {
        case "e", "d":
            base = qualified(type.schema, type.name)
        default:
            let extensionTypes: Set<String> = ["citext", "vector"]
            if let name = SchemaPuller.builtin[type.name], type.schema == "pg_catalog" || extensionTypes.contains(type.name),
               !(type.name == "interval" && type.formatted.hasPrefix("interval ")) {
                base = name + (modifier(type.formatted) ?? "")
                if type.name == "bpchar", modifier(type.formatted) == nil { base = "char" }
            } else {
                base = declaredType(type)
            }
        }
        return base + (type.array ? "[]" : "")
    }

    /// The name of a `types:` entry for a type the language has no name for, declared on first use.
    private mutating func declaredType(_ type: DatabaseCatalog.TypeRef) -> String {
        if let existing = declaredTypes.first(where: { $0.sql == type.formatted }) { return existing.name }
        var name = type.name.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
        if name.first?.isLetter != true { name = "t_" + name }
        if let precision = modifier(type.formatted) {
            name += "_" + precision.filter { $0.isNumber || $0 == "," }.replacingOccurrences(of: ",", with: "_")
        }
        var candidate = name
        var number = 2
        while declaredTypes.contains(where: { $0.name == candidate }) || SchemaPuller.builtin[candidate] != nil
            || catalog.enums.contains(where: { $0.name == candidate }) || catalog.domains.contains(where: { $0.name == candidate }) {
            candidate = "\(name)_\(number)"
            number += 1
        }
        declaredTypes.append((candidate, type.formatted))
        warnings.append("type \(type.formatted): declared in types: with TypeScript string, Python str and Swift String; adjust its mapping if its values are not text")
        return candidate
    }

    private func isInteger(_ type: DatabaseCatalog.TypeRef) -> Bool {
        !type.array && type.schema == "pg_catalog" && ["int2", "int4", "int8"].contains(type.name)
    }

    // MARK: - Defaults

    /// `nextval('public.seq'::regclass)` → `public.seq`.
    private func nextvalSequence(_ sql: String) -> String? {
        let prefix = "nextval('", suffix = "'::regclass)"
        guard sql.hasPrefix(prefix), sql.hasSuffix(suffix) else { return nil }
        let inner = String(sql.dropFirst(prefix.count).dropLast(suffix.count))
        guard !inner.contains("'") else { return nil }
        return inner
    }

    /// The sequence a serial column owns, when the column is written as `serial`.
    private func serialSequence(_ table: DatabaseCatalog.Table, _ column: DatabaseCatalog.Column) -> String? {
        guard isInteger(column.type), column.notNull, column.identity.isEmpty, let owned = column.ownedSequence,
              let sql = column.defaultSQL, let sequence = nextvalSequence(sql) else { return nil }
        let expected = "\(table.schema).\(table.name)_\(column.name)_seq"
        guard owned == expected, sequence == expected || sequence == "\"\(table.schema)\".\"\(table.name)_\(column.name)_seq\""
                || unquotedSequence(sequence) == expected,
              let entry = catalog.sequences.first(where: { "\($0.schema).\($0.name)" == owned }),
              entry.increment == "1", entry.cache == "1", !entry.cycle, entry.start == "1", entry.minValue == "1",
              entry.dataType == formattedInteger(column.type.name),
              entry.maxValue == sequenceBounds(entry.dataType, ascending: true).max, entry.comment == nil
        else { return nil }
        return owned
    }

    private func formattedInteger(_ name: String) -> String {
        ["int2": "smallint", "int4": "integer", "int8": "bigint"][name] ?? name
    }

    /// PostgreSQL's default MINVALUE and MAXVALUE of a sequence of `dataType` (`smallint`, `integer`, `bigint`).
    private func sequenceBounds(_ dataType: String, ascending: Bool) -> (min: String, max: String) {
        let type: ColumnType = ["smallint": .smallint, "integer": .integer][dataType] ?? .bigint
        let range = SequenceObject.range(of: type)
        return ascending ? ("1", String(range.upperBound)) : (String(range.lowerBound), "-1")
    }

    /// `public."Odd Name_seq"` → `public.Odd Name_seq`.
    private func unquotedSequence(_ text: String) -> String {
        var parts: [String] = []
        var current = ""
        var inQuotes = false
        var iterator = Array(text)
        var index = 0
        while index < iterator.count {
            let character = iterator[index]
            if character == "\"" {
                if inQuotes, index + 1 < iterator.count, iterator[index + 1] == "\"" {
                    current.append("\"")
                    index += 2
                    continue
                }
                inQuotes.toggle()
            } else if character == ".", !inQuotes {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
            index += 1
        }
        parts.append(current)
        iterator = []
        return parts.joined(separator: ".")
    }

    /// A `'...'::type` literal's text, or nil.
    private func literal(_ sql: String, casts: [String]) -> String? {
        guard sql.hasPrefix("'") else { return nil }
        var text = ""
        var index = sql.index(after: sql.startIndex)
        while index < sql.endIndex {
            let character = sql[index]
            if character == "'" {
                let next = sql.index(after: index)
                if next < sql.endIndex, sql[next] == "'" {
                    text.append("'")
                    index = sql.index(after: next)
                    continue
                }
                let rest = String(sql[next...])
                return casts.contains(rest) ? text : nil
            }
            text.append(character)
            index = sql.index(after: index)
        }
        return nil
    }

    /// The `default:` (or `default_sql:`) pair for a column's default.
    private func defaultPair(_ sql: String, _ type: DatabaseCatalog.TypeRef) -> (String, YAMLOut) {
        if let value = defaultValue(sql, type) { return ("default", value) }
        return ("default_sql", .string(sql))
    }

    private func defaultValue(_ sql: String, _ type: DatabaseCatalog.TypeRef) -> YAMLOut? {
        if type.array {
            let spelledCast = "::" + type.formatted + "[]"
            if sql == "'{}'" + spelledCast { return .raw("[]") }
            return nil
        }
        let name = type.schema == "pg_catalog" ? type.name : ""
        switch name {
        case "timestamptz", "timestamp", "date", "time", "timetz":
            if sql == "now()" { return .raw("now()") }
        case "uuid":
            if sql == "gen_random_uuid()" { return .raw("gen_random_uuid()") }
        case "numeric", "float4", "float8":
            if sql.range(of: #"^[0-9]+(\.[0-9]+)?$"#, options: .regularExpression) != nil { return .raw(sql) }
        case "bool":
            if sql == "true" || sql == "false" { return .raw(sql) }
        case "int2", "int4", "int8":
            if sql.allSatisfy(\.isNumber), let value = Int64(sql) { return .raw(String(value)) }
            if let text = literal(sql, casts: ["::\(type.formatted)"]), text.hasPrefix("-"), Int64(text) != nil {
                return .raw(text)
            }
        case "text", "varchar", "bpchar":
            if let text = literal(sql, casts: ["::text", "::character varying", "::bpchar"]), !text.contains("\n") {
                return textValue(text)
            }
        case "jsonb", "json":
            if sql == "'{}'::\(name)" { return .raw("{}") }
            if sql == "'[]'::\(name)" { return .raw("[]") }
        default:
            break
        }
        if type.kind == "e" {
            let cast = "::" + type.formatted
            if let label = literal(sql, casts: [cast]) { return textValue(label) }
        }
        return nil
    }

    /// A text default that reads back as the same text (never as `now()`, a number or a boolean).
    private func textValue(_ text: String) -> YAMLOut {
        let special = text.hasSuffix(")") || Double(text) != nil
        return special ? .raw(YAMLText.quoted(text)) : .string(text)
    }

    // MARK: - Tables

    private static let actions: [String: String] = ["r": "restrict", "c": "cascade", "n": "set null", "d": "set default"]

    private mutating func table(_ table: DatabaseCatalog.Table) -> YAMLOut {
        let name = table.name
        let tableName = qualified(table.schema, table.name)
        for item in table.unmodelled {
            warnings.append("table \(tableName): \(item) not kept (the language does not hold it)")
        }
        if let parentName = table.parentName, let parentSchema = table.parentSchema {
            return partition(table, parent: parentSchema == table.schema || parentSchema == "public"
                             ? qualified(parentSchema, parentName) : "\(parentSchema).\(parentName)")
        }
        var pairs: [(String, YAMLOut)] = []
        if let comment = table.comment { pairs.append(("comment", .string(comment))) }
        namePaths["tables.\(tableName)"] = "\(table.schema).\(table.name)"
        if let names = tableNames(schema: table.schema, name: table.name) { pairs.append(("names", names)) }

        let constraints = table.constraints.filter { !$0.inherited }
        let primary = constraints.first { $0.kind == "p" }
        var columnExtras: [String: [(String, YAMLOut)]] = [:]
        var tableUnique: [YAMLOut] = []
        var tableChecks: [(String, YAMLOut)] = []
        var foreignKeys: [YAMLOut] = []
        var indexes: [YAMLOut] = []

        // Primary key.
        var primaryKeyPair: (String, YAMLOut)?
        if let primary {
            let derived = "\(name)_pkey"
            if primary.deferrable {
                rawConstraint(table, primary)
            } else if primary.columns.count == 1 {
                columnExtras[primary.columns[0], default: []].append(("primary_key", primary.name == derived
                    ? .raw("true") : .map([("name", .string(primary.name))])))
            } else if primary.name == derived {
                primaryKeyPair = ("primary_key", .list(primary.columns.map { .string($0) }))
            } else {
                primaryKeyPair = ("primary_key", .map([("columns", .list(primary.columns.map { .string($0) })),
                                                       ("name", .string(primary.name))]))
            }
        }
        for constraint in constraints where constraint.kind == "u" {
            if constraint.deferrable { rawConstraint(table, constraint); continue }
            let derived = ConstraintNaming.postgres.unique(table: name, columns: constraint.columns)
            if constraint.columns.count == 1, constraint.name == derived, !constraint.nullsNotDistinct {
                columnExtras[constraint.columns[0], default: []].append(("unique", .raw("true")))
                continue
            }
            var item: [(String, YAMLOut)] = [("columns", .list(constraint.columns.map { .string($0) }))]
            if constraint.name != derived { item.append(("name", .string(constraint.name))) }
            if constraint.nullsNotDistinct { item.append(("nulls_not_distinct", .raw("true"))) }
            tableUnique.append(item.count == 1 ? .list(constraint.columns.map { .string($0) }) : .map(item))
        }
        for constraint in constraints where constraint.kind == "c" {
            guard constraint.validated, let expression = checkExpression(constraint.definition) else {
                rawConstraint(table, constraint)
                continue
            }
            if constraint.columns.count == 1, constraint.name == "\(name)_\(constraint.columns[0])_check" {
                columnExtras[constraint.columns[0], default: []].append(("check", .string(expression)))
            } else {
                tableChecks.append((constraint.name, .string(expression)))
            }
        }
        for constraint in constraints where constraint.kind == "f" {
            guard let targetTable = constraint.targetTable, let targetSchema = constraint.targetSchema,
                  let targetColumns = constraint.targetColumns, !constraint.deferrable, constraint.validated,
                  constraint.match != "f", constraint.definition.range(of: #"SET (NULL|DEFAULT) \("#, options: .regularExpression) == nil
            else {
                rawConstraint(table, constraint)
                continue
            }
            let target = qualified(targetSchema, targetTable)
            let derived = ConstraintNaming.postgres.foreignKey(table: name, columns: constraint.columns, target: targetTable,
                                                              targetColumns: targetColumns)
            var actions: [(String, YAMLOut)] = []
            if let action = SchemaPuller.actions[constraint.onDelete ?? "a"] { actions.append(("on_delete", .raw(action))) }
            if let action = SchemaPuller.actions[constraint.onUpdate ?? "a"] { actions.append(("on_update", .raw(action))) }
            let key = "\(table.schema).\(table.name)|\(constraint.name)"
            if let round = namedRelations[key] {
                let external = !catalog.tables.contains { $0.schema == targetSchema && $0.name == targetTable }
                actions += relationNames(table, constraint, targetTable: targetTable, round: round).filter { !external || $0.0 == "relation" }
            }
            if constraint.columns.count == 1, constraint.name == derived {
                foreignKeyPaths["tables.\(tableName).columns.\(constraint.columns[0]).references"] = key
                let targetKey = catalog.tables.first { $0.schema == targetSchema && $0.name == targetTable }?
                    .constraints.first { $0.kind == "p" }?.columns
                    ?? catalog.external.first { $0.schema == targetSchema && $0.name == targetTable }?.primaryKey
                let reference = targetKey == targetColumns && targetColumns[0].contains(".") ? target
                    : "\(target).\(Validator.writtenSchemaPart(targetColumns[0]))"
                columnExtras[constraint.columns[0], default: []] += [("references", .string(reference))] + actions
                continue
            }
            foreignKeyPaths["tables.\(tableName).foreign_keys[\(foreignKeys.count)].references"] = key
            var item: [(String, YAMLOut)] = [
                ("columns", .list(constraint.columns.map { .string($0) })),
                ("references", .string("\(target)(\(targetColumns.joined(separator: ", ")))")),
            ]
            item += actions
            if constraint.name != derived { item.append(("name", .string(constraint.name))) }
            foreignKeys.append(.map(item))
        }
        for constraint in constraints where constraint.kind == "x" || constraint.kind == "t" {
            rawConstraint(table, constraint)
        }
        for constraint in constraints where constraint.comment != nil {
            raw.append(.init(what: "comment on constraint \(constraint.name) of \(tableName)", placement: "after_tables",
                             sql: "COMMENT ON CONSTRAINT \(SQLSyntax.quoteIdent(constraint.name)) ON \(qualifiedSQL(table.schema, table.name)) IS \(SQLSyntax.literal(constraint.comment!));\n"))
        }

        // Indexes.
        for index in table.indexes where !index.inherited {
            guard let item = indexItem(table, index) else { continue }
            switch item {
            case .column(let column, let method):
                columnExtras[column, default: []].append(("index", method == "btree" ? .raw("true") : .raw(method)))
            case .entry(let entry):
                indexes.append(entry)
            }
        }

        // Columns.
        var columns: [(String, YAMLOut)] = []
        for (position, column) in table.columns.enumerated() {
            namePaths["tables.\(tableName).columns.\(column.name)"] = "\(table.schema).\(table.name)|\(column.name)"
            var extras = columnExtras[column.name] ?? []
            if let names = columnNames(table, column, position: position + 1) { extras.append(("names", names)) }
            columns.append((column.name, self.column(table, column, extras: extras)))
        }
        pairs.append(("columns", .map(columns)))
        if let primaryKeyPair { pairs.append(primaryKeyPair) }
        if !tableUnique.isEmpty { pairs.append(("unique", .list(tableUnique))) }
        if !tableChecks.isEmpty { pairs.append(("checks", .map(tableChecks))) }
        if !indexes.isEmpty { pairs.append(("indexes", .list(indexes))) }
        if !foreignKeys.isEmpty { pairs.append(("foreign_keys", .list(foreignKeys))) }
        if let partitionKey = table.partitionKey {
            if let parsed = partitionBy(partitionKey) {
                pairs.append(("partition_by", parsed))
            } else {
                warnings.append("table \(tableName): partition key \(partitionKey) not kept (the language does not hold it)")
            }
        }
        if let rls = rowLevelSecurity(table) { pairs.append(("rls", rls)) }
        return .map(pairs)
    }

    /// `relation:` and `inverse:` names of their own for a foreign key whose derived names collide:
    /// `created_by` → users gives `createdByUser` and `tasksByCreatedBy`.
    private func relationNames(_ table: DatabaseCatalog.Table, _ constraint: DatabaseCatalog.Constraint,
                               targetTable: String, round: Int) -> [(String, YAMLOut)] {
        var columnWords = Naming.words(constraint.columns.joined(separator: "_")).map { $0.lowercased() }
        if constraint.columns.count == 1, columnWords.count > 1, columnWords.last == "id" { columnWords.removeLast() }
        let targetWords = Naming.words(targetTable).map { Inflector.singular($0.lowercased()) }
        let ownWords = columnWords == targetWords ? columnWords + ["row"] : columnWords + targetWords
        let inverseWords = Validator.inverseWords(table.name, target: targetTable).map { $0.lowercased() } + ["by"] + columnWords
        func camel(_ words: [String]) -> String {
            // A relation is an identifier in every output: it starts with a letter (`0times` → `related0Times`).
            let text = SchemaPuller.camel(words.first?.first?.isLetter == true ? words : ["related"] + words)
            return round > 1 ? text + String(round) : text
        }
        return [("relation", .string(camel(ownWords))), ("inverse", .string(camel(inverseWords)))]
    }

    /// `words` joined in camelCase, as written (no acronyms): `created`, `by`, `user` → `createdByUser`.
    private static func camel(_ words: [String]) -> String {
        (words.prefix(1) + words.dropFirst().map(Naming.capitalize)).joined()
    }

    private func qualifiedSQL(_ schema: String, _ name: String) -> String {
        SQLSyntax.qualified(QualifiedName(schema: schema, name: name))
    }

    /// A constraint the language does not hold, added by raw SQL after the tables.
    private mutating func rawConstraint(_ table: DatabaseCatalog.Table, _ constraint: DatabaseCatalog.Constraint) {
        raw.append(.init(
            what: "constraint \(constraint.name) on \(qualified(table.schema, table.name))", placement: "after_tables",
            sql: "ALTER TABLE \(qualifiedSQL(table.schema, table.name)) ADD CONSTRAINT \(SQLSyntax.quoteIdent(constraint.name)) \(constraint.definition);\n"))
    }

    /// `CHECK ((price > 0))` → `price > 0`.
    private func checkExpression(_ definition: String) -> String? {
        guard definition.hasPrefix("CHECK ("), definition.hasSuffix(")"), !definition.hasSuffix("NO INHERIT") else { return nil }
        var inner = String(definition.dropFirst("CHECK (".count).dropLast())
        if inner.hasPrefix("("), inner.hasSuffix(")"), balanced(String(inner.dropFirst().dropLast())) {
            inner = String(inner.dropFirst().dropLast())
        }
        return balanced(inner) ? SchemaPuller.inLists(inner) : nil
    }

    /// `(status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[])` → `status IN ('a', 'b')`.
    ///
    /// That is how PostgreSQL prints `IN (...)` on a `varchar`, and the printed text does not read back the same:
    /// applied, it becomes `ANY (ARRAY[('a'::character varying)::text, ...])`. Written as the `IN` list it came from,
    /// it reads back as the source's, so a second pull is byte-identical. (`<> ALL` is `NOT IN`.)
    static func inLists(_ expression: String) -> String {
        guard expression.contains("::character varying"), expression.contains("])::text[])") else { return expression }
        let name = #"("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*|VALUE)"#
        let element = #"'(?:[^']|'')*'::character varying"#
        let pattern = #"\("# + name + #"\)::text (= ANY|<> ALL) \(\(ARRAY\[("# + element + "(?:, " + element + #")*)\]\)::text\[\]\)"#
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let literal = try? NSRegularExpression(pattern: "('(?:[^']|'')*')::character varying") else { return expression }
        var result = expression
        for match in regex.matches(in: expression, range: NSRange(expression.startIndex..., in: expression)).reversed() {
            guard let whole = Range(match.range, in: expression), let column = Range(match.range(at: 1), in: expression),
                  let op = Range(match.range(at: 2), in: expression), let list = Range(match.range(at: 3), in: expression)
            else { continue }
            let items = String(expression[list])
            let plain = literal.stringByReplacingMatches(in: items, range: NSRange(items.startIndex..., in: items), withTemplate: "$1")
            let keyword = expression[op] == "= ANY" ? "IN" : "NOT IN"
            result.replaceSubrange(whole, with: "\(expression[column]) \(keyword) (\(plain))")
        }
        return result
    }

    /// Whether the parentheses outside string literals and quoted names balance without going below zero.
    private func balanced(_ text: String) -> Bool {
        var depth = 0
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
                continue
            }
            switch character {
            case "'", "\"": quote = character
            case "(": depth += 1
            case ")":
                depth -= 1
                if depth < 0 { return false }
            default: break
            }
        }
        return depth == 0 && quote == nil
    }

    private enum IndexItem {
        case column(String, method: String)
        case entry(YAMLOut)
    }

    private static let methods: Set<String> = ["btree", "hash", "gin", "gist", "spgist", "brin"]

    private mutating func indexItem(_ table: DatabaseCatalog.Table, _ index: DatabaseCatalog.Index) -> IndexItem? {
        let simpleKeys = index.keys.allSatisfy { key in
            key.collation == nil && key.nullsFirst == key.descending
        }
        guard simpleKeys, index.includeCount == 0, !index.nullsNotDistinct, !index.hasOptions,
              SchemaPuller.methods.contains(index.method), index.keys.allSatisfy({ $0.column == nil || !$0.column!.contains(" ") })
        else {
            raw.append(.init(what: "index \(index.name) on \(qualified(table.schema, table.name))", placement: "after_tables",
                             sql: index.definition + ";\n"))
            return nil
        }
        let parts: [String] = index.keys.map { key in
            var text = key.column ?? (key.text.hasPrefix("(") && balanced(String(key.text.dropFirst().dropLast())) && key.text.hasSuffix(")")
                                      ? key.text : "(\(key.text))")
            if let opclass = key.opclass { text += " " + opclass }
            if key.descending { text += " desc" }
            return text
        }
        let columns = index.keys.compactMap(\.column)
        let derived = ConstraintNaming.postgres.index(table: table.name, columns: columns, unique: index.unique)
        let named = index.name != derived || columns.count != index.keys.count
        if index.keys.count == 1, let column = index.keys[0].column, !named, !index.unique, index.predicate == nil,
           index.keys[0].opclass == nil, !index.keys[0].descending {
            return .column(column, method: index.method)
        }
        if !named, !index.unique, index.predicate == nil, index.method == "btree" {
            return .entry(.list(parts.map { .string($0) }))
        }
        var item: [(String, YAMLOut)] = [("columns", .list(parts.map { .string($0) }))]
        if named { item.append(("name", .string(index.name))) }
        if index.unique { item.append(("unique", .raw("true"))) }
        if index.method != "btree" { item.append(("using", .raw(index.method))) }
        if let predicate = index.predicate { item.append(("where", .string(predicate))) }
        return .entry(.map(item))
    }

    private mutating func column(_ table: DatabaseCatalog.Table, _ column: DatabaseCatalog.Column,
                                 extras: [(String, YAMLOut)]) -> YAMLOut {
        var type = spelling(column.type)
        var pairs: [(String, YAMLOut)] = []
        if serialSequences.contains(column.ownedSequence ?? ""), serialSequence(table, column) != nil {
            type = ["int2": "smallserial", "int4": "serial", "int8": "bigserial"][column.type.name] ?? type
        } else if let sql = column.defaultSQL {
            if let sequence = nextvalSequence(sql), !column.type.array,
               let entry = catalog.sequences.first(where: { unquotedSequence(sequence) == "\($0.schema).\($0.name)" }) {
                pairs.append(("default", .map([("nextval", .string(qualified(entry.schema, entry.name)))])))
            } else {
                pairs.append(defaultPair(sql, column.type))
            }
        }
        switch column.identity {
        case "a": pairs.append(("identity", .raw("always")))
        case "d": pairs.append(("identity", .raw("by_default")))
        default: break
        }
        if let options = column.identityOptions {
            identityOptions(table, column, options)
        }
        if let collation = column.collation {
            warnings.append("column \(qualified(table.schema, table.name)).\(column.name): its collation \(collation) is not kept (the language does not hold collations)")
        }
        if let generated = column.generated { pairs.append(("generated", .string(generated))) }
        if column.protected == true { pairs.append(("protected", .raw("true"))) }
        pairs += extras
        if let comment = column.comment { pairs.append(("comment", .string(comment))) }
        let full = type + (column.notNull ? "" : "?")
        if pairs.isEmpty { return .string(full) }
        return .map([("type", .string(full))] + pairs)
    }

    /// Options of an identity column's sequence other than PostgreSQL's defaults, set by raw SQL after the tables.
    private mutating func identityOptions(_ table: DatabaseCatalog.Table, _ column: DatabaseCatalog.Column,
                                          _ options: DatabaseCatalog.IdentityOptions) {
        let dataType = formattedInteger(column.type.name)
        let ascending = !options.increment.hasPrefix("-")
        let (minDefault, maxDefault) = sequenceBounds(dataType, ascending: ascending)
        var clauses: [String] = []
        if options.increment != "1" { clauses.append("SET INCREMENT BY \(options.increment)") }
        if options.minValue != minDefault { clauses.append("SET MINVALUE \(options.minValue)") }
        if options.maxValue != maxDefault { clauses.append("SET MAXVALUE \(options.maxValue)") }
        if options.start != (ascending ? options.minValue : options.maxValue) { clauses.append("SET START WITH \(options.start)") }
        if options.cache != "1" { clauses.append("SET CACHE \(options.cache)") }
        if options.cycle { clauses.append("SET CYCLE") }
        guard !clauses.isEmpty else { return }
        raw.append(.init(
            what: "identity options of \(qualified(table.schema, table.name)).\(column.name)", placement: "after_tables",
            sql: "ALTER TABLE \(qualifiedSQL(table.schema, table.name)) ALTER COLUMN \(SQLSyntax.quoteIdent(column.name)) \(clauses.joined(separator: " "));\n"))
    }

    private mutating func partition(_ table: DatabaseCatalog.Table, parent: String) -> YAMLOut {
        var pairs: [(String, YAMLOut)] = [("partition_of", .string(parent))]
        let parentTable = catalog.tables.first { qualified($0.schema, $0.name) == parent || "\($0.schema).\($0.name)" == parent }
        if let parentTable, parentTable.rowSecurity, !table.rowSecurity {
            warnings.append("partition \(qualified(table.schema, table.name)): row-level security is off; rls.sql turns it on for every partition of a table with row-level security (a query naming the partition then sees nothing as an API role)")
        }
        if !table.policies.isEmpty {
            warnings.append("partition \(qualified(table.schema, table.name)): its own policies are not kept (PostgreSQL applies the parent's to queries through the parent)")
        }
        if let bound = table.partitionBound, let values = forValues(bound) {
            pairs.append(("for_values", values))
        } else {
            warnings.append("partition \(qualified(table.schema, table.name)): bound \(table.partitionBound ?? "") not understood")
        }
        if let comment = table.comment { pairs.append(("comment", .string(comment))) }
        for index in table.indexes where !index.inherited {
            raw.append(.init(what: "index \(index.name) on \(qualified(table.schema, table.name))", placement: "after_tables",
                             sql: index.definition + ";\n"))
        }
        for constraint in table.constraints where !constraint.inherited {
            rawConstraint(table, constraint)
        }
        return .map(pairs)
    }

    /// `RANGE (created_at)` → `{ range: [created_at] }`.
    private func partitionBy(_ key: String) -> YAMLOut? {
        guard let open = key.firstIndex(of: "("), key.hasSuffix(")") else { return nil }
        let method = key[..<open].trimmingCharacters(in: .whitespaces).lowercased()
        guard ["range", "list", "hash"].contains(method) else { return nil }
        let inner = String(key[key.index(after: open)..<key.index(before: key.endIndex)])
        let parts = splitTopLevel(inner).map { part -> String in
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("\""), trimmed.hasSuffix("\"") {
                return String(trimmed.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
            }
            if !trimmed.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !trimmed.hasPrefix("(") {
                return "(\(trimmed))"
            }
            return trimmed
        }
        return .map([(method, .list(parts.map { .string($0) }))])
    }

    /// Splits at commas outside parentheses and quotes.
    private func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var quote: Character?
        for character in text {
            if let open = quote {
                current.append(character)
                if character == open { quote = nil }
                continue
            }
            switch character {
            case "'", "\"": quote = character
            case "(": depth += 1
            case ")": depth -= 1
            case "," where depth == 0:
                parts.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        parts.append(current)
        return parts
    }

    /// `FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')` → `{ from: ["2024-01-01"], to: ["2025-01-01"] }`.
    private func forValues(_ bound: String) -> YAMLOut? {
        if bound == "DEFAULT" { return .raw("default") }
        func values(_ text: Substring) -> YAMLOut? {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("("), trimmed.hasSuffix(")") else { return nil }
            var items: [YAMLOut] = []
            for part in splitTopLevel(String(trimmed.dropFirst().dropLast())) {
                let value = part.trimmingCharacters(in: .whitespaces)
                if value == "MINVALUE" || value == "MAXVALUE" { items.append(.raw(value.lowercased())); continue }
                if value == "NULL" { items.append(.raw("null")); continue }
                if value == "true" || value == "false" { items.append(.raw(value)); continue }
                if value.hasPrefix("'"), let text = literal(value, casts: [""]) { items.append(.raw(YAMLText.quoted(text))); continue }
                if Double(value) != nil { items.append(.raw(value)); continue }
                return nil
            }
            return .list(items)
        }
        if bound.hasPrefix("FOR VALUES FROM "), let to = bound.range(of: ") TO (") {
            let from = bound[bound.index(bound.startIndex, offsetBy: "FOR VALUES FROM ".count)...to.lowerBound]
            let upper = bound[bound.index(before: to.upperBound)...]
            guard let fromValues = values(from), let toValues = values(upper) else { return nil }
            return .map([("from", fromValues), ("to", toValues)])
        }
        if bound.hasPrefix("FOR VALUES IN "), let list = values(bound.dropFirst("FOR VALUES IN ".count)) {
            return .map([("in", list)])
        }
        let hash = #"^FOR VALUES WITH \(modulus (\d+), remainder (\d+)\)$"#
        if let match = bound.range(of: hash, options: .regularExpression) {
            let numbers = bound[match].split(whereSeparator: { !$0.isNumber }).map(String.init)
            if numbers.count == 2 { return .map([("modulus", .raw(numbers[0])), ("remainder", .raw(numbers[1]))]) }
        }
        return nil
    }

    // MARK: - Row-level security

    private static let commands: [String: String] = ["r": "select", "a": "insert", "w": "update", "d": "delete", "*": "all"]
    private static let verbs: [String: String] = ["select": "view", "insert": "create", "update": "update", "delete": "delete"]

    private mutating func rowLevelSecurity(_ table: DatabaseCatalog.Table) -> YAMLOut? {
        let exposedTable = exposed.contains(table.schema)
        if !table.rowSecurity {
            if !table.policies.isEmpty {
                // Policies that do not apply while row-level security is off: the language holds them only on a
                // table with RLS on, so they stay as they are, in raw SQL.
                let target = qualifiedSQL(table.schema, table.name)
                raw.append(.init(
                    what: "policies of \(qualified(table.schema, table.name)), which has row-level security off", placement: "rls",
                    sql: table.policies.map { createPolicy($0, on: target) }.joined()))
            }
            if table.forceRowSecurity {
                return .map([("enabled", .raw("false")), ("force", .raw("true"))])
            }
            return exposedTable ? .raw("false") : nil
        }
        var pairs: [(String, YAMLOut)] = []
        if !exposedTable { pairs.append(("enabled", .raw("true"))) }
        if table.policies.isEmpty {
            if table.forceRowSecurity { pairs.append(("force", .raw("true"))) }
            return pairs.isEmpty ? .raw("true") : .map(pairs)
        }
        if !explicitPolicies, let owner = ownerShorthand(table) {
            pairs = owner + pairs
        } else {
            pairs.append(("policies", .list(table.policies.map(policy))))
        }
        if table.forceRowSecurity { pairs.append(("force", .raw("true"))) }
        return .map(pairs)
    }

    /// `CREATE POLICY` for a policy kept as raw SQL.
    private func createPolicy(_ policy: DatabaseCatalog.Policy, on target: String) -> String {
        var text = "CREATE POLICY \(SQLSyntax.quoteIdent(policy.name)) ON \(target)"
        if !policy.permissive { text += " AS RESTRICTIVE" }
        text += " FOR " + (SchemaPuller.commands[policy.command] ?? "all").uppercased()
        text += " TO " + policy.roles.map { $0 == "public" ? "PUBLIC" : SQLSyntax.quoteIdent($0) }.joined(separator: ", ")
        if let using = policy.using { text += " USING (\(using))" }
        if let check = policy.withCheck { text += " WITH CHECK (\(check))" }
        return text + ";\n"
    }

    private func policy(_ policy: DatabaseCatalog.Policy) -> YAMLOut {
        var pairs: [(String, YAMLOut)] = [("name", .string(policy.name))]
        let command = SchemaPuller.commands[policy.command] ?? "all"
        if command != "all" { pairs.append(("command", .raw(command))) }
        if policy.roles != ["authenticated"] { pairs.append(("roles", .list(policy.roles.map { .string($0) }))) }
        if let using = policy.using { pairs.append(("using", .string(using))) }
        if let check = policy.withCheck { pairs.append(("with_check", .string(check))) }
        if !policy.permissive { pairs.append(("restrictive", .raw("true"))) }
        return .map(pairs)
    }

    /// `owner:` (with `allow:` and `noun:`) when the table's policies are exactly what the shorthand expands to.
    private func ownerShorthand(_ table: DatabaseCatalog.Table) -> [(String, YAMLOut)]? {
        var column: String?
        var noun: String?
        var allowed: [String] = []
        for policy in table.policies {
            guard policy.permissive, policy.roles == ["authenticated"], let command = SchemaPuller.commands[policy.command],
                  let verb = SchemaPuller.verbs[command], !allowed.contains(command) else { return nil }
            let prefix = "Users can \(verb) own "
            guard policy.name.hasPrefix(prefix) else { return nil }
            let thisNoun = String(policy.name.dropFirst(prefix.count))
            if let noun, noun != thisNoun { return nil }
            noun = thisNoun
            let expressions: [String?]
            switch command {
            case "insert": expressions = [policy.withCheck]; if policy.using != nil { return nil }
            case "update": expressions = [policy.using, policy.withCheck]
            default: expressions = [policy.using]; if policy.withCheck != nil { return nil }
            }
            for expression in expressions {
                guard let expression, let owner = ownerColumn(expression) else { return nil }
                if let column, column != owner { return nil }
                column = owner
            }
            allowed.append(command)
        }
        guard let column, let noun,
              let ownerType = table.columns.first(where: { $0.name == column })?.type,
              ownerType.name == "uuid", !ownerType.array else { return nil }
        var pairs: [(String, YAMLOut)] = [("owner", .string(column))]
        let order = ["select", "insert", "update", "delete"]
        if allowed.count < 4 {
            pairs.append(("allow", .list(order.filter(allowed.contains).map { .raw($0) })))
        }
        if noun != Naming.words(table.name).joined(separator: " ") { pairs.append(("noun", .string(noun))) }
        return pairs
    }

    /// `(( SELECT auth.uid() AS uid) = user_id)` → `user_id`.
    private func ownerColumn(_ expression: String) -> String? {
        let prefix = "(( SELECT auth.uid() AS uid) = ", suffix = ")"
        guard expression.hasPrefix(prefix), expression.hasSuffix(suffix) else { return nil }
        let name = String(expression.dropFirst(prefix.count).dropLast(suffix.count))
        if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 {
            return String(name.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
        }
        guard !name.isEmpty, name.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "_" }) else { return nil }
        return name
    }

    // MARK: - Other objects

    private mutating func domain(_ domain: DatabaseCatalog.Domain) -> YAMLOut {
        var pairs: [(String, YAMLOut)] = [("type", .string(spelling(domain.base)))]
        if domain.notNull { pairs.append(("nullable", .raw("false"))) }
        if let sql = domain.defaultSQL { pairs.append(defaultPair(sql, domain.base)) }
        var checks: [(String, YAMLOut)] = []
        for check in domain.checks {
            if let expression = checkExpression(check.definition) {
                checks.append((check.name, .string(expression)))
            } else {
                raw.append(.init(what: "check \(check.name) of domain \(qualified(domain.schema, domain.name))",
                                 placement: "before_tables",
                                 sql: "ALTER DOMAIN \(qualifiedSQL(domain.schema, domain.name)) ADD CONSTRAINT \(SQLSyntax.quoteIdent(check.name)) \(check.definition);\n"))
            }
        }
        if !checks.isEmpty { pairs.append(("checks", .map(checks))) }
        if let comment = domain.comment { pairs.append(("comment", .string(comment))) }
        if pairs.count == 1 { return pairs[0].1 }
        return .map(pairs)
    }

    private func sequence(_ sequence: DatabaseCatalog.Sequence) -> YAMLOut {
        var pairs: [(String, YAMLOut)] = []
        let ascending = !sequence.increment.hasPrefix("-")
        let (defaultMin, defaultMax) = sequenceBounds(sequence.dataType, ascending: ascending)
        if sequence.dataType != "bigint" { pairs.append(("as", .raw(sequence.dataType))) }
        if sequence.increment != "1" { pairs.append(("increment", .raw(sequence.increment))) }
        if sequence.minValue != defaultMin { pairs.append(("min_value", .raw(sequence.minValue))) }
        if sequence.maxValue != defaultMax { pairs.append(("max_value", .raw(sequence.maxValue))) }
        let defaultStart = ascending ? sequence.minValue : sequence.maxValue
        if sequence.start != defaultStart { pairs.append(("start", .raw(sequence.start))) }
        if sequence.cache != "1" { pairs.append(("cache", .raw(sequence.cache))) }
        if sequence.cycle { pairs.append(("cycle", .raw("true"))) }
        if let owner = sequence.ownedBy {
            let parts = owner.split(separator: ".", maxSplits: 1)
            let sameSchema = parts.first.map(String.init) == sequence.schema
            pairs.append(("owned_by", .string(sameSchema && parts.count == 2 ? String(parts[1]) : owner)))
        }
        if let comment = sequence.comment { pairs.append(("comment", .string(comment))) }
        return pairs.isEmpty ? .raw("{}") : .map(pairs)
    }

    private mutating func view(_ view: DatabaseCatalog.View) -> YAMLOut {
        var pairs: [(String, YAMLOut)] = []
        if view.materialized { pairs.append(("materialized", .raw("true"))) }
        if view.materialized, !view.populated { pairs.append(("with_data", .raw("false"))) }
        if view.securityInvoker { pairs.append(("security_invoker", .raw("true"))) }
        if let comment = view.comment { pairs.append(("comment", .string(comment))) }
        var sql = view.definition.trimmingCharacters(in: .whitespacesAndNewlines)
        if sql.hasSuffix(";") { sql.removeLast() }
        pairs.append(("sql", .string(sql.contains("\n") ? sql + "\n" : sql)))
        var columns: [(String, YAMLOut)] = []
        for column in view.columns {
            let type = spelling(column.type) + "?"
            columns.append((column.name, column.comment == nil ? .string(type)
                            : .map([("type", .string(type)), ("comment", .string(column.comment!))])))
        }
        pairs.append(("columns", .map(columns)))
        for index in view.indexes {
            raw.append(.init(what: "index on materialized view \(qualified(view.schema, view.name))", placement: "after_tables",
                             sql: index + ";\n"))
        }
        return .map(pairs)
    }

    private mutating func externalTable(_ table: DatabaseCatalog.ExternalTable) -> YAMLOut {
        namePaths["external.\(qualified(table.schema, table.name))"] = "\(table.schema).\(table.name)"
        var columns: [(String, YAMLOut)] = []
        for column in table.columns {
            let type = spelling(column.type) + (column.notNull ? "" : "?")
            if table.primaryKey == [column.name] {
                columns.append((column.name, .map([("type", .string(type)), ("primary_key", .raw("true"))])))
            } else if table.primaryKey.contains(column.name) {
                columns.append((column.name, .string(type)))
            } else {
                // Referenced by a foreign key, so unique in the database.
                columns.append((column.name, .map([("type", .string(type)), ("unique", .raw("true"))])))
            }
        }
        var pairs: [(String, YAMLOut)] = []
        if let names = tableNames(schema: table.schema, name: table.name) { pairs.append(("names", names)) }
        pairs.append(("columns", .map(columns)))
        if table.primaryKey.count > 1 { pairs.append(("primary_key", .list(table.primaryKey.map { .string($0) }))) }
        return .map(pairs)
    }
}

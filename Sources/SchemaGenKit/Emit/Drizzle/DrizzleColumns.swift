/// Column builders: the pg-core function for each type, then modifiers in the order drizzle needs them.
extension DrizzleFile {
    /// `uuid('user_id').notNull()`, and so on.
    ///
    /// Every builder gets the database name explicitly, although drizzle could derive it from the property (or from a
    /// client's `casing` option): then `getTableConfig()` reports the DDL's names exactly, and no client setting can
    /// rename a column.
    mutating func columnBuilder(_ column: Column, in table: Table, unique: UniqueConstraint?, foreignKey: ForeignKey?) -> String {
        var text = baseBuilder(column.type, name: TS.string(column.name))
        // `.array()` wraps the builder it is called on and starts from a fresh config, so it comes right after the type.
        if column.type.isArray { text += ".array()" }
        if let content = jsonContent(column.type), content != .any {
            let suffix = column.type.isArray ? "[]" : ""
            text += ".$type<\(tsType(content))\(suffix)>()"
        }
        let isPrimary = table.primaryKey.map { $0.columns == [column.name] && !needsPrimaryKeyConstraint($0, of: table) } == true
        if isPrimary { text += ".primaryKey()" }
        // Primary keys, serials and identities are NOT NULL in drizzle already.
        if !column.nullable && !isPrimary && !column.type.isSerial && column.identity == nil { text += ".notNull()" }
        if let unique {
            text += unique.nullsNotDistinct
                ? ".unique(\(TS.string(unique.name)), { nulls: 'not distinct' })"
                : ".unique(\(TS.string(unique.name)))"
        }
        if let value = column.defaultValue { text += defaultModifier(value, type: column.type) }
        switch column.identity {
        case .always: text += ".generatedAlwaysAsIdentity()"
        case .byDefault: text += ".generatedByDefaultAsIdentity()"
        case nil: break
        }
        if let key = foreignKey, let target = key.referencedColumns.first {
            var actions: [String] = []
            if key.onDelete != .noAction { actions.append("onDelete: \(TS.string(key.onDelete.rawValue))") }
            if key.onUpdate != .noAction { actions.append("onUpdate: \(TS.string(key.onUpdate.rawValue))") }
            let reference = TS.member(tableName(key.referencedTable), columnKey(key.referencedTable, target))
            // Around a foreign-key cycle the reference's type is stated, or TypeScript would need the table's own type.
            let arrow = cyclicTables.contains(table.name) ? "(): \(scope.useType("AnyPgColumn", from: .pgCore)) =>" : "() =>"
            text += ".references(\(arrow) \(reference)\(actions.isEmpty ? "" : ", { \(actions.joined(separator: ", ")) }"))"
        }
        // drizzle's only generated columns are stored ones; `$inferInsert` leaves them out.
        if let expression = column.generated { text += ".generatedAlwaysAs(\(sql(expression)))" }
        return text
    }

    /// Whether the primary key is declared with `primaryKey({ name, columns })` rather than `.primaryKey()` on its
    /// column: a composite key, or a one-column key named other than `<table>_pkey`, the name PostgreSQL gives the
    /// key drizzle-kit writes for `.primaryKey()`.
    func needsPrimaryKeyConstraint(_ key: PrimaryKey, of table: Table) -> Bool {
        key.columns.count > 1 || key.name != "\(table.name.name)_pkey"
    }

    /// The builder call for a type, without `.array()`.
    mutating func baseBuilder(_ type: ColumnType, name: String) -> String {
        func call(_ function: String, _ options: String? = nil) -> String {
            let local = scope.use(function, from: .pgCore)
            return options.map { "\(local)(\(name), { \($0) })" } ?? "\(local)(\(name))"
        }
        switch type {
        case .uuid: return call("uuid")
        case .text: return call("text")
        case .varchar(let length): return call("varchar", length.map { "length: \($0)" })
        case .char(let length): return call("char", length.map { "length: \($0)" })
        case .smallint: return call("smallint")
        case .integer: return call("integer")
        // JavaScript numbers: exact up to 2^53, which is how drizzle users read counters and sizes; `mode` is required.
        case .bigint: return call("bigint", "mode: 'number'")
        case .smallserial: return call("smallserial")
        case .serial: return call("serial")
        case .bigserial: return call("bigserial", "mode: 'number'")
        case .boolean: return call("boolean")
        case .real: return call("real")
        case .doublePrecision: return call("doublePrecision")
        case .numeric(let precision, let scale):
            var options: [String] = []
            if let precision { options.append("precision: \(precision)") }
            if let scale { options.append("scale: \(scale)") }
            return call("numeric", options.isEmpty ? nil : options.joined(separator: ", "))
        case .date: return call("date")
        case .time(let p): return call("time", p.map { "precision: \($0)" })
        case .timetz(let p): return call("time", "withTimezone: true" + (p.map { ", precision: \($0)" } ?? ""))
        case .timestamp(let p): return call("timestamp", p.map { "precision: \($0)" })
        case .timestamptz(let p): return call("timestamp", "withTimezone: true" + (p.map { ", precision: \($0)" } ?? ""))
        case .interval(let p): return call("interval", p.map { "precision: \($0)" })
        case .json: return call("json")
        case .jsonb: return call("jsonb")
        case .bytea: return "\(byteaHelper ?? "bytea")(\(name))"
        case .inet: return call("inet")
        case .enumeration(let enumName): return "\(enumNames[enumName] ?? TS.identifier(enumName.name))(\(name))"
        case .cidr: return call("cidr")
        case .macaddr: return call("macaddr")
        case .macaddr8: return call("macaddr8")
        // drizzle reads `(x,y)` and `{a,b,c}` into tuples.
        case .geometric(.point): return call("point")
        case .geometric(.line): return call("line")
        case .bit(let length): return call("bit", "dimensions: \(length ?? 1)")
        case .vector(let dimensions?): return call("vector", "dimensions: \(dimensions)")
        // A domain's values are its base type's: its builder reads and writes them (the DDL names the domain).
        case .domain(_, let base): return baseBuilder(base, name: name)
        case .citext, .tsvector, .tsquery, .xml, .money, .oid, .geometric, .varbit, .range, .multirange, .vector, .declared:
            return "\(customHelpers[DrizzleFile.customType(type)?.sql ?? ""] ?? "unknown")(\(name))"
        case .array(let inner): return baseBuilder(inner, name: name)
        }
    }

    func jsonContent(_ type: ColumnType) -> JSONType? {
        switch type.valueType.element {
        case .json(let content), .jsonb(let content): return content
        default: return nil
        }
    }

    /// `.defaultNow()`, `.defaultRandom()`, `.default(<value>)` with a JavaScript value of the column's data type, or
    /// `.default(sql\`...\`)` with the DDL's expression when there is no faithful JavaScript value.
    mutating func defaultModifier(_ value: ColumnDefault, type: ColumnType) -> String {
        switch value {
        case .now: return ".defaultNow()"
        case .randomUUID: return ".defaultRandom()"
        case .enumMember(let member): return ".default(\(TS.string(member)))"
        case .literal(let literal):
            if let script = javaScriptValue(literal, type: type) { return ".default(\(script))" }
            return ".default(\(sql(SQLDefault.expression(value, type: type))))"
        case .sql(let text): return ".default(\(sql(text)))"
        case .nextval: return ".default(\(sql(SQLDefault.expression(value, type: type))))"
        }
    }

    /// The value drizzle's data type for `type` holds, as a TypeScript expression; nil when it has none.
    func javaScriptValue(_ literal: Literal, type: ColumnType) -> String? {
        if case .domain(_, let base) = type { return javaScriptValue(literal, type: base) }
        switch (literal, type) {
        case (.array(let items), .array(let element)):
            var parts: [String] = []
            for item in items {
                guard let part = javaScriptValue(item, type: element) else { return nil }
                parts.append(part)
            }
            return "[" + parts.joined(separator: ", ") + "]"
        case (.boolean(let flag), .boolean): return flag ? "true" : "false"
        case (.integer(let number), .smallint), (.integer(let number), .integer): return "\(number)"
        case (.integer(let number), .bigint):
            return abs(number) <= 9_007_199_254_740_991 ? "\(number)" : nil
        // numeric is a string in drizzle (mode 'string'), which keeps every digit.
        case (.decimal(let text), .numeric): return TS.string(text)
        case (.integer(let number), .numeric): return TS.string("\(number)")
        case (.decimal(let text), .real), (.decimal(let text), .doublePrecision): return TS.number(text)
        case (.string(let text), .text), (.string(let text), .varchar), (.string(let text), .char),
             (.string(let text), .uuid), (.string(let text), .inet), (.string(let text), .date),
             (.string(let text), .time), (.string(let text), .timetz), (.string(let text), .interval),
             (.string(let text), .enumeration), (.string(let text), .citext), (.string(let text), .tsvector),
             (.string(let text), .tsquery), (.string(let text), .xml), (.string(let text), .money),
             (.string(let text), .cidr), (.string(let text), .macaddr), (.string(let text), .macaddr8),
             (.string(let text), .bit), (.string(let text), .varbit), (.string(let text), .range),
             (.string(let text), .multirange):
            return TS.string(text)
        case (.integer(let number), .oid): return "\(number)"
        case (.json(let text), .json), (.json(let text), .jsonb): return TS.jsonLiteral(text)
        default: return nil
        }
    }
}

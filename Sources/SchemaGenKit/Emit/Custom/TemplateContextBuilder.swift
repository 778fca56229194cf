extension TemplateContext {
    /// The current layout version (see `contextVersion`).
    public static let currentVersion = 1

    /// Lays a validated schema out for a user template; `output` is the custom output being rendered, and
    /// `templatesHash` the fingerprint of its templates for the header (`TemplateSet.fingerprint`).
    public init(schema: Schema, output: OutputSetting? = nil, templatesHash: String = "") {
        let builder = TemplateContextBuilder(schema: schema)
        self.init(
            contextVersion: Self.currentVersion,
            source: schema.sourceName,
            schemaHash: schema.sourceHash,
            header: builder.header(templatesHash: templatesHash),
            output: output.map {
                Output(name: $0.target, path: $0.path, fileName: $0.path.split(separator: "/").last.map(String.init) ?? $0.path)
            },
            enums: schema.enums.map(builder.enumeration),
            shapes: schema.shapes.map(builder.shape),
            tables: schema.tables.map(builder.table),
            externalTables: schema.externalTables.map(builder.table),
            hasEnums: !schema.enums.isEmpty,
            hasShapes: !schema.shapes.isEmpty,
            hasTables: !schema.tables.isEmpty)
    }
}

/// Turns IR values into their template-context form.
private struct TemplateContextBuilder {
    let schema: Schema
    /// The tables by name, for the targets of foreign keys and relations (a scan per key would be quadratic).
    let tablesByName: [QualifiedName: Table]

    init(schema: Schema) {
        self.schema = schema
        tablesByName = schema.tablesByName()
    }

    func header(templatesHash: String) -> TemplateContext.Header {
        let lines = GeneratedHeader(commentPrefix: "", templatesHash: templatesHash).render(for: schema)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.drop { $0 == " " } }.map(String.init)
        func prefixed(_ prefix: String) -> String { lines.map { prefix + $0 }.joined(separator: "\n") }
        return TemplateContext.Header(
            lines: lines, slashes: prefixed("// "), hashes: prefixed("# "), dashes: prefixed("-- "),
            block: "/*\n" + prefixed(" * ") + "\n */")
    }

    func names(_ names: TargetNames) -> TemplateContext.Names {
        TemplateContext.Names(type: names.type, ts: names.ts, swift: names.swift, python: names.python)
    }

    func text(_ value: String?) -> TemplateContext.Text? {
        guard let value else { return nil }
        return TemplateContext.Text(
            text: value, json: JSONText.quote(value),
            lines: value.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    }

    func enumeration(_ item: EnumType) -> TemplateContext.Enum {
        let values = zip(item.values, item.valueNames).map { value, valueNames in
            TemplateContext.EnumValue(value: value, json: JSONText.quote(value), names: names(valueNames))
        }
        return TemplateContext.Enum(
            name: item.name.name, schema: item.name.schema, qualifiedName: item.name.description,
            sqlName: SQLSyntax.qualified(item.name), names: names(item.names), comment: text(item.documentation), values: values)
    }

    func shape(_ item: JSONShape) -> TemplateContext.Shape {
        TemplateContext.Shape(name: item.name, comment: text(item.comment), fields: item.fields.map { field in
            TemplateContext.ShapeField(
                key: field.key, json: JSONText.quote(field.key), names: names(field.names), type: jsonType(field.type),
                optional: field.optional, comment: text(field.comment))
        })
    }

    func jsonType(_ type: JSONType) -> TemplateContext.JSONType {
        var context = TemplateContext.JSONType(
            kind: "", spelling: Self.spelling(type), isString: false, isInteger: false, isNumber: false, isBoolean: false,
            isAny: false, isArray: false, isMap: false, isShape: false, shape: nil, element: [])
        switch type {
        case .string: context.kind = "string"; context.isString = true
        case .integer: context.kind = "integer"; context.isInteger = true
        case .number: context.kind = "number"; context.isNumber = true
        case .boolean: context.kind = "boolean"; context.isBoolean = true
        case .any: context.kind = "any"; context.isAny = true
        case .array(let inner): context.kind = "array"; context.isArray = true; context.element = [jsonType(inner)]
        case .map(let inner): context.kind = "map"; context.isMap = true; context.element = [jsonType(inner)]
        case .shape(let name): context.kind = "shape"; context.isShape = true; context.shape = name
        }
        return context
    }

    /// The schema language's spelling of a JSON type.
    static func spelling(_ type: JSONType) -> String {
        switch type {
        case .string: return "string"
        case .integer: return "integer"
        case .number: return "number"
        case .boolean: return "boolean"
        case .any: return "any"
        case .array(let inner): return spelling(inner) + "[]"
        case .map(let inner): return "map<" + spelling(inner) + ">"
        case .shape(let name): return name
        }
    }

    func table(_ table: Table) -> TemplateContext.Table {
        let primaryKey = table.primaryKey?.columns ?? []
        let uniqueColumns = Set(table.uniques.filter { $0.columns.count == 1 }.map { $0.columns[0] }
            + (primaryKey.count == 1 ? primaryKey : []))
        let foreignKeyColumns = Set(table.foreignKeys.flatMap(\.columns))
        let columns = table.columns.map { column -> TemplateContext.Column in
            let reference = table.foreignKeys.first { $0.columns == [column.name] }.flatMap { key -> TemplateContext.Reference? in
                guard let target = tablesByName[key.referencedTable], let targetColumn = target.column(key.referencedColumns[0]) else {
                    return nil
                }
                return TemplateContext.Reference(
                    table: key.referencedTable.description, tableNames: names(target.names),
                    column: targetColumn.name, columnNames: names(targetColumn.names))
            }
            return TemplateContext.Column(
                name: column.name, json: JSONText.quote(column.name), names: names(column.names),
                sqlType: SQLDefault.type(column.type), type: columnType(column.type.element), isArray: column.type.isArray,
                nullable: column.nullable, isOptionalOnInsert: column.isOptionalOnInsert,
                default: column.defaultValue.map { defaultValue($0, type: column.type) }, hasDefault: column.defaultValue != nil,
                identity: column.identity?.rawValue, isIdentity: column.identity != nil,
                generated: text(column.generated), isGenerated: column.generated != nil, isProtected: column.isProtected,
                isPrimaryKey: primaryKey.contains(column.name), isUnique: uniqueColumns.contains(column.name),
                isForeignKey: foreignKeyColumns.contains(column.name), references: reference, comment: text(column.documentation))
        }
        let relations = table.relations.map { relation in
            TemplateContext.Relation(
                name: relation.name, pythonName: relation.pythonName, kind: relation.kind.rawValue,
                isMany: relation.kind == .many, target: relation.target.description,
                targetNames: names(tablesByName[relation.target]?.names ?? TargetNames(type: "", ts: "", swift: "", python: "")),
                foreignKey: relation.foreignKey, isOwningSide: relation.isOwningSide, inverse: relation.inverse,
                inversePythonName: relation.inversePythonName, isRequired: relation.isRequired)
        }
        let foreignKeys = table.foreignKeys.map { key in
            TemplateContext.ForeignKey(
                name: key.name, columns: key.columns, referencedTable: key.referencedTable.description,
                referencedTableNames: names(tablesByName[key.referencedTable]?.names ?? TargetNames(type: "", ts: "", swift: "", python: "")),
                referencedColumns: key.referencedColumns, onDelete: key.onDelete.rawValue, onUpdate: key.onUpdate.rawValue)
        }
        return TemplateContext.Table(
            name: table.name.name, schema: table.name.schema, qualifiedName: table.name.description,
            sqlName: SQLSyntax.qualified(table.name), names: names(table.names), comment: text(table.documentation),
            isExternal: table.isExternal, columns: columns, primaryKey: primaryKey, hasPrimaryKey: !primaryKey.isEmpty,
            primaryKeyName: table.primaryKey?.name,
            uniques: table.uniques.map { TemplateContext.Unique(name: $0.name, columns: $0.columns) },
            foreignKeys: foreignKeys, relations: relations, hasRelations: !relations.isEmpty, rlsEnabled: table.rls.enabled,
            partitionBy: table.partitioning.map { partitioning in
                let keys = partitioning.keys.map { $0.column.map(SQLSyntax.quoteIdent) ?? $0.expression ?? "" }
                return "\(partitioning.strategy.sql) (\(keys.joined(separator: ", ")))"
            },
            isPartitioned: table.partitioning != nil,
            partitions: table.partitioning?.partitions.map(\.name.description) ?? [])
    }

    func columnType(_ type: ColumnType) -> TemplateContext.ColumnType {
        var context = TemplateContext.ColumnType(
            kind: "", sqlType: SQLDefault.type(type), isUUID: false, isString: false, isInteger: false, isBigInteger: false,
            isFloat: false, isDecimal: false, isBoolean: false, isDate: false, isTime: false, isTimestamp: false,
            hasTimeZone: false, isInterval: false, isJSON: false, isBinary: false, isInet: false, isEnum: false,
            enumType: nil, json: nil, length: nil, precision: nil, scale: nil)
        switch type {
        case .uuid: context.kind = "uuid"; context.isUUID = true
        case .text: context.kind = "text"; context.isString = true
        case .varchar(let length): context.kind = "varchar"; context.isString = true; context.length = length
        case .char(let length): context.kind = "char"; context.isString = true; context.length = length
        case .smallint: context.kind = "smallint"; context.isInteger = true
        case .integer: context.kind = "integer"; context.isInteger = true
        case .bigint: context.kind = "bigint"; context.isInteger = true; context.isBigInteger = true
        case .smallserial: context.kind = "smallserial"; context.isInteger = true
        case .serial: context.kind = "serial"; context.isInteger = true
        case .bigserial: context.kind = "bigserial"; context.isInteger = true; context.isBigInteger = true
        case .boolean: context.kind = "boolean"; context.isBoolean = true
        case .real: context.kind = "real"; context.isFloat = true
        case .doublePrecision: context.kind = "double_precision"; context.isFloat = true
        case .numeric(let precision, let scale):
            context.kind = "numeric"; context.isDecimal = true; context.precision = precision; context.scale = scale
        case .date: context.kind = "date"; context.isDate = true
        case .time(let p): context.kind = "time"; context.isTime = true; context.precision = p
        case .timetz(let p): context.kind = "timetz"; context.isTime = true; context.hasTimeZone = true; context.precision = p
        case .timestamp(let p): context.kind = "timestamp"; context.isTimestamp = true; context.precision = p
        case .timestamptz(let p):
            context.kind = "timestamptz"; context.isTimestamp = true; context.hasTimeZone = true; context.precision = p
        case .interval(let p): context.kind = "interval"; context.isInterval = true; context.precision = p
        case .json(let content): context.kind = "json"; context.isJSON = true; context.json = jsonType(content)
        case .jsonb(let content): context.kind = "jsonb"; context.isJSON = true; context.json = jsonType(content)
        case .bytea: context.kind = "bytea"; context.isBinary = true
        case .inet: context.kind = "inet"; context.isInet = true
        case .enumeration(let name):
            context.kind = "enum"; context.isEnum = true
            context.enumType = schema.enumType(name).map {
                TemplateContext.EnumReference(qualifiedName: name.description, names: names($0.names))
            }
        case .citext, .tsvector, .tsquery, .xml, .money, .macaddr, .macaddr8, .geometric, .range, .multirange:
            context.kind = Self.kind(type); context.isString = true
        case .cidr: context.kind = "cidr"; context.isInet = true
        case .bit(let length), .varbit(let length): context.kind = Self.kind(type); context.isString = true; context.length = length
        case .oid: context.kind = "oid"; context.isInteger = true
        case .vector(let dimensions): context.kind = "vector"; context.length = dimensions
        case .declared: context.kind = "declared"
        case .domain(_, let base):
            // Code sees the base type's values; the SQL type is the domain's.
            var base = columnType(base)
            base.sqlType = context.sqlType
            return base
        case .array(let inner): return columnType(inner)
        }
        return context
    }

    /// The `kind` of the types named after their SQL spelling without modifiers (`tsvector`, `int4range`, `bit`).
    static func kind(_ type: ColumnType) -> String {
        switch type {
        case .bit: return "bit"
        case .varbit: return "varbit"
        default: return type.sqlName
        }
    }

    func defaultValue(_ value: ColumnDefault, type: ColumnType) -> TemplateContext.Default {
        var context = TemplateContext.Default(
            sql: SQLDefault.expression(value, type: type), kind: "", isLiteral: false, isEnumValue: false, isNow: false,
            isRandomUUID: false, isSQL: false, value: nil)
        switch value {
        case .literal(let literal): context.kind = "literal"; context.isLiteral = true; context.value = Self.json(literal)
        case .enumMember(let member): context.kind = "enum"; context.isEnumValue = true; context.value = JSONText.quote(member)
        case .now: context.kind = "now"; context.isNow = true
        case .randomUUID: context.kind = "random_uuid"; context.isRandomUUID = true
        case .sql: context.kind = "sql"; context.isSQL = true
        case .nextval: context.kind = "nextval"; context.isSQL = true
        }
        return context
    }

    /// A decimal's canonical text as a JSON number: JSON allows no leading zeros (`007.5` becomes `7.5`).
    static func jsonNumber(_ text: String) -> String {
        let negative = text.hasPrefix("-")
        var digits = Substring(negative ? text.dropFirst() : Substring(text))
        while digits.count > 1, digits.first == "0", digits.dropFirst().first?.isNumber == true { digits = digits.dropFirst() }
        return (negative ? "-" : "") + digits
    }

    /// A literal default as JSON text; decimals stay exact as written.
    static func json(_ literal: Literal) -> String {
        switch literal {
        case .string(let text): return JSONText.quote(text)
        case .integer(let value): return String(value)
        case .decimal(let text): return jsonNumber(text)
        case .boolean(let value): return value ? "true" : "false"
        case .json(let text): return text
        case .array(let items): return "[" + items.map(json).joined(separator: ",") + "]"
        }
    }
}

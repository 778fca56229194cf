/// Pydantic v2 models of the API contract: per table, `<Name>` (a row as read), `<Name>Insert` and `<Name>Update`
/// (what a client may send), with the database's own rules as validation: NOT NULL, `varchar(n)`, numeric precision
/// and scale, integer ranges, and the checks with an exact equivalent (`ContractRules`).
package struct PydanticEmitter: Emitter {
    package static let target = Target.pydantic

    /// SHA-256 of the template, for the header.
    var templatesHash: String = ""

    /// What `pydantic.mustache` lays out: each class as its lines.
    package struct Context: Encodable {
        var header: String
        var sourceName: String
        var imports: [String]
        var classes: [Block]
        /// How many checks the models do not enforce, over all tables.
        var unenforcedChecks: Int
        var hasUnenforcedChecks: Bool
    }

    /// A top-level class as its lines.
    struct Block: Encodable {
        var lines: [String]
    }

    package init(templatesHash: String = "") {
        self.templatesHash = templatesHash
    }

    package func context(for schema: Schema) -> Context {
        let names = PydanticNames(schema: schema)
        var modules: Set<String> = []
        var classes: [Block] = []
        for item in schema.enums {
            modules.insert("enum")
            var lines = ["class \(names.enumName(item.name))(enum.StrEnum):"]
            if let doc = item.documentation { lines.append("    " + Python.docstring(doc, indent: 4)); lines.append("") }
            for (value, valueNames) in zip(item.values, item.valueNames) {
                lines.append("    \(valueNames.python) = \(Python.string(value))")
            }
            if item.values.isEmpty { lines.append("    pass") }
            classes.append(Block(lines: lines))
        }
        var types = PydanticTypes(schema: schema, names: names, modules: [])
        for shape in schema.shapes {
            var lines = ["class \(names.shapeName(shape.name))(BaseModel):"]
            if let doc = shape.comment { lines.append("    " + Python.docstring(doc, indent: 4)); lines.append("") }
            var fieldNames = PydanticFieldNames(reserved: names.moduleNames)
            for field in shape.fields {
                let name = fieldNames.name(for: field.names.python, key: field.key)
                var annotation = types.json(field.type)
                var extras: [String] = []
                if name != field.key { extras.append("alias=\(Python.string(field.key))") }
                if field.optional { annotation += " | None"; extras.insert("default=None", at: 0) }
                lines.append("    " + PydanticTypes.declaration(name, annotation, extras))
            }
            if shape.fields.isEmpty { lines.append("    pass") }
            if fieldNames.hasAliases { lines.insert("    model_config = ConfigDict(populate_by_name=True)", at: 1); lines.insert("", at: 2) }
            classes.append(Block(lines: lines))
        }
        var unenforced = 0
        for table in schema.tables {
            let contract = ContractTable(table, in: schema)
            unenforced += contract.unenforcedChecks.count
            let rowName = names.tableName(table.name)
            classes.append(Block(lines: rowClass(rowName, about: table.documentation ?? "A row of \(table.name.description).",
                                                 fields: contract.fields, types: &types, names: names)))
            classes.append(Block(lines: writeClass(rowName + "Insert", contract: contract, insert: true,
                                                  types: &types, names: names)))
            classes.append(Block(lines: writeClass(rowName + "Update", contract: contract, insert: false,
                                                  types: &types, names: names)))
        }
        for view in schema.views {
            let fields = view.columns.map {
                ContractField(column: $0, value: ContractValue($0.type.valueType, schema: schema), rules: [], refusesNull: !$0.nullable,
                              untranslatedDomainChecks: [])
            }
            classes.append(Block(lines: rowClass(names.tableName(view.name), about: view.comment ?? "A row of \(view.name.description).", fields: fields,
                                                 types: &types, names: names)))
        }
        modules.formUnion(types.modules)
        // The helpers of the template use decimal, Annotated, AfterValidator and BeforeValidator in every module.
        modules.insert("decimal")
        var imports = ["datetime", "decimal", "enum", "uuid"].filter(modules.contains).map { "import \($0)" }
        imports.append("from typing import Annotated")
        imports.append("")
        var pydantic = ["AfterValidator", "BaseModel", "BeforeValidator", "ConfigDict"]
        if classes.contains(where: { $0.lines.contains { $0.contains("Field(") } }) { pydantic.append("Field") }
        if classes.contains(where: { $0.lines.contains { $0.contains("JsonValue") } }) { pydantic.append("JsonValue") }
        pydantic += types.pydanticNames
        imports.append("from pydantic import " + pydantic.sorted().joined(separator: ", "))
        return Context(header: GeneratedHeader(commentPrefix: "#", templatesHash: templatesHash).render(for: schema),
                       sourceName: schema.sourceName, imports: imports, classes: classes,
                       unenforcedChecks: unenforced, hasUnenforcedChecks: unenforced > 0)
    }

    /// `<Name>`: a row as read, every column, no rules beyond the types (the database already enforced them).
    private func rowClass(_ name: String, about: String, fields: [ContractField], types: inout PydanticTypes, names: PydanticNames) -> [String] {
        var lines = ["class \(name)(BaseModel):"]
        lines.append("    " + Python.docstring(about, indent: 4))
        lines.append("")
        var fieldNames = PydanticFieldNames(reserved: names.moduleNames)
        var body: [String] = []
        for field in fields {
            let name = fieldNames.name(for: field.column.names.python, key: field.column.name)
            var annotation = types.annotation(field.value)
            if field.column.nullable { annotation += " | None" }
            body.append("    " + PydanticTypes.declaration(name, annotation, name != field.column.name ? ["alias=\(Python.string(field.column.name))"] : []))
        }
        lines.append("    model_config = ConfigDict(from_attributes=True\(fieldNames.hasAliases ? ", populate_by_name=True" : ""))")
        if !body.isEmpty { lines.append("") }
        return lines + body
    }

    /// `<Name>Insert` or `<Name>Update`: the columns a client may write, with the database's rules.
    private func writeClass(_ name: String, contract: ContractTable, insert: Bool, types: inout PydanticTypes,
                            names: PydanticNames) -> [String] {
        var lines = ["class \(name)(BaseModel):"]
        lines.append("    " + Python.docstring(contract.writeDocumentation(insert: insert, thing: "model"), indent: 4))
        lines.append("")
        var fieldNames = PydanticFieldNames(reserved: names.moduleNames)
        var body: [String] = []
        for field in contract.fields {
            let presence = field.presence(insert: insert)
            guard presence != .absent else { continue }
            let attribute = fieldNames.name(for: field.column.names.python, key: field.column.name)
            var annotation = types.writeAnnotation(field)
            var extras: [String] = []
            if attribute != field.column.name { extras.append("alias=\(Python.string(field.column.name))") }
            if presence == .optional {
                // Omitted and null differ: omitted is the default (or no change), null is NULL, refused by NOT NULL.
                annotation = field.refusesNull ? "Annotated[\(annotation) | None, _not_null]" : annotation + " | None"
                extras.insert("default=None", at: 0)
            } else if !field.refusesNull {
                annotation += " | None"
            }
            body.append("    " + PydanticTypes.declaration(attribute, annotation, extras))
        }
        var config = ["extra=\"forbid\""]
        if fieldNames.hasAliases { config.append("populate_by_name=True") }
        lines.append("    model_config = ConfigDict(\(config.joined(separator: ", ")))")
        if !body.isEmpty { lines.append("") }
        return lines + body
    }
}

/// The module's class names: unique, and never one of the names the module imports.
struct PydanticNames {
    private(set) var moduleNames: Set<String>
    private var enums: [QualifiedName: String] = [:]
    private var shapes: [String: String] = [:]
    private var tables: [QualifiedName: String] = [:]
    private var claimed = ClaimedNames(reserved: PydanticNames.imported)

    static let imported: Set<String> = [
        "datetime", "decimal", "enum", "uuid", "Annotated", "AfterValidator", "BaseModel", "BeforeValidator", "ConfigDict",
        "Field", "JsonValue", "IPvAnyAddress", "IPvAnyInterface", "IPvAnyNetwork", "str", "bytes", "int", "float", "bool", "list", "dict", "object", "None",
    ]

    init(schema: Schema) {
        moduleNames = Self.imported
        for item in schema.enums { enums[item.name] = claim(item.names.type) }
        for shape in schema.shapes { shapes[shape.name] = claim(shape.name) }
        for table in schema.tables { tables[table.name] = claim(table.names.type, reserving: ["Insert", "Update"]) }
        for view in schema.views { tables[view.name] = claim(view.names.type) }
        moduleNames = claimed.taken
    }

    private mutating func claim(_ wanted: String, reserving suffixes: [String] = []) -> String {
        var name = Python.isIdentifier(wanted) && !TargetKeywords.python.contains(wanted) && !wanted.hasPrefix("_") ? wanted : "T" + wanted
        if !Python.isIdentifier(name) { name = "Model" }
        return claimed.claim(name, reserving: suffixes)
    }

    func enumName(_ name: QualifiedName) -> String { enums[name] ?? "Enum" }
    func shapeName(_ name: String) -> String { shapes[name] ?? "Shape" }
    func tableName(_ name: QualifiedName) -> String { tables[name] ?? "Row" }
}

/// A model's attribute names: the Python name, unless Pydantic or the module reserves it, with the column's name
/// as the alias whenever the two differ.
struct PydanticFieldNames {
    var reserved: Set<String>
    private var claimed = ClaimedNames()
    private(set) var hasAliases = false

    /// What `BaseModel` defines or reserves: a field of that name would shadow it.
    static let baseModel: Set<String> = [
        "copy", "dict", "json", "schema", "schema_json", "construct", "validate", "parse_obj", "parse_raw", "parse_file",
        "from_orm", "update_forward_refs", "fields",
    ]

    init(reserved: Set<String>) {
        self.reserved = reserved
    }

    mutating func name(for python: String, key: String) -> String {
        var name = python
        if name.hasPrefix("_") { name = "field" + name }
        if !Python.isIdentifier(name) || TargetKeywords.python.contains(name) || reserved.contains(name)
            || Self.baseModel.contains(name) || name.hasPrefix("model_") {
            name += "_"
        }
        if !Python.isIdentifier(name) { name = "field_" }
        let candidate = claimed.claim(name)
        if candidate != key { hasAliases = true }
        return candidate
    }
}

/// Python annotations for contract values.
struct PydanticTypes {
    let schema: Schema
    let names: PydanticNames
    var modules: Set<String>
    /// The names the annotations use from `pydantic` beyond those every module imports.
    var pydanticNames: Set<String> = []

    /// `name: annotation` or `name: annotation = Field(...)`.
    static func declaration(_ name: String, _ annotation: String, _ extras: [String]) -> String {
        if extras.isEmpty { return "\(name): \(annotation)" }
        if extras == ["default=None"] { return "\(name): \(annotation) = None" }
        return "\(name): \(annotation) = Field(\(extras.joined(separator: ", ")))"
    }

    /// The type of a value as read.
    mutating func annotation(_ value: ContractValue) -> String {
        switch value {
        case .string, .text: return "str"
        case .integer: return "int"
        case .float: return "float"
        case .decimal: modules.insert("decimal"); return "decimal.Decimal"
        case .boolean: return "bool"
        case .uuid: modules.insert("uuid"); return "uuid.UUID"
        case .date: modules.insert("datetime"); return "datetime.date"
        case .time: modules.insert("datetime"); return "datetime.time"
        case .timestamp, .timestamptz: modules.insert("datetime"); return "datetime.datetime"
        case .interval: modules.insert("datetime"); return "datetime.timedelta"
        case .bytes: return "bytes"
        case .inet: pydanticNames.insert("IPvAnyAddress"); pydanticNames.insert("IPvAnyInterface"); return "IPvAnyAddress | IPvAnyInterface"
        case .cidr: pydanticNames.insert("IPvAnyNetwork"); return "IPvAnyNetwork"
        case .json(let content): return json(content)
        case .enumeration(let item): return names.enumName(item.name)
        case .array(let element): return "list[\(annotation(element))]"
        }
    }

    /// The type of a JSON value with a declared content.
    mutating func json(_ type: JSONType) -> String {
        switch type {
        case .string: return "str"
        case .integer: return "int"
        case .number: return "float"
        case .boolean: return "bool"
        case .any: return "JsonValue"
        case .array(let element): return "list[\(json(element))]"
        case .map(let value): return "dict[str, \(json(value))]"
        case .shape(let name): return names.shapeName(name)
        }
    }

    /// The type of a value a client writes: the type with the database's rules on it (not its nullability).
    mutating func writeAnnotation(_ field: ContractField) -> String {
        var metadata: [String] = []
        var base: String
        var bounds = field.numericBounds
        switch field.value {
        case .string(let maxLength):
            base = "_Text"
            if let maxLength { metadata.append("_varchar(\(maxLength))") }
        case .text:
            base = "_Text"
        case .integer(let min, let max):
            base = "int"
            bounds.add(.greaterOrEqual, String(min))
            bounds.add(.lessOrEqual, String(max))
        case .decimal(let precision, let scale):
            modules.insert("decimal")
            base = "decimal.Decimal"
            var arguments = [precision.map(String.init) ?? "None", scale.map(String.init) ?? "None"]
            arguments += bounds.keywords(quoted: true)
            metadata.append("_numeric(\(arguments.joined(separator: ", ")))")
            bounds = Bounds()
        default:
            base = annotation(field.value)
        }
        var fieldArguments = bounds.keywords(quoted: false)
        // The strictest length bounds, as one `min_length` and one `max_length`.
        var minLength: Int?
        var maxLength: Int?
        for rule in field.rules {
            guard case .length(let op, let count) = rule else { continue }
            switch op {
            case .less: maxLength = min(maxLength ?? Int.max, count - 1)
            case .lessOrEqual: maxLength = min(maxLength ?? Int.max, count)
            case .greater: minLength = max(minLength ?? Int.min, count + 1)
            case .greaterOrEqual: minLength = max(minLength ?? Int.min, count)
            case .notEqual: metadata.append("_length_not(\(count))")
            }
        }
        if let minLength { fieldArguments.append("min_length=\(max(minLength, 0))") }
        if let maxLength { fieldArguments.append("max_length=\(max(maxLength, 0))") }
        for rule in field.rules {
            switch rule {
            case .compare(.notEqual, let constant):
                metadata.append("_not_equal(\(literal(constant)))")
            case .compare:
                break
            case .oneOf(let values):
                metadata.append("_one_of(\(values.map(literal).joined(separator: ", ")))")
            case .length:
                break
            case .pattern(let pattern, _):
                fieldArguments.append("pattern=\(Python.string("(?s)" + pattern))")
            }
        }
        if !fieldArguments.isEmpty { metadata.append("Field(\(fieldArguments.joined(separator: ", ")))") }
        if metadata.isEmpty { return base }
        return "Annotated[\(base), \(metadata.joined(separator: ", "))]"
    }

    func literal(_ constant: ContractLiteral) -> String {
        switch constant {
        case .string(let text): return Python.string(text)
        case .number(let text): return text.contains(".") ? "decimal.Decimal(\(Python.string(text)))" : text
        }
    }
}

extension Bounds {
    /// `ge=0, le=100`; quoted as strings for the numeric helper, which compares Decimals.
    func keywords(quoted: Bool) -> [String] {
        var result: [String] = []
        func spell(_ value: String) -> String { quoted ? Python.string(value) : value }
        if let lower { result.append("\(lower.inclusive ? "ge" : "gt")=\(spell(lower.value))") }
        if let upper { result.append("\(upper.inclusive ? "le" : "lt")=\(spell(upper.value))") }
        return result
    }
}

/// Zod 4 schemas of the API contract, with the same rules as the Pydantic models: per table `<Name>` (a row as read),
/// `<Name>Insert` and `<Name>Update`, each with its `z.infer` type under the same name.
package struct ZodEmitter: Emitter {
    package static let target = Target.zod

    /// SHA-256 of the template, for the header.
    var templatesHash: String = ""

    /// What `zod.mustache` lays out: each exported schema as its lines.
    package struct Context: Encodable {
        var header: String
        var sourceName: String
        var declarations: [Block]
        var unenforcedChecks: Int
        var hasUnenforcedChecks: Bool
        /// Which helpers the declarations use; the module defines only those (a strict build refuses unused ones).
        var usesText: Bool
        var usesChars: Bool
        var usesVarchar: Bool
        var usesNumeric: Bool
        var usesOneOf: Bool
        var usesNotEqual: Bool
        var usesOwnProperties: Bool
    }

    /// A top-level declaration as its lines.
    struct Block: Encodable {
        var lines: [String]
    }

    package init(templatesHash: String = "") {
        self.templatesHash = templatesHash
    }

    package func context(for schema: Schema) -> Context {
        let names = ZodNames(schema: schema)
        var declarations: [Block] = []
        for item in schema.enums {
            let name = names.enumName(item.name)
            var lines = TS.docComment(item.documentation).map { [$0] } ?? []
            lines.append("export const \(name) = z.enum([\(item.values.map(TS.string).joined(separator: ", "))]);")
            lines.append("export type \(name) = z.infer<typeof \(name)>;")
            declarations.append(Block(lines: lines))
        }
        let types = ZodTypes(names: names)
        for shape in schema.shapes {
            let name = names.shapeName(shape.name)
            var lines = TS.docComment(shape.comment).map { [$0] } ?? []
            // Shapes may refer to each other in any order: a getter defers the reference (Zod's recursive objects).
            lines.append("export const \(name) = z.object({")
            for field in shape.fields {
                var type = types.json(field.type)
                if field.optional { type += ".nullable().optional()" }
                if let doc = TS.docComment(field.comment, indent: "  ") { lines.append(doc) }
                lines.append("  get \(ZodTypes.key(field.key))() {")
                lines.append("    return \(type);")
                lines.append("  },")
            }
            lines.append("});")
            lines.append("export type \(name) = z.infer<typeof \(name)>;")
            declarations.append(Block(lines: lines))
        }
        var unenforced = 0
        for table in schema.tables {
            let contract = ContractTable(table, in: schema)
            unenforced += contract.unenforcedChecks.count
            let rowName = names.tableName(table.name)
            declarations.append(Block(lines: row(rowName, about: table.documentation ?? "A row of \(table.name.description).",
                                                 columns: table.columns, schema: schema, types: types)))
            declarations.append(Block(lines: write(rowName + "Insert", contract: contract, insert: true, types: types)))
            declarations.append(Block(lines: write(rowName + "Update", contract: contract, insert: false, types: types)))
        }
        for view in schema.views {
            declarations.append(Block(lines: row(names.tableName(view.name), about: view.comment ?? "A row of \(view.name.description).",
                                                 columns: view.columns, schema: schema, types: types)))
        }
        let code = declarations.flatMap(\.lines).joined(separator: "\n")
        let usesVarchar = code.contains("varcharFits(")
        return Context(header: GeneratedHeader(commentPrefix: "//", templatesHash: templatesHash).render(for: schema),
                       sourceName: schema.sourceName, declarations: declarations,
                       unenforcedChecks: unenforced, hasUnenforcedChecks: unenforced > 0,
                       usesText: code.contains("text()"), usesChars: usesVarchar || code.contains("chars("), usesVarchar: usesVarchar,
                       usesNumeric: code.contains("numeric({"), usesOneOf: code.contains("oneOf(["), usesNotEqual: code.contains("notEqual("),
                       usesOwnProperties: code.contains("z.preprocess(ownProperties"))
    }

    private func row(_ name: String, about: String, columns: [Column], schema: Schema, types: ZodTypes) -> [String] {
        var lines = TS.docComment(about).map { [$0] } ?? []
        lines.append("export const \(name) = z.object({")
        for column in columns {
            var type = types.read(ContractValue(column.type.valueType, schema: schema))
            if column.nullable { type += ".nullable()" }
            lines.append("  \(ZodTypes.key(column.name)): \(type),")
        }
        lines.append("});")
        lines.append("export type \(name) = z.infer<typeof \(name)>;")
        return lines
    }

    private func write(_ name: String, contract: ContractTable, insert: Bool, types: ZodTypes) -> [String] {
        var lines = TS.docComment(contract.writeDocumentation(insert: insert, thing: "schema")).map { [$0] } ?? []
        let written = contract.fields.filter { $0.presence(insert: insert) != .absent }
        // Zod reads an omitted key through the prototype (`constructor` is a function): such bodies are read by
        // their own properties only.
        let inherited = written.contains { Self.objectPrototypeMembers.contains($0.column.name) }
        lines.append("export const \(name) = \(inherited ? "z.preprocess(ownProperties, " : "")z.strictObject({")
        for field in written {
            let presence = field.presence(insert: insert)
            guard presence != .absent else { continue }
            var type = types.write(field)
            if !field.refusesNull {
                type += ".nullable()"
            } else if case .json(.any) = field.value {
                // Any JSON includes null, which arrives as SQL NULL.
                type += ".refine((value) => value !== null, { message: \"the column is NOT NULL\" })"
            }
            if presence == .optional { type += ".optional()" }
            lines.append("  \(ZodTypes.key(field.column.name)): \(type),")
        }
        lines.append(inherited ? "}));" : "});")
        lines.append("export type \(name) = z.infer<typeof \(name)>;")
        return lines
    }

    /// The members every JavaScript object inherits from `Object.prototype`.
    static let objectPrototypeMembers: Set<String> = [
        "constructor", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "toString", "valueOf",
        "__proto__", "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__",
    ]
}

/// The module's exported names: unique, valid bindings, never a name the module itself uses.
struct ZodNames {
    private var enums: [QualifiedName: String] = [:]
    private var shapes: [String: String] = [:]
    private var tables: [QualifiedName: String] = [:]
    private var claimed = ClaimedNames(reserved: ["z", "chars", "text", "varcharFits", "varcharCut", "numeric", "NumericLimits", "oneOf", "notEqual", "ownProperties"])

    init(schema: Schema) {
        for item in schema.enums { enums[item.name] = claim(item.names.type) }
        for shape in schema.shapes { shapes[shape.name] = claim(shape.name) }
        for table in schema.tables {
            let name = claim(table.names.type, reserving: ["Insert", "Update"])
            tables[table.name] = name
        }
        for view in schema.views { tables[view.name] = claim(view.names.type) }
    }

    private mutating func claim(_ wanted: String, reserving suffixes: [String] = []) -> String {
        claimed.claim(TS.identifier(wanted), reserving: suffixes)
    }

    func enumName(_ name: QualifiedName) -> String { enums[name] ?? "Enum" }
    func shapeName(_ name: String) -> String { shapes[name] ?? "Shape" }
    func tableName(_ name: QualifiedName) -> String { tables[name] ?? "Row" }
}

/// Zod expressions for contract values.
struct ZodTypes {
    let names: ZodNames

    /// An object key; `__proto__` is computed so it stays an own property.
    static func key(_ name: String) -> String {
        name == "__proto__" ? "[\(TS.string(name))]" : TS.propertyKey(name)
    }

    /// A value as read.
    func read(_ value: ContractValue) -> String {
        switch value {
        case .string, .text, .interval, .bytes, .inet, .cidr: return "z.string()"
        case .integer: return "z.int()"
        case .float, .decimal: return "z.number()"
        case .boolean: return "z.boolean()"
        case .uuid: return "z.guid()"
        case .date: return "z.iso.date()"
        case .time: return "z.iso.time()"
        case .timestamp: return "z.iso.datetime({ local: true })"
        case .timestamptz: return "z.iso.datetime({ offset: true, local: true })"
        case .json(let content): return json(content)
        case .enumeration(let item): return names.enumName(item.name)
        case .array(let element): return "z.array(\(read(element)))"
        }
    }

    /// JSON with a declared content.
    func json(_ type: JSONType) -> String {
        switch type {
        case .string: return "z.string()"
        case .integer: return "z.int()"
        case .number: return "z.number()"
        case .boolean: return "z.boolean()"
        case .any: return "z.json()"
        case .array(let element): return "z.array(\(json(element)))"
        case .map(let value): return "z.record(z.string(), \(json(value)))"
        case .shape(let name): return names.shapeName(name)
        }
    }

    /// A value a client writes, with the database's rules on it (not its nullability).
    func write(_ field: ContractField) -> String {
        var base: String
        var checks: [String] = []
        var bounds = field.numericBounds
        switch field.value {
        case .string(let maxLength):
            base = "text()"
            if let maxLength {
                checks.append(".refine(varcharFits(\(maxLength)), { message: \"at most \(maxLength) characters\" }).overwrite(varcharCut(\(maxLength)))")
            }
        case .text:
            base = "text()"
        case .integer(let min, let max):
            base = "z.int()"
            // z.int() keeps to the safe integers; a bigint's own range is wider.
            if min >= -(1 << 53) + 1 { bounds.add(.greaterOrEqual, String(min)) }
            if max <= (1 << 53) - 1 { bounds.add(.lessOrEqual, String(max)) }
        case .decimal(let precision, let scale):
            base = "z.number()"
            var options = [String]()
            if let precision { options.append("precision: \(precision)") }
            if let scale { options.append("scale: \(scale)") }
            if let lower = bounds.lower, let number = TS.number(lower.value) { options.append("\(lower.inclusive ? "gte" : "gt"): \(number)") }
            if let upper = bounds.upper, let number = TS.number(upper.value) { options.append("\(upper.inclusive ? "lte" : "lt"): \(number)") }
            checks.append(".refine(numeric({ \(options.joined(separator: ", ")) }), { message: \(TS.string(Self.describe(precision, scale, bounds))) })")
            bounds = Bounds()
        default:
            base = read(field.value)
        }
        if let lower = bounds.lower, let number = TS.number(lower.value) { checks.append(lower.inclusive ? ".gte(\(number))" : ".gt(\(number))") }
        if let upper = bounds.upper, let number = TS.number(upper.value) { checks.append(upper.inclusive ? ".lte(\(number))" : ".lt(\(number))") }
        for rule in field.rules {
            switch rule {
            case .compare(.notEqual, let constant):
                checks.append(".refine(notEqual(\(literal(constant))), { message: \(TS.string("must not be " + describe(constant))) })")
            case .compare:
                break
            case .oneOf(let values):
                checks.append(".refine(oneOf([\(values.map(literal).joined(separator: ", "))]), { message: \(TS.string("one of " + values.map(describe).joined(separator: ", "))) })")
            case .length(let op, let count):
                let test: String
                switch op {
                case .less: test = "< \(count)"
                case .lessOrEqual: test = "<= \(count)"
                case .greater: test = "> \(count)"
                case .greaterOrEqual: test = ">= \(count)"
                case .notEqual: test = "!== \(count)"
                }
                checks.append(".refine((value) => chars(value) \(test), { message: \(TS.string("char_length " + test)) })")
            case .pattern(let pattern, _):
                checks.append(".regex(new RegExp(\(TS.string(pattern)), \"su\"))")
            }
        }
        return base + checks.joined()
    }

    /// A constant as an error message shows it.
    func describe(_ constant: ContractLiteral) -> String {
        switch constant {
        case .string(let text): return "'" + text + "'"
        case .number(let text): return text
        }
    }

    /// What numeric(p, s) and its bounds allow, for the error message.
    static func describe(_ precision: Int?, _ scale: Int?, _ bounds: Bounds) -> String {
        var parts: [String] = []
        if let precision { parts.append("numeric(\(precision), \(scale ?? 0))") }
        if let lower = bounds.lower { parts.append((lower.inclusive ? ">= " : "> ") + lower.value) }
        if let upper = bounds.upper { parts.append((upper.inclusive ? "<= " : "< ") + upper.value) }
        return parts.isEmpty ? "a number" : parts.joined(separator: ", ")
    }

    func literal(_ constant: ContractLiteral) -> String {
        switch constant {
        case .string(let text): return TS.string(text)
        case .number(let text): return TS.number(text) ?? "Number.NaN"
        }
    }
}

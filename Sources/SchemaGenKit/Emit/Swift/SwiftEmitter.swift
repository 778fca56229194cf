/// Swift Codable models: one enum per schema enum, one struct per JSON shape, and per table a row struct plus an
/// insert struct (`NewX`), followed by the coding support the rows need (`SchemaCoding`, `JSONValue`,
/// `CalendarDate`, `TimeOfDay`).
///
/// Properties are `var`: a struct's mutability is chosen where it is used (`let row` is immutable), and a client
/// that edits one column of a fetched row should not have to rebuild it with the memberwise initializer.
package struct SwiftEmitter: Emitter {
    package static let target = Target.swift

    package struct Context: Encodable {
        var header: String
        var enums: [EnumContext]
        var groups: [GroupContext]
        var usesJSONValue: Bool
        var usesCalendarDate: Bool
        var usesTimeOfDay: Bool
    }

    struct EnumContext: Encodable {
        var doc: [String]
        var name: String
        var cases: [String]
    }

    /// A `// MARK:` section of structs.
    struct GroupContext: Encodable {
        var title: String
        var structs: [StructContext]
    }

    struct StructContext: Encodable {
        var doc: [String]
        var name: String
        var conformances: String
        var properties: [PropertyContext]
        var hasProperties: Bool
        /// A computed `id` for `Identifiable` when the key column has another name; zero or one element.
        var identity: [IdentityContext]
        var codingKeysDoc: String
        var initDoc: String
        var encodeDoc: [String]
        var hasEncode: Bool
    }

    struct PropertyContext: Encodable {
        var doc: [String]
        var name: String
        var type: String
        var parameter: String
        var codingKey: String
        var encodeMethod: String
        var last: Bool
    }

    struct IdentityContext: Encodable {
        var doc: [String]
        var type: String
        var source: String
    }

    /// Member names that cannot name a stored property: `self` would shadow `self` in the initializer,
    /// `CodingKeys` is the nested key type, and a `hashValue` property collides with `Hashable`.
    static let reservedMembers: Set<String> = ["self", "CodingKeys", "hashValue"]

    static let columnKeysDoc = "/// The column of each property, also its JSON key: `CodingKeys.x.rawValue` names the column in a query."

    /// SHA-256 of the templates the output is rendered with, recorded in the header (`TemplateSet.fingerprint`).
    package var templatesHash: String

    package init(templatesHash: String = "") { self.templatesHash = templatesHash }

    package func context(for schema: Schema) -> Context {
        var usage = Usage()
        let enums = schema.enums.map { item -> EnumContext in
            let names = uniqueNames(item.valueNames.map(\.swift), reserved: [])
            let cases = zip(names, item.values).map { name, value -> String in
                name.bare == value ? name.escaped : "\(name.escaped) = \(SwiftSyntax.string(value))"
            }
            let doc = documentation([item.documentation, "The PostgreSQL enum `\(item.name)`; raw values are its labels."])
            return EnumContext(doc: doc, name: SwiftSyntax.identifier(item.names.type), cases: cases)
        }
        var groups: [GroupContext] = []
        let shapes = schema.shapes.map { shapeStruct($0, usage: &usage) }
        if !shapes.isEmpty { groups.append(GroupContext(title: "JSON shapes", structs: shapes)) }
        for table in schema.tables {
            let row = rowStruct(table, schema: schema, usage: &usage)
            let insert = insertStruct(table, schema: schema, usage: &usage)
            groups.append(GroupContext(title: SwiftSyntax.bareIdentifier(table.names.type), structs: [row, insert]))
        }
        for view in schema.views {
            // Read-only: a row struct and no insert struct.
            var row = rowStruct(view.rowShape, schema: schema, usage: &usage)
            let kind = view.materialized ? "materialized view" : "view"
            row.doc = documentation([view.comment, "A row of the \(kind) `\(view.name)` (read-only)."])
            groups.append(GroupContext(title: SwiftSyntax.bareIdentifier(view.names.type), structs: [row]))
        }
        return Context(
            header: GeneratedHeader(commentPrefix: "//", templatesHash: templatesHash).render(for: schema),
            enums: enums, groups: groups,
            usesJSONValue: usage.jsonValue, usesCalendarDate: usage.calendarDate, usesTimeOfDay: usage.timeOfDay)
    }

    // MARK: Structs

    private func rowStruct(_ table: Table, schema: Schema, usage: inout Usage) -> StructContext {
        let names = uniqueNames(table.columns.map(\.names.swift), reserved: Self.reservedMembers)
        var properties: [PropertyContext] = []
        for (column, name) in zip(table.columns, names) {
            var type = swiftType(column.type, schema: schema, usage: &usage)
            if column.nullable { type += "?" }
            let generatedNote = column.generated == nil ? nil : "Generated by the database (a stored generated column); never part of an insert."
            let protectedNote = column.isProtected ? ProtectedColumnNote.text + " Never part of an insert." : nil
            properties.append(property(name, type: type, key: column.name,
                                       doc: documentation([column.documentation, typeNote(column.type), generatedNote, protectedNote]),
                                       optional: column.nullable, encodeMethod: "encode"))
        }
        var conformances = "Codable, Hashable, Sendable"
        var identity: [IdentityContext] = []
        if let key = table.singlePrimaryKeyColumn, let index = table.columns.firstIndex(where: { $0.name == key.name }) {
            if names[index].bare == "id" {
                conformances += ", Identifiable"
            } else if !names.contains(where: { $0.bare == "id" }) {
                conformances += ", Identifiable"
                identity.append(IdentityContext(
                    doc: SwiftSyntax.docComment("The primary key `\(key.name)`, as the row's `Identifiable` identity."),
                    type: properties[index].type, source: names[index].escaped))
            }
        }
        let doc = documentation([table.documentation, "A row of `\(table.name)`."])
        return StructContext(
            doc: doc, name: SwiftSyntax.identifier(table.names.type), conformances: conformances,
            properties: markLast(properties), hasProperties: !properties.isEmpty, identity: identity,
            codingKeysDoc: Self.columnKeysDoc,
            initDoc: "/// Creates a row from its column values.",
            encodeDoc: ["/// Encodes every column, a nil one as `null`, so that sending the whole row (an upsert) also clears columns."],
            hasEncode: !properties.isEmpty)
    }

    private func insertStruct(_ table: Table, schema: Schema, usage: inout Usage) -> StructContext {
        // The row's names, so a column has the same property name in both structs.
        let names = uniqueNames(table.columns.map(\.names.swift), reserved: Self.reservedMembers)
        var properties: [PropertyContext] = []
        // PostgreSQL rejects a value for a generated column or a GENERATED ALWAYS identity, so an insert never carries
        // one; the API roles this client code runs as are refused protected columns.
        for (column, name) in zip(table.columns, names) where !column.isReadOnly && !column.isProtected {
            var type = swiftType(column.type, schema: schema, usage: &usage)
            let optional = column.isOptionalOnInsert
            if optional { type += "?" }
            var insertNote: String?
            if let value = SQLDefault.expression(for: column) {
                insertNote = "When nil, the database default `\(value)` applies."
            } else if column.identity != nil || column.type.isSerial {
                insertNote = "When nil, the database generates the value."
            }
            properties.append(property(name, type: type, key: column.name,
                                       doc: documentation([column.documentation, typeNote(column.type), insertNote]), optional: optional,
                                       encodeMethod: optional ? "encodeIfPresent" : "encode"))
        }
        let typeName = SwiftSyntax.identifier("New" + SwiftSyntax.bareIdentifier(table.names.type))
        let protected = table.columns.filter(\.isProtected).map { "`\($0.name)`" }
        let doc = documentation([
            "A new row of `\(table.name)`, for an insert: columns with a database default, an identity or NULL allowed are optional.",
            "A nil value is left out of the encoded JSON, so PostgREST lets the database apply its default (or NULL).",
            protected.isEmpty ? nil
                : "Protected columns, which the API roles cannot write, are left out: \(protected.joined(separator: ", ")).",
        ])
        return StructContext(
            doc: doc, name: typeName, conformances: "Codable, Hashable, Sendable",
            properties: markLast(properties), hasProperties: !properties.isEmpty, identity: [],
            codingKeysDoc: Self.columnKeysDoc,
            initDoc: "/// Creates an insert; optional values left nil are filled in by the database.",
            encodeDoc: ["/// Encodes the values that are set and leaves nil ones out, so the database applies its defaults."],
            hasEncode: !properties.isEmpty)
    }

    private func shapeStruct(_ shape: JSONShape, usage: inout Usage) -> StructContext {
        let names = uniqueNames(shape.fields.map(\.names.swift), reserved: Self.reservedMembers)
        var properties: [PropertyContext] = []
        for (field, name) in zip(shape.fields, names) {
            var type = swiftType(field.type, usage: &usage)
            if field.optional { type += "?" }
            properties.append(property(name, type: type, key: field.key, doc: documentation([field.comment]),
                                       optional: field.optional, encodeMethod: field.optional ? "encodeIfPresent" : "encode"))
        }
        let doc = documentation([
            shape.comment, "The JSON shape `\(shape.name)`; an absent optional field decodes as nil and is left out when encoded.",
        ])
        return StructContext(
            doc: doc, name: SwiftSyntax.identifier(shape.name), conformances: "Codable, Hashable, Sendable",
            properties: markLast(properties), hasProperties: !properties.isEmpty, identity: [],
            codingKeysDoc: "/// The JSON key of each property.",
            initDoc: "/// Creates a value from its fields.", encodeDoc: [], hasEncode: false)
    }

    private func property(_ name: MemberName, type: String, key: String, doc: [String], optional: Bool,
                          encodeMethod: String) -> PropertyContext {
        let codingKey = name.bare == key ? name.escaped : "\(name.escaped) = \(SwiftSyntax.string(key))"
        return PropertyContext(doc: doc, name: name.escaped, type: type,
                               parameter: "\(name.escaped): \(type)" + (optional ? " = nil" : ""),
                               codingKey: codingKey, encodeMethod: encodeMethod, last: false)
    }

    /// Documentation paragraphs, in order, separated by an empty comment line.
    private func documentation(_ paragraphs: [String?]) -> [String] {
        var lines: [String] = []
        for paragraph in paragraphs.compactMap({ $0 }) {
            let text = SwiftSyntax.docComment(paragraph)
            if text.isEmpty { continue }
            if !lines.isEmpty { lines.append("///") }
            lines += text
        }
        return lines
    }

    /// What a property's documentation says about a column whose Swift type does not tell its whole PostgreSQL type.
    func typeNote(_ type: ColumnType) -> String? {
        if case .domain(let name, let base) = type.element {
            let note = typeNote(base)
            return "The domain `\(name)` over `\(base.sqlName)`." + (note.map { " " + $0 } ?? "")
        }
        if case .declared(let declared) = type.element { return "The declared type `\(declared.name)` (`\(declared.sql)`)." }
        switch type.valueType.element {
        case .money: return "A `money` amount, as text in the server's lc_monetary format (`$1,000.00`)."
        case .geometric(let kind): return "A `\(kind.rawValue)`, as PostgreSQL's text form (`(1,2)`)."
        case .range(let kind): return "A `\(kind.rangeName)`, as PostgreSQL's text form (`[1,10)`)."
        case .multirange(let kind): return "A `\(kind.multirangeName)`, as PostgreSQL's text form (`{[1,3),[5,7)}`)."
        case .bit, .varbit: return "A bit string, as text of 0s and 1s."
        case .oid: return "An `oid`, as text (`12345`): PostgreSQL's JSON writes it as a string."
        case .timestamp: return "A `timestamp` without time zone, read and written as UTC."
        case .interval: return "An `interval`, as text in the server's IntervalStyle (`1 day 02:00:00`)."
        case .inet: return "An `inet` address, as text (`192.168.0.1/24`)."
        case .char(let length): return "A `char(\(length ?? 1))`: PostgreSQL pads it with spaces to its length."
        default: return nil
        }
    }

    private func markLast(_ properties: [PropertyContext]) -> [PropertyContext] {
        var result = properties
        if !result.isEmpty { result[result.count - 1].last = true }
        return result
    }

    // MARK: Names

    struct MemberName {
        /// The identifier without backticks.
        var bare: String
        /// The identifier as written in code (backticks around keywords).
        var escaped: String
    }

    /// Valid, distinct identifiers for the members of one type: a reserved name gets a `_` suffix, and a name that
    /// became equal to an earlier one (two enum labels that differ only in punctuation) gets a number.
    func uniqueNames(_ names: [String], reserved: Set<String>) -> [MemberName] {
        var used = Set<String>()
        return names.map { name in
            var base = SwiftSyntax.bareIdentifier(name)
            if reserved.contains(base) { base += "_" }
            var candidate = base
            var number = 2
            while used.contains(candidate) || reserved.contains(candidate) {
                candidate = base + String(number)
                number += 1
            }
            used.insert(candidate)
            return MemberName(bare: candidate, escaped: SwiftSyntax.identifier(candidate))
        }
    }

    // MARK: Types

    /// Which support types the file needs.
    struct Usage {
        var jsonValue = false
        var calendarDate = false
        var timeOfDay = false
    }

    /// The Swift type of a column (without the optional of a nullable column).
    func swiftType(_ type: ColumnType, schema: Schema, usage: inout Usage) -> String {
        switch type {
        case .uuid: return "UUID"
        case .text, .varchar, .char, .inet, .interval: return "String"
        case .smallint, .smallserial: return "Int16"
        case .integer, .serial: return "Int32"
        case .bigint, .bigserial: return "Int64"
        case .boolean: return "Bool"
        case .real: return "Float"
        case .doublePrecision: return "Double"
        case .numeric: return "Decimal"
        case .date:
            usage.calendarDate = true
            return "CalendarDate"
        case .time, .timetz:
            usage.timeOfDay = true
            return "TimeOfDay"
        case .timestamp, .timestamptz: return "Date"
        case .json(let content), .jsonb(let content): return swiftType(content, usage: &usage)
        case .bytea: return "Data"
        case .enumeration(let name):
            return schema.enumType(name).map { SwiftSyntax.identifier($0.names.type) } ?? "String"
        // PostgreSQL's JSON writes an oid as a string, like the other types it has no JSON form for.
        case .citext, .tsvector, .tsquery, .xml, .money, .oid, .cidr, .macaddr, .macaddr8, .geometric, .bit, .varbit,
             .range, .multirange:
            return "String"
        case .vector: return "[Float]"
        case .declared(let declared): return declared.swift
        case .domain(_, let base): return swiftType(base, schema: schema, usage: &usage)
        case .array(let element): return "[" + swiftType(element, schema: schema, usage: &usage) + "]"
        }
    }

    /// The Swift type of a JSON value.
    func swiftType(_ type: JSONType, usage: inout Usage) -> String {
        switch type {
        case .string: return "String"
        case .integer: return "Int"
        case .number: return "Double"
        case .boolean: return "Bool"
        case .any:
            usage.jsonValue = true
            return "JSONValue"
        case .array(let element): return "[" + swiftType(element, usage: &usage) + "]"
        case .map(let value): return "[String: " + swiftType(value, usage: &usage) + "]"
        case .shape(let name): return SwiftSyntax.identifier(name)
        }
    }
}

// MARK: Template values

// The context as the template engine reads it. Every stored property is a field; `MustacheTests` checks that
// these values equal what the properties encode to, for every fixture.

extension SwiftEmitter.Context: MustacheRepresentable {
    private static let fields = ["header", "enums", "groups", "usesJSONValue", "usesCalendarDate", "usesTimeOfDay"]

    package var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [
            .string(header),
            .list(enums.map(\.mustacheValue)),
            .list(groups.map(\.mustacheValue)),
            .bool(usesJSONValue),
            .bool(usesCalendarDate),
            .bool(usesTimeOfDay),
        ])
    }
}

extension SwiftEmitter.EnumContext: MustacheRepresentable {
    private static let fields = ["doc", "name", "cases"]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [
            .strings(doc),
            .string(name),
            .strings(cases),
        ])
    }
}

extension SwiftEmitter.GroupContext: MustacheRepresentable {
    private static let fields = ["title", "structs"]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [.string(title), .list(structs.map(\.mustacheValue))])
    }
}

extension SwiftEmitter.StructContext: MustacheRepresentable {
    private static let fields = [
        "doc", "name", "conformances", "properties", "hasProperties", "identity", "codingKeysDoc", "initDoc",
        "encodeDoc", "hasEncode",
    ]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [
            .strings(doc),
            .string(name),
            .string(conformances),
            .list(properties.map(\.mustacheValue)),
            .bool(hasProperties),
            .list(identity.map(\.mustacheValue)),
            .string(codingKeysDoc),
            .string(initDoc),
            .strings(encodeDoc),
            .bool(hasEncode),
        ])
    }
}

extension SwiftEmitter.PropertyContext: MustacheRepresentable {
    private static let fields = ["doc", "name", "type", "parameter", "codingKey", "encodeMethod", "last"]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [
            .strings(doc),
            .string(name),
            .string(type),
            .string(parameter),
            .string(codingKey),
            .string(encodeMethod),
            .bool(last),
        ])
    }
}

extension SwiftEmitter.IdentityContext: MustacheRepresentable {
    private static let fields = ["doc", "type", "source"]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [
            .strings(doc),
            .string(type),
            .string(source),
        ])
    }
}

/// Renders column defaults and types as PostgreSQL text; shared by the DDL and the ORM emitters' server defaults.
package enum SQLDefault {
    /// The type as written in DDL: enums and arrays qualified and quoted.
    package static func type(_ type: ColumnType) -> String {
        switch type {
        case .enumeration(let name), .domain(let name, _): return SQLSyntax.qualified(name)
        case .array(let inner): return Self.type(inner) + "[]"
        default: return type.sqlName
        }
    }

    /// The `DEFAULT` expression of a column, if it has one; `quote` writes string literals.
    package static func expression(for column: Column, quote: (String) -> String = SQLSyntax.literal) -> String? {
        guard let value = column.defaultValue else { return nil }
        return expression(value, type: column.type, quote: quote)
    }

    package static func expression(_ value: ColumnDefault, type: ColumnType,
                                   quote: (String) -> String = SQLSyntax.literal) -> String {
        switch value {
        case .now: return "now()"
        case .randomUUID: return "gen_random_uuid()"
        case .sql(let text): return text
        case .nextval(let sequence): return nextval(sequence)
        case .enumMember(let member): return quote(member) + "::" + Self.type(type)
        case .literal(let literal): return self.literal(literal, type: type, quote: quote)
        }
    }

    /// `nextval('schema.sequence'::regclass)`, as PostgreSQL stores a sequence default.
    package static func nextval(_ sequence: QualifiedName) -> String {
        "nextval(" + SQLSyntax.literal(SQLSyntax.qualified(sequence)) + "::regclass)"
    }

    package static func literal(_ literal: Literal, type: ColumnType, quote: (String) -> String = SQLSyntax.literal) -> String {
        switch literal {
        case .string(let text):
            switch type {
            case .text, .varchar, .char: return quote(text)
            default: return quote(text) + "::" + Self.type(type)
            }
        case .integer(let value): return value < 0 ? "'\(value)'::\(Self.type(type))" : "\(value)"
        case .decimal(let text): return text.hasPrefix("-") ? "'\(text)'::\(Self.type(type))" : text
        case .boolean(let value): return value ? "true" : "false"
        case .json(let text): return quote(text) + "::" + Self.type(type)
        case .array(let items):
            if items.isEmpty { return "'{}'::" + Self.type(type) }
            let element = type.isArray ? type.element : type
            let parts = items.map { Self.element($0, type: element, quote: quote) }
            return "ARRAY[" + parts.joined(separator: ", ") + "]::" + Self.type(type)
        }
    }

    private static func element(_ literal: Literal, type: ColumnType, quote: (String) -> String) -> String {
        switch literal {
        case .string(let text): return quote(text)
        case .integer(let value): return "\(value)"
        case .decimal(let text): return text
        default: return self.literal(literal, type: type, quote: quote)
        }
    }
}

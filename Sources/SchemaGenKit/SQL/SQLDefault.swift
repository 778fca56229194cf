/// Renders column defaults and types as PostgreSQL text; shared by the DDL and the ORM emitters' server defaults.
package enum SQLDefault {
    /// The type as written in DDL: enums and arrays qualified and quoted.
    package static func type(_ type: ColumnType) -> String {
        switch type {
        case .enumeration(let name): return SQLSyntax.qualified(name)
        case .array(let inner): return Self.type(inner) + "[]"
        default: return type.sqlName
        }
    }

    /// The `DEFAULT` expression of a column, if it has one.
    package static func expression(for column: Column) -> String? {
        guard let value = column.defaultValue else { return nil }
        return expression(value, type: column.type)
    }

    package static func expression(_ value: ColumnDefault, type: ColumnType) -> String {
        switch value {
        case .now: return "now()"
        case .randomUUID: return "gen_random_uuid()"
        case .sql(let text): return text
        case .enumMember(let member): return SQLSyntax.literal(member) + "::" + Self.type(type)
        case .literal(let literal): return self.literal(literal, type: type)
        }
    }

    package static func literal(_ literal: Literal, type: ColumnType) -> String {
        switch literal {
        case .string(let text):
            switch type {
            case .text, .varchar, .char: return SQLSyntax.literal(text)
            default: return SQLSyntax.literal(text) + "::" + Self.type(type)
            }
        case .integer(let value): return value < 0 ? "'\(value)'::\(Self.type(type))" : "\(value)"
        case .decimal(let text): return text.hasPrefix("-") ? "'\(text)'::\(Self.type(type))" : text
        case .boolean(let value): return value ? "true" : "false"
        case .json(let text): return SQLSyntax.literal(text) + "::" + Self.type(type)
        case .array(let items):
            if items.isEmpty { return "'{}'::" + Self.type(type) }
            let element = type.isArray ? type.element : type
            let parts = items.map { Self.element($0, type: element) }
            return "ARRAY[" + parts.joined(separator: ", ") + "]::" + Self.type(type)
        }
    }

    private static func element(_ literal: Literal, type: ColumnType) -> String {
        switch literal {
        case .string(let text): return SQLSyntax.literal(text)
        case .integer(let value): return "\(value)"
        case .decimal(let text): return text
        default: return self.literal(literal, type: type)
        }
    }
}

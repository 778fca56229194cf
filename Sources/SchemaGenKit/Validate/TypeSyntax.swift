import Foundation

/// Parses the column type notation: `varchar(100)`, `numeric(12,2)`, `text[]`, `timestamptz?`, `job_status`.
package enum TypeSyntax {
    /// A column type as written, before enum names are resolved.
    package struct Parsed: Equatable {
        package var base: Base
        package var isArray: Bool
        package var nullable: Bool
    }

    package enum Base: Equatable {
        case builtin(ColumnType)
        /// A name that is not a built-in type: an enum, resolved later.
        case named(String)
    }

    package enum Failure: Error, Equatable {
        case empty
        case arguments(String, String)
        case syntax(String)
    }

    /// Canonical spellings, for did-you-mean.
    package static let builtinNames = [
        "uuid", "text", "varchar", "char", "smallint", "integer", "bigint", "smallserial", "serial", "bigserial",
        "boolean", "real", "double precision", "numeric", "date", "time", "timetz", "timestamp", "timestamptz",
        "interval", "json", "jsonb", "bytea", "inet", "citext", "tsvector", "tsquery", "xml", "money", "oid", "cidr",
        "macaddr", "macaddr8", "point", "line", "lseg", "box", "path", "polygon", "circle", "bit", "varbit",
        "int4range", "int8range", "numrange", "daterange", "tsrange", "tstzrange", "int4multirange", "int8multirange",
        "nummultirange", "datemultirange", "tsmultirange", "tstzmultirange", "vector",
    ]

    /// Accepted alternative spellings, for did-you-mean.
    package static var aliasNames: [String] { aliases.keys.sorted() }

    private static let aliases: [String: String] = [
        "int": "integer", "int4": "integer", "int2": "smallint", "int8": "bigint", "bool": "boolean",
        "float4": "real", "float8": "double precision", "double": "double precision", "decimal": "numeric",
        "character varying": "varchar", "character": "char", "string": "text",
        "timestamp with time zone": "timestamptz", "timestamp without time zone": "timestamp",
        "time without time zone": "time", "time with time zone": "timetz", "serial4": "serial",
        "serial8": "bigserial", "serial2": "smallserial", "bit varying": "varbit",
    ]

    package static func parse(_ raw: String) -> Result<Parsed, Failure> {
        var text = raw.trimmingWhitespace()
        var nullable = false
        if text.hasSuffix("?") {
            nullable = true
            text = String(text.dropLast()).trimmingWhitespace()
        }
        var isArray = false
        if text.hasSuffix("[]") {
            isArray = true
            text = String(text.dropLast(2)).trimmingWhitespace()
            if text.hasSuffix("[]") { return .failure(.syntax("only one-dimensional arrays are supported")) }
        }
        guard !text.isEmpty else { return .failure(.empty) }
        var name = text
        var arguments: [Int] = []
        // A quoted name (`"a(b)"`, `app."x(1)"`) holds its parentheses; modifiers come after its closing quote.
        let quoted = text.utf8.contains(0x22)
        if let open = firstParenthesis(in: text), !quoted || text[open...].allSatisfy({ $0 != "\"" }) {
            guard text.hasSuffix(")") else { return .failure(.syntax("unbalanced parentheses")) }
            name = text[..<open].trimmingWhitespace()
            let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
            for part in inner.split(separator: ",", omittingEmptySubsequences: false) {
                let trimmed = part.trimmingWhitespace()
                guard let value = Int(trimmed), value >= 0 else {
                    return .failure(.arguments(raw, "'\(trimmed)' is not a non-negative integer"))
                }
                arguments.append(value)
            }
        }
        let lowered = TypeSyntax.collapsingSpaces(name.lowercased())
        let canonical = aliases[lowered] ?? lowered
        guard let base = builtin(canonical, arguments, raw: raw) else {
            if !arguments.isEmpty {
                return .failure(.arguments(raw, "enums, domains and declared types take no arguments (a declared type's 'sql' may)"))
            }
            return .success(Parsed(base: .named(name), isArray: isArray, nullable: nullable))
        }
        switch base {
        case .success(let type): return .success(Parsed(base: .builtin(type), isArray: isArray, nullable: nullable))
        case .failure(let failure): return .failure(failure)
        }
    }

    /// `text.firstIndex(of: "(")`, on bytes when the text is ASCII: there every byte is a Character of its own
    /// (CR LF, the one ASCII pair that is one Character, holds no parenthesis).
    static func firstParenthesis(in text: String) -> String.Index? {
        let utf8 = text.utf8
        guard utf8.contains(0x28) else { return nil }
        if utf8.allSatisfy({ $0 < 0x80 }) { return utf8.firstIndex(of: 0x28) }
        return text.firstIndex(of: "(")
    }

    /// Words separated by single spaces: `double   precision` → `double precision`. A text without a space byte
    /// has no space Character, so it is returned as it is without splitting it into Characters.
    static func collapsingSpaces(_ text: String) -> String {
        text.utf8.contains(0x20) ? text.split(separator: " ").joined(separator: " ") : text
    }

    private static func builtin(_ name: String, _ args: [Int], raw: String) -> Result<ColumnType, Failure>? {
        func noArgs(_ type: ColumnType) -> Result<ColumnType, Failure> {
            args.isEmpty ? .success(type) : .failure(.arguments(raw, "\(name) takes no arguments"))
        }
        func length(_ make: (Int?) -> ColumnType) -> Result<ColumnType, Failure> {
            switch args.count {
            case 0: return .success(make(nil))
            case 1 where args[0] >= 1 && args[0] <= 10_485_760: return .success(make(args[0]))
            case 1: return .failure(.arguments(raw, "length must be between 1 and 10485760"))
            default: return .failure(.arguments(raw, "\(name) takes one length"))
            }
        }
        func precision(_ make: (Int?) -> ColumnType) -> Result<ColumnType, Failure> {
            switch args.count {
            case 0: return .success(make(nil))
            case 1 where args[0] <= 6: return .success(make(args[0]))
            default: return .failure(.arguments(raw, "\(name) takes one fractional-second precision from 0 to 6"))
            }
        }
        func bitLength(_ make: (Int?) -> ColumnType) -> Result<ColumnType, Failure> {
            switch args.count {
            case 0: return .success(make(nil))
            case 1 where (1...83_886_080).contains(args[0]): return .success(make(args[0]))
            default: return .failure(.arguments(raw, "\(name) takes one length between 1 and 83886080"))
            }
        }
        switch name {
        case "uuid": return noArgs(.uuid)
        case "text": return noArgs(.text)
        case "varchar": return length { .varchar(length: $0) }
        case "char": return length { .char(length: $0) }
        case "smallint": return noArgs(.smallint)
        case "integer": return noArgs(.integer)
        case "bigint": return noArgs(.bigint)
        case "smallserial": return noArgs(.smallserial)
        case "serial": return noArgs(.serial)
        case "bigserial": return noArgs(.bigserial)
        case "boolean": return noArgs(.boolean)
        case "real": return noArgs(.real)
        case "double precision": return noArgs(.doublePrecision)
        case "numeric":
            switch args.count {
            case 0: return .success(.numeric(precision: nil, scale: nil))
            case 1 where (1...1000).contains(args[0]): return .success(.numeric(precision: args[0], scale: nil))
            case 2 where (1...1000).contains(args[0]) && args[1] <= args[0]:
                return .success(.numeric(precision: args[0], scale: args[1]))
            default: return .failure(.arguments(raw, "precision must be 1...1000 and scale at most the precision"))
            }
        case "date": return noArgs(.date)
        case "time": return precision { .time(precision: $0) }
        case "timetz": return precision { .timetz(precision: $0) }
        case "timestamp": return precision { .timestamp(precision: $0) }
        case "timestamptz": return precision { .timestamptz(precision: $0) }
        case "interval": return precision { .interval(precision: $0) }
        case "json": return noArgs(.json(.any))
        case "jsonb": return noArgs(.jsonb(.any))
        case "bytea": return noArgs(.bytea)
        case "inet": return noArgs(.inet)
        case "citext": return noArgs(.citext)
        case "tsvector": return noArgs(.tsvector)
        case "tsquery": return noArgs(.tsquery)
        case "xml": return noArgs(.xml)
        case "money": return noArgs(.money)
        case "oid": return noArgs(.oid)
        case "cidr": return noArgs(.cidr)
        case "macaddr": return noArgs(.macaddr)
        case "macaddr8": return noArgs(.macaddr8)
        case "bit": return bitLength { .bit(length: $0) }
        case "varbit": return bitLength { .varbit(length: $0) }
        case "vector":
            switch args.count {
            case 0: return .success(.vector(dimensions: nil))
            case 1 where (1...16_000).contains(args[0]): return .success(.vector(dimensions: args[0]))
            default: return .failure(.arguments(raw, "vector takes one dimension count between 1 and 16000"))
            }
        default:
            if let geometric = GeometricType(rawValue: name) { return noArgs(.geometric(geometric)) }
            if let range = RangeType.allCases.first(where: { $0.rangeName == name }) { return noArgs(.range(range)) }
            if let range = RangeType.allCases.first(where: { $0.multirangeName == name }) { return noArgs(.multirange(range)) }
            return nil
        }
    }

    /// Parses a JSON type expression: `string`, `integer`, `number`, `boolean`, `any`, `T[]`, `map<T>`, a shape name.
    package static func parseJSON(_ raw: String) -> (type: JSONType, optional: Bool, shapes: [String])? {
        var text = raw.trimmingWhitespace()
        var optional = false
        if text.hasSuffix("?") { optional = true; text = String(text.dropLast()) }
        var shapes: [String] = []
        guard let type = parseJSONType(text, depth: 0, shapes: &shapes) else { return nil }
        return (type, optional, shapes)
    }

    private static func parseJSONType(_ raw: String, depth: Int, shapes: inout [String]) -> JSONType? {
        let text = raw.trimmingWhitespace()
        if depth > 16 || text.isEmpty { return nil }
        if text.hasSuffix("[]") {
            return parseJSONType(String(text.dropLast(2)), depth: depth + 1, shapes: &shapes).map { .array($0) }
        }
        if text.hasPrefix("map<"), text.hasSuffix(">") {
            let inner = String(text.dropFirst(4).dropLast())
            return parseJSONType(inner, depth: depth + 1, shapes: &shapes).map { .map($0) }
        }
        switch text {
        case "string", "text": return .string
        case "integer", "int": return .integer
        case "number": return .number
        case "boolean", "bool": return .boolean
        case "any", "json": return .any
        default:
            guard text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), text.first?.isLetter == true else { return nil }
            shapes.append(text)
            return .shape(text)
        }
    }
}

extension ColumnType {
    /// The SQL spelling of the type, as the DDL writes it and `format_type` reads it back.
    package var sqlName: String {
        switch self {
        case .uuid: return "uuid"
        case .text: return "text"
        case .varchar(let n): return n.map { "varchar(\($0))" } ?? "varchar"
        case .char(let n): return n.map { "char(\($0))" } ?? "char"
        case .smallint: return "smallint"
        case .integer: return "integer"
        case .bigint: return "bigint"
        case .smallserial: return "smallserial"
        case .serial: return "serial"
        case .bigserial: return "bigserial"
        case .boolean: return "boolean"
        case .real: return "real"
        case .doublePrecision: return "double precision"
        case .numeric(let p, let s):
            guard let p else { return "numeric" }
            return s.map { "numeric(\(p),\($0))" } ?? "numeric(\(p))"
        case .date: return "date"
        case .time(let p): return p.map { "time(\($0))" } ?? "time"
        case .timetz(let p): return p.map { "timetz(\($0))" } ?? "timetz"
        case .timestamp(let p): return p.map { "timestamp(\($0))" } ?? "timestamp"
        case .timestamptz(let p): return p.map { "timestamptz(\($0))" } ?? "timestamptz"
        case .interval(let p): return p.map { "interval(\($0))" } ?? "interval"
        case .json: return "json"
        case .jsonb: return "jsonb"
        case .bytea: return "bytea"
        case .inet: return "inet"
        case .enumeration(let name): return name.description
        case .citext: return "citext"
        case .tsvector: return "tsvector"
        case .tsquery: return "tsquery"
        case .xml: return "xml"
        case .money: return "money"
        case .oid: return "oid"
        case .cidr: return "cidr"
        case .macaddr: return "macaddr"
        case .macaddr8: return "macaddr8"
        case .geometric(let kind): return kind.rawValue
        case .bit(let n): return n.map { "bit(\($0))" } ?? "bit"
        case .varbit(let n): return n.map { "varbit(\($0))" } ?? "varbit"
        case .range(let kind): return kind.rangeName
        case .multirange(let kind): return kind.multirangeName
        case .vector(let n): return n.map { "vector(\($0))" } ?? "vector"
        case .declared(let type): return type.sql
        case .domain(let name, _): return name.description
        case .array(let inner): return inner.sqlName + "[]"
        }
    }

    /// Whether two column types can be joined by a foreign key (serials reference their integer type).
    package func isForeignKeyCompatible(with other: ColumnType) -> Bool {
        func normalized(_ type: ColumnType) -> ColumnType {
            switch type {
            case .smallserial: return .smallint
            case .serial: return .integer
            case .bigserial: return .bigint
            case .json: return .json(.any)
            case .jsonb: return .jsonb(.any)
            case .varchar: return .text
            case .domain(_, let base): return normalized(base)
            case .time: return .time(precision: nil)
            case .timetz: return .timetz(precision: nil)
            case .timestamp: return .timestamp(precision: nil)
            case .timestamptz: return .timestamptz(precision: nil)
            case .interval: return .interval(precision: nil)
            case .array(let inner): return .array(normalized(inner))
            default: return type
            }
        }
        return normalized(self) == normalized(other)
    }
}

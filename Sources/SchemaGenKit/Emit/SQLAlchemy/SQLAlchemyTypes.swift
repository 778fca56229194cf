/// How the IR's column types, JSON types and defaults are spelled in SQLAlchemy and in Python annotations.
struct SQLAlchemyTypes {
    let imports: PythonImports
    /// The module-level `postgresql.ENUM` object of each enum.
    let enumObjects: [QualifiedName: String]
    /// The Python class of each enum.
    let enumClasses: [QualifiedName: String]
    /// The alias the module defines for what psycopg returns for `inet`: an `ipaddress` address, or an interface
    /// when the value has a prefix length (SQLAlchemy keeps psycopg's loader unless the engine is created with
    /// `native_inet_types=False`).
    let inetAlias: String
    /// The `UserDefinedType` class the module defines for each type SQLAlchemy has none for, by `userTypeKey`.
    var userTypes: [String: String] = [:]
    /// The module-level `postgresql.DOMAIN` object of each domain.
    var domainObjects: [QualifiedName: String] = [:]

    /// Which module-level `UserDefinedType` class a type needs, if SQLAlchemy has no type of its own for it.
    static func userTypeKey(_ type: ColumnType) -> String? {
        switch type {
        case .xml: return "xml"
        case .geometric(let kind): return kind.rawValue
        case .vector: return "vector"
        case .declared(let declared): return "declared " + declared.name
        default: return nil
        }
    }
    /// The owning column of each sequence that has one.
    var sequenceOwners: [QualifiedName: SequenceObject.OwnedBy] = [:]

    /// The SQLAlchemy type expression of a column type (`String(100)`, `postgresql.ARRAY(Text)`).
    func sqlalchemy(_ type: ColumnType) -> String {
        func core(_ name: String) -> String { imports.from("sqlalchemy", name) }
        func dialect(_ name: String) -> String {
            imports.from("sqlalchemy.dialects", "postgresql")
            return "postgresql." + name
        }
        switch type {
        case .uuid: return dialect("UUID") + "(as_uuid=True)"
        case .text: return core("Text")
        case .varchar(let length): return core("String") + (length.map { "(\($0))" } ?? "")
        case .char(let length): return core("CHAR") + (length.map { "(\($0))" } ?? "")
        case .smallint, .smallserial: return core("SmallInteger")
        case .integer, .serial: return core("Integer")
        case .bigint, .bigserial: return core("BigInteger")
        case .boolean: return core("Boolean")
        case .real: return core("REAL")
        case .doublePrecision: return core("Double")
        case .numeric(let precision, let scale):
            switch (precision, scale) {
            case (let p?, let s?): return core("Numeric") + "(\(p), \(s))"
            case (let p?, nil): return core("Numeric") + "(\(p))"
            default: return core("Numeric")
            }
        case .date: return core("Date")
        case .time(nil): return core("Time")
        case .timetz(nil): return core("Time") + "(timezone=True)"
        case .timestamp(nil): return core("TIMESTAMP")
        case .timestamptz(nil): return core("TIMESTAMP") + "(timezone=True)"
        case .interval(nil): return dialect("INTERVAL")
        // With a precision: the dialect's types, which carry it (and Alembic compares it).
        case .time(let p?): return dialect("TIME") + "(precision=\(p))"
        case .timetz(let p?): return dialect("TIME") + "(timezone=True, precision=\(p))"
        case .timestamp(let p?): return dialect("TIMESTAMP") + "(precision=\(p))"
        case .timestamptz(let p?): return dialect("TIMESTAMP") + "(timezone=True, precision=\(p))"
        case .interval(let p?): return dialect("INTERVAL") + "(precision=\(p))"
        case .json: return dialect("JSON")
        case .jsonb: return dialect("JSONB")
        case .bytea: return dialect("BYTEA")
        case .inet: return dialect("INET")
        case .enumeration(let name): return enumObjects[name] ?? core("Text")
        case .citext: return dialect("CITEXT")
        case .tsvector: return dialect("TSVECTOR")
        case .tsquery: return dialect("TSQUERY")
        case .money: return dialect("MONEY")
        case .oid: return dialect("OID")
        case .cidr: return dialect("CIDR")
        case .macaddr: return dialect("MACADDR")
        case .macaddr8: return dialect("MACADDR8")
        // PostgreSQL reads `bit` as `bit(1)`; SQLAlchemy's BIT() would print a bare BIT that Alembic compares as different.
        case .bit(let length): return dialect("BIT") + "(\(length ?? 1))"
        case .varbit(let length): return dialect("BIT") + "(" + (length.map { "\($0), " } ?? "") + "varying=True)"
        case .range(let kind): return dialect(kind.rangeName.uppercased())
        case .multirange(let kind): return dialect(kind.multirangeName.uppercased())
        case .vector(let dimensions):
            return (userTypes["vector"] ?? "Vector") + (dimensions.map { "(\($0))" } ?? "()")
        case .xml, .geometric, .declared:
            return (Self.userTypeKey(type).flatMap { userTypes[$0] } ?? core("Text")) + "()"
        case .domain(let name, let base): return domainObjects[name] ?? sqlalchemy(base)
        case .array(let inner): return dialect("ARRAY") + "(" + sqlalchemy(inner) + ")"
        }
    }

    /// The Python type a column's values have (`uuid.UUID`, `list[str]`, `JobStatus`).
    func python(_ type: ColumnType) -> String {
        func module(_ name: String, _ member: String) -> String {
            imports.module(name)
            return name + "." + member
        }
        switch type {
        case .uuid: return module("uuid", "UUID")
        case .text, .varchar, .char: return "str"
        case .inet:
            imports.module("ipaddress")
            imports.from("typing", "TypeAlias")
            return inetAlias
        case .smallint, .integer, .bigint, .smallserial, .serial, .bigserial: return "int"
        case .boolean: return "bool"
        case .real, .doublePrecision: return "float"
        case .numeric: return module("decimal", "Decimal")
        case .date: return module("datetime", "date")
        case .time, .timetz: return module("datetime", "time")
        case .timestamp, .timestamptz: return module("datetime", "datetime")
        case .interval: return module("datetime", "timedelta")
        case .json(let json), .jsonb(let json): return python(json, defined: nil)
        case .bytea: return "bytes"
        case .enumeration(let name): return enumClasses[name] ?? "str"
        case .citext, .tsvector, .tsquery, .xml, .money, .macaddr, .macaddr8, .geometric, .bit, .varbit: return "str"
        case .oid: return "int"
        case .cidr:
            imports.module("ipaddress")
            return "ipaddress.IPv4Network | ipaddress.IPv6Network"
        case .range(let kind): return rangeType(kind)
        case .multirange(let kind): return "list[" + rangeType(kind) + "]"
        case .vector: return "list[float]"
        case .declared(let declared):
            for name in declared.pythonImports { imports.module(name) }
            return declared.python
        case .domain(_, let base): return python(base)
        case .array(let inner): return "list[" + python(inner) + "]"
        }
    }

    /// `postgresql.Range[int]`: what SQLAlchemy returns for a range column.
    func rangeType(_ kind: RangeType) -> String {
        imports.from("sqlalchemy.dialects", "postgresql")
        let element: String
        switch kind {
        case .int4, .int8: element = "int"
        case .num: imports.module("decimal"); element = "decimal.Decimal"
        case .date: imports.module("datetime"); element = "datetime.date"
        case .ts, .tstz: imports.module("datetime"); element = "datetime.datetime"
        }
        return "postgresql.Range[" + element + "]"
    }

    /// The Python type of a JSON value; a shape not yet in `defined` (declared later) is a quoted forward reference.
    func python(_ type: JSONType, defined: Set<String>?) -> String {
        switch type {
        case .string: return "str"
        case .integer: return "int"
        case .number: return "float"
        case .boolean: return "bool"
        case .any: return imports.from("typing", "Any")
        case .array(let inner): return "list[" + python(inner, defined: defined) + "]"
        case .map(let inner): return "dict[str, " + python(inner, defined: defined) + "]"
        case .shape(let name):
            if let defined, !defined.contains(name) { return "\"\(name)\"" }
            return name
        }
    }

    /// `T | None` for a nullable value.
    static func optional(_ type: String, _ nullable: Bool) -> String {
        nullable ? type + " | None" : type
    }

    /// The `server_default=` expression of a column, rendered by `SQLDefault` as the DDL's is.
    func serverDefault(_ column: Column, table: Table) -> PyExpr? {
        if let value = column.defaultValue {
            if value == .now { return .atom(imports.from("sqlalchemy", "func") + ".now()") }
            if case .nextval(let sequence) = value { return nextvalDefault(sequence, column: column, table: table) }
            // Literals written as PostgreSQL prints them, so Alembic's text comparison sees them equal; it would
            // otherwise run `SELECT reflected = model`, which fails for json (no `=` operator).
            guard var sql = SQLDefault.expression(for: column, quote: SQLSyntax.standardLiteral) else { return nil }
            // As in the DDL: DEFAULT takes a restricted expression, so a raw one is parenthesised.
            if case .sql = value { sql = "(" + sql + ")" }
            return .call(imports.from("sqlalchemy", "text"), [.atom(Python.sqlString(sql))])
        }
        guard column.type.isSerial, table.singlePrimaryKeyColumn?.name != column.name else { return nil }
        // A serial column that is not the table's own key: Alembic's PostgreSQL reflection drops the `nextval()`
        // default of integer and bigint serials (they then compare as "server generated"), but keeps and compares
        // it, without `::regclass`, for smallserial.
        if column.type == .smallserial {
            let sequence = SQLAlchemyTypes.serialSequence(table: table.name, column: column.name)
            return .call(imports.from("sqlalchemy", "text"), [.atom(Python.sqlString("nextval(\(SQLSyntax.literal(sequence)))"))])
        }
        return .atom(imports.from("sqlalchemy", "FetchedValue") + "()")
    }

    /// A `nextval` default as Alembic compares it: PostgreSQL prints `nextval('name'::regclass)` with the name
    /// qualified unless its schema is `public`, and Alembic drops the `::regclass`. When an integer or bigint column
    /// owns its sequence, Alembic's reflection takes it for a serial and drops the default (server generated).
    func nextvalDefault(_ sequence: QualifiedName, column: Column, table: Table) -> PyExpr {
        let owner = sequenceOwners[sequence]
        if owner?.table == table.name, owner?.column == column.name, column.type == .integer || column.type == .bigint {
            return .atom(imports.from("sqlalchemy", "FetchedValue") + "()")
        }
        let name = sequence.schema == "public" ? SQLSyntax.quoteIdent(sequence.name) : SQLSyntax.qualified(sequence)
        return .call(imports.from("sqlalchemy", "text"), [.atom(Python.sqlString("nextval(\(SQLSyntax.literal(name)))"))])
    }

    /// The name PostgreSQL gives a serial column's sequence (`<table>_<column>_seq`, shortened as `makeObjectName`
    /// does to fit 63 bytes), qualified unless it is in `public`.
    static func serialSequence(table: QualifiedName, column: String) -> String {
        let tableBytes = Array(table.name.utf8)
        let columnBytes = Array(column.utf8)
        var tableLength = tableBytes.count
        var columnLength = columnBytes.count
        let available = 63 - "_".utf8.count - "_seq".utf8.count
        while tableLength + columnLength > available {
            if tableLength > columnLength { tableLength -= 1 } else { columnLength -= 1 }
        }
        func clipped(_ bytes: [UInt8], _ length: Int) -> String {
            var length = length
            // Never cut inside a UTF-8 sequence (pg_mbcliplen).
            while length > 0, length < bytes.count, bytes[length] & 0xC0 == 0x80 { length -= 1 }
            return String(decoding: bytes[..<length], as: UTF8.self)
        }
        let name = SQLSyntax.quoteIdent(clipped(tableBytes, tableLength) + "_" + clipped(columnBytes, columnLength) + "_seq")
        return table.schema == "public" ? name : SQLSyntax.quoteIdent(table.schema) + "." + name
    }
}

/// Reserved words per target, next to the functions that make names safe in that target.
package enum TargetKeywords {
    /// Swift keywords that need backticks as identifiers.
    package static let swift: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows",
        "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default",
        "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch",
        "where", "while", "Any", "as", "await", "false", "is", "nil", "self", "Self", "super", "throws", "true",
        "try", "Type", "Protocol", "package", "consume", "copy", "discard", "borrowing", "consuming", "some", "any",
    ]

    /// Python keywords and soft keywords, plus builtins a generated module must not shadow.
    package static let python: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "match", "case",
        "type", "_",
    ]

    /// Attribute names a SQLAlchemy declarative class reserves or that shadow the mapping's own imports.
    package static let declarative: Set<String> = [
        "metadata", "registry", "query", "query_class", "mro", "type_annotation_map",
        "Mapped", "mapped_column", "relationship", "ForeignKey", "Base",
    ]

    /// Names the generated `models.py` binds at module level and uses inside class bodies. A class body looks a name
    /// up among the attributes assigned above it first, so an attribute with one of these names would break the
    /// annotations and calls below it (`uuid: Mapped[uuid.UUID]`).
    package static let pythonModule: Set<String> = [
        // standard library modules and typing names; the packages a name is written through when a class of the
        // module has that name (`sqlalchemy.Integer`)
        "datetime", "decimal", "enum", "ipaddress", "uuid", "typing", "collections", "sqlalchemy", "Any", "NotRequired", "TypeAlias", "TypedDict",
        // builtins used in annotations
        "str", "int", "float", "bool", "bytes", "list", "dict",
        // SQLAlchemy names the module imports
        "postgresql", "text", "func", "desc", "DeclarativeBase", "Mapped", "mapped_column",
        "relationship", "Table", "Column", "SchemaItem", "Identity", "FetchedValue", "ForeignKey",
        "ForeignKeyConstraint", "PrimaryKeyConstraint", "UniqueConstraint", "CheckConstraint", "Index", "Text",
        "String", "CHAR", "SmallInteger", "Integer", "BigInteger", "Boolean", "REAL", "Double", "Numeric", "Date",
        "Time", "TIMESTAMP",
        // the module's own helpers
        "Base", "InetAddress", "include_object", "_enum_values",
    ]

    /// JavaScript/TypeScript reserved words that cannot name an exported binding.
    package static let typescript: Set<String> = [
        "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else",
        "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof",
        "new", "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void",
        "while", "with", "as", "implements", "interface", "let", "package", "private", "protected", "public",
        "static", "yield", "any", "boolean", "constructor", "declare", "get", "module", "require", "number",
        "set", "string", "symbol", "type", "from", "of", "await", "async", "arguments", "eval", "undefined",
        "NaN", "Infinity", "object", "never", "unknown", "bigint", "keyof", "readonly", "infer", "is", "asserts",
        "sql", "relations", "pgTable", "pgEnum", "pgSchema", "pgPolicy",
    ]

    /// Type names that would shadow standard types or the outputs' own imports in some target.
    package static let typeNames: Set<String> = [
        "Type", "Self", "Protocol", "Any", "None", "True", "False", "Never", "Object", "String", "Int", "Int16",
        "Int32", "Int64", "Date", "Data", "UUID", "Decimal", "Bool", "Double", "Float", "Array", "Dictionary",
        "Optional", "Error", "Codable", "Encodable", "Decodable", "Hashable", "Sendable", "Identifiable",
        "Equatable", "CodingKeys", "Base", "Enum", "Record", "Partial", "Promise", "Map", "Set", "Symbol",
        "Function", "Number", "BigInt", "Boolean", "Mapped", "Column", "Table", "Index", "Text", "Numeric",
        "JSON", "JSONValue", "TypedDict", "Result", "Character", "URL", "List", "Dict", "Any",
        // The Swift output's support types and the Foundation and standard library names it refers to.
        "SchemaCoding", "CalendarDate", "TimeOfDay", "JSONDecoder", "JSONEncoder", "DecodingError", "CodingKey",
        "Decoder", "Encoder", "TimeZone", "Comparable", "CaseIterable", "LosslessStringConvertible", "UInt8",
        "Unicode", "UTF8", "Foundation", "Swift",
    ]
}

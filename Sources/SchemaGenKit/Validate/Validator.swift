import Foundation

/// Turns the raw YAML document into the IR: checks every key, resolves every reference, derives every name.
package struct Validator {
    var reader: Reader
    var naming = Naming(acronyms: Validator.defaultAcronyms)
    var settings = Settings(outputs: [], acronyms: Validator.defaultAcronyms, exposedSchemas: ["public"],
                            drizzlePolicies: false, templatesDirectory: nil)
    var roles: [String] = Validator.builtinRoles
    var enums: [EnumType] = []
    var enumNodes: [YAMLNode] = []
    var shapes: [JSONShape] = []
    var shapeNodes: [String: YAMLNode] = [:]
    var mixins: [String: Mixin] = [:]
    var mixinOrder: [String] = []
    var drafts: [TableDraft] = []
    /// Position of each table in `drafts`, of each enum in `enums`, of each shape in `shapes`: names are looked up
    /// once per reference, and a scan per reference made large schemas quadratic.
    var draftIndex: [QualifiedName: Int] = [:]
    var enumIndex: [QualifiedName: Int] = [:]
    var shapeIndex: [String: Int] = [:]
    var rawSQL: [RawSQLBlock] = []
    var declaredTypes: [DeclaredType] = []
    var declaredNodes: [YAMLNode] = []
    var declaredIndex: [String: Int] = [:]
    var domains: [Domain] = []
    var domainNodes: [YAMLNode] = []
    var domainIndex: [QualifiedName: Int] = [:]
    var pendingPartitions: [PendingPartition] = []
    /// Tables whose `partition_by:` had an error; their partitions are not checked against it.
    var invalidPartitionKeys: Set<QualifiedName> = []
    var extensions: [Extension] = []
    var sequences: [SequenceObject] = []
    var sequenceDrafts: [SequenceDraft] = []
    var sequenceIndex: [QualifiedName: Int] = [:]
    /// Renames and conversions for migrations, collected while reading.
    var origins = SchemaOrigins()
    var viewDrafts: [ViewDraft] = []
    var views: [View] = []
    /// Each policy expression read once: the owner shorthand writes the same expression for every table, and a
    /// policy's expression is checked when it is read and again by the lints.
    var policyReadings: [String: PolicyExpression.Reading] = [:]
    /// The names of each column name without overrides, derived once: `id`, `created_at` and the like recur in most
    /// tables. Cleared when `naming` changes.
    var columnNames: [String: TargetNames] = [:]
    /// Warning codes silenced for the whole schema (`settings.silence`).
    var silencedEverywhere: Set<String> = []
    /// Warning codes silenced for one table, column or view, by the object's path in the document.
    var silencedAt: [String: Set<String>] = [:]
    /// How many warnings `silence:` lists kept from being shown.
    package internal(set) var silencedCount = 0

    static let defaultAcronyms = ["API", "ID", "URL", "URI", "UUID", "JSON", "HTTP", "HTTPS", "IP", "SQL", "JWT", "UI", "OS"]
    static let builtinRoles = ["anon", "authenticated", "service_role", "authenticator", "postgres", "public"]
    static let topKeys = ["settings", "extensions", "enums", "types", "domains", "sequences", "shapes", "mixins", "external",
                          "tables", "views", "sql"]
    static let builtinTargets = ["sql", "rls", "drizzle", "sqlalchemy", "swift", "pydantic", "zod", "supabase"]
    /// Built-in targets a schema gets only when `settings.outputs` names them (`true` or a path); the others are on
    /// unless turned off.
    package static let optInTargets: Set<String> = ["pydantic", "zod", "supabase"]
    /// The built-in targets a schema gets without asking, in `settings.outputs` order.
    static var defaultTargets: [String] { builtinTargets.filter { !optInTargets.contains($0) } }
    package static let defaultPaths = [
        "sql": "Generated/sql/schema.sql", "rls": "Generated/sql/rls.sql", "drizzle": "Generated/drizzle/schema.ts",
        "sqlalchemy": "Generated/sqlalchemy/models.py", "swift": "Generated/swift/Models.swift",
        "pydantic": "Generated/pydantic/schemas.py", "zod": "Generated/zod/schemas.ts",
        "supabase": "Generated/supabase/database.types.ts",
    ]

    struct Mixin {
        var columns: [Entry]
        var position: Position
        enum Position: String { case first, last }
    }

    /// A table while it is being validated, with the nodes that diagnostics point at.
    struct TableDraft {
        var table: Table
        var node: YAMLNode
        var path: String
        var columnNodes: [String: YAMLNode] = [:]
        /// Where each constraint and index was declared, parallel to the table's arrays, for diagnostics.
        var primaryKeyNode: YAMLNode?
        /// The primary key's written name and where it was written.
        var primaryKeyName: (String, YAMLNode)?
        var uniqueNodes: [YAMLNode] = []
        var checkNodes: [YAMLNode] = []
        var indexNodes: [YAMLNode] = []
        var foreignKeyNodes: [YAMLNode] = []
        var columnTypeNodes: [String: YAMLNode] = [:]
        /// Where each generated column's `generated:` key was written.
        var generatedNodes: [String: YAMLNode] = [:]
        var pendingForeignKeys: [PendingForeignKey] = []
        var pendingIndexes: [(Index, YAMLNode)] = []
        var rlsNode: YAMLNode?
        var ownerNode: YAMLNode?
        var rlsEntries: [Entry]?
        /// Parallel to `table.rls.policies`: where each policy's parts were written.
        var policyNodes: [PolicyNodes] = []
        var nameOverrides: [String: String] = [:]
        var columnNameOverrides: [String: [String: String]] = [:]
        var rawTypes: [String: (TypeSyntax.Parsed, YAMLNode, JSONType?)] = [:]
        var rawDefaults: [String: (YAMLNode, isSQL: Bool)] = [:]
        /// Check and generation expressions whose bare column names are checked once every column is read.
        var columnExpressions: [(expression: String, node: YAMLNode, path: String)] = []
        /// Where `partition_by:` was written.
        var partitionNode: YAMLNode?
    }

    /// A partition as written, attached to its parent once every table is read.
    struct PendingPartition {
        var name: QualifiedName
        var parent: String
        var parentNode: YAMLNode
        var bound: YAMLNode?
        var comment: String?
        var node: YAMLNode
        var path: String
    }

    struct PendingForeignKey {
        var name: String?
        var columns: [String]
        var target: String
        var targetColumns: [String]?
        var onDelete: ReferentialAction
        var onUpdate: ReferentialAction
        var relation: String?
        var inverse: String?
        var noInverse: Bool
        /// Per-target choices of the owning side (`relation:`) and of the inverse (`inverse:`).
        var relationTargets = RelationTargets()
        var inverseTargets = RelationTargets()
        var node: YAMLNode
        var path: String
    }

    package init(file: String) {
        reader = Reader(file: file)
    }

    /// Validates a document; returns the schema only when there are no errors.
    package mutating func validate(_ root: YAMLNode, sourceHash: String, sourceName: String) -> (Schema?, [Diagnostic]) {
        guard let top = reader.mapping(root, "", allowed: Validator.topKeys) else {
            return (nil, reader.sink.sorted)
        }
        if let node = top["settings"]?.value { readSettings(node) }
        if top["settings"] == nil || settings.outputs.isEmpty && reader.sink.hasErrors {
            settings.outputs = Validator.defaultTargets.map {
                OutputSetting(target: $0, path: Validator.defaultPaths[$0] ?? $0, template: nil)
            }
        }
        if let node = top["extensions"]?.value { readExtensions(node) }
        if let node = top["enums"]?.value { readEnums(node) }
        if let node = top["types"]?.value { readDeclaredTypes(node) }
        if let node = top["domains"]?.value { readDomains(node) }
        if let node = top["sequences"]?.value { readSequences(node) }
        if let node = top["shapes"]?.value { readShapes(node) }
        if let node = top["mixins"]?.value { readMixins(node) }
        if let node = top["external"]?.value { readTables(node, external: true, path: "external") }
        if let node = top["tables"]?.value {
            readTables(node, external: false, path: "tables")
        } else if top["external"] == nil {
            reader.report(.missingKey("tables"), root, "")
        }
        if let node = top["views"]?.value { readViews(node) }
        if let node = top["sql"]?.value { readRawSQL(node) }
        resolveShapes()
        resolveTypesAndDefaults()
        resolveSequences()
        resolveForeignKeys()
        resolveIndexes()
        resolvePartitions()
        resolveViews()
        deriveRelations()
        readRowLevelSecurity()
        checkNames()
        checkTypeNames()
        checkRenames()
        warnings()

        // Warnings about a schema that has errors are mostly consequences of them; they are shown once it is valid.
        if reader.sink.hasErrors { return (nil, reader.sink.sorted.filter { $0.severity == .error }) }
        var created: [Table] = [], external: [Table] = []
        for d in drafts.indices {
            if drafts[d].table.isExternal { external.append(drafts[d].table) } else { created.append(drafts[d].table) }
        }
        var schemas: [String] = []
        for table in created where table.name.schema != "public" && !schemas.contains(table.name.schema) {
            schemas.append(table.name.schema)
        }
        for partition in created.flatMap({ $0.partitioning?.partitions ?? [] })
            where partition.name.schema != "public" && !schemas.contains(partition.name.schema) {
            schemas.append(partition.name.schema)
        }
        for item in enums where item.name.schema != "public" && !schemas.contains(item.name.schema)
            && !external.contains(where: { $0.name.schema == item.name.schema }) {
            schemas.append(item.name.schema)
        }
        origins.locations = collectLocations()
        for section in ["extensions", "enums", "domains", "sequences", "tables", "views", "sql"] {
            if let key = top[section]?.keyNode { origins.locations["section \(section)"] = key.location }
        }
        for name in domains.map(\.name.schema) + extensions.compactMap(\.schema) + sequences.map(\.name.schema) + views.map(\.name.schema)
        where name != "public" && !schemas.contains(name) && !external.contains(where: { $0.name.schema == name }) {
            schemas.append(name)
        }
        let schema = Schema(settings: settings, createdSchemas: schemas, extensions: extensions, enums: enums,
                            sequences: sequences, shapes: shapes, declaredTypes: declaredTypes, domains: domains,
                            tables: created, externalTables: external, views: views, rawSQL: rawSQL,
                            sourceHash: sourceHash, sourceName: sourceName, origins: origins)
        return (schema, unsilenced(reader.sink.sorted))
    }

    // MARK: Names

    /// Checks a database identifier: non-empty, no control characters, at most 63 bytes, and (for names that become
    /// code identifiers) at least one letter or digit.
    mutating func checkIdentifier(_ name: String, _ node: YAMLNode, _ path: String,
                                  rejectsDelete: Bool = false, needsWord: Bool = true, allowsControl: Bool = false) -> Bool {
        if name.isEmpty {
            reader.report(.invalidIdentifier(name, "names cannot be empty"), node, path)
            return false
        }
        if name.utf8.count > 63 {
            reader.report(.identifierTooLong(name, bytes: name.utf8.count), node, path)
            return false
        }
        if name.unicodeScalars.contains(where: { $0.value == 0 || (!allowsControl && $0.value < 0x20) || (rejectsDelete && $0.value == 0x7F) }) {
            reader.report(.invalidIdentifier(name, "names cannot contain control characters"), node, path)
            return false
        }
        if needsWord && !Validator.hasWord(name) {
            reader.report(.invalidIdentifier(name, "a name needs at least one letter or digit"), node, path)
            return false
        }
        return true
    }

    /// Whether `Naming.words(name)` has a word: for an ASCII name, whether it has a letter or a digit, decided on
    /// bytes without building the words.
    static func hasWord(_ name: String) -> Bool {
        let utf8 = name.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {
            return utf8.contains { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }
        }
        return !Naming.words(name).isEmpty
    }

    /// Splits `schema.name` (or a bare name in `public`); `needsWord: false` for objects that get no code name.
    mutating func qualifiedName(_ text: String, _ node: YAMLNode, _ path: String, defaultSchema: String = "public",
                                needsWord: Bool = true) -> QualifiedName? {
        let parts = Validator.nameParts(text) ?? []
        switch parts.count {
        case 1:
            guard checkIdentifier(parts[0], node, path, needsWord: needsWord) else { return nil }
            return QualifiedName(schema: defaultSchema, name: parts[0])
        case 2:
            guard checkIdentifier(parts[0], node, path, needsWord: false),
                  checkIdentifier(parts[1], node, path, needsWord: needsWord) else { return nil }
            return QualifiedName(schema: parts[0], name: parts[1])
        default:
            reader.report(.invalidIdentifier(text, #"write 'schema.name' or 'name'; a name with a dot or a quote is written as SQL quotes it ("a.b", schema."a.b")"#),
                          node, path)
            return nil
        }
    }

    /// The name the code names of an object are derived from: its own, or `wordless` when it has no letter or digit
    /// (a table named `/*` is `UnnamedTable` in the code, until `names:` says otherwise).
    static func codeSpelling(_ name: String, wordless: String) -> String {
        hasWord(name) ? name : wordless
    }

    /// A schema's (or a referenced column's) name as written before (or after) a dot: quoted when it holds a dot,
    /// starts with a quote or has space around it.
    package static func writtenSchemaPart(_ name: String) -> String {
        guard name.contains(".") || name.hasPrefix("\"") || name.trimmingWhitespace() != name else { return name }
        return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Whether a column type written as `name` would be a built-in type.
    static func isBuiltinTypeName(_ name: String) -> Bool {
        if case .success(let parsed) = TypeSyntax.parse(name), case .builtin = parsed.base { return true }
        return false
    }

    /// The parts of `schema.name` split at dots outside double quotes, with SQL's quoting undone for a part that
    /// starts with a quote (`"a.b"` is one part `a.b`, `""` inside quotes is `"`); nil when such a quote is not closed
    /// or is followed by anything but a dot. A quote inside an unquoted part is a character of the name
    /// (`sessions "1"`). A name PostgreSQL holds with a dot in it, or starting with a quote, is written this way.
    static func nameParts(_ text: String) -> [String]? {
        guard text.utf8.contains(0x22) else {
            return text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        }
        var parts: [String] = []
        var current = ""
        var characters = text.unicodeScalars.makeIterator()
        var quotedPart = false
        var pending = characters.next()
        while let character = pending {
            pending = characters.next()
            if character == "\"", current.isEmpty, !quotedPart {
                quotedPart = true
                var closed = false
                while let inner = pending {
                    pending = characters.next()
                    if inner == "\"" {
                        if pending == "\"" {
                            current.unicodeScalars.append("\"")
                            pending = characters.next()
                            continue
                        }
                        closed = true
                        break
                    }
                    current.unicodeScalars.append(inner)
                }
                guard closed, pending == nil || pending == "." else { return nil }
            } else if character == "." {
                parts.append(current)
                current = ""
                quotedPart = false
            } else if quotedPart {
                return nil
            } else {
                current.unicodeScalars.append(character)
            }
        }
        parts.append(current)
        return parts
    }

    /// `name` as the language writes it inside `schema.name` and in a column's type: quoted (as SQL quotes it) when
    /// it would read back as something else: a dot, a leading quote, space around it, a `(`, a `?` or `[]` at the
    /// end, or the name of a built-in type (an enum named `text`).
    package static func writtenNamePart(_ name: String) -> String {
        let plain = !name.isEmpty && !name.contains(".") && !name.hasPrefix("\"") && !name.contains("(")
            && !name.hasSuffix("?") && !name.hasSuffix("]") && name.trimmingWhitespace() == name
            && !isBuiltinTypeName(name)
        guard !plain else { return name }
        return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The code names of `name`; a name without a letter or digit (a column named `-`) is spelled from `wordless`.
    func targetNames(_ name: String, type: String? = nil, overrides: [String: String] = [:], wordless: String? = nil) -> TargetNames {
        var words = Naming.words(name)
        if words.isEmpty, let wordless { words = Naming.words(wordless) }
        var ts = naming.camel(words, acronymsInMembers: false)
        var swift = naming.camel(words, acronymsInMembers: true)
        var python = Validator.pythonAttribute(name, words: words)
        if ts.first?.isNumber == true { ts = "_" + ts }
        if swift.first?.isNumber == true { swift = "_" + swift }
        var typeName = type ?? naming.pascal(words)
        if typeName.first?.isNumber == true { typeName = "_" + typeName }
        if let value = overrides["type"] { typeName = value }
        // Python reads identifiers in NFKC (`ªSelf` is `aSelf`), so a class would not be found under the spelling
        // its relationships name it by; every output spells the type as Python reads it.
        if !typeName.utf8.allSatisfy({ $0 < 0x80 }) { typeName = typeName.precomposedStringWithCompatibilityMapping }
        if let value = overrides["ts"] { ts = value }
        if let value = overrides["swift"] { swift = value }
        if let value = overrides["python"] { python = value }
        return TargetNames(type: typeName, ts: ts, swift: swift, python: python)
    }

    /// `targetNames(name)`, from `columnNames` when the name was seen before.
    mutating func columnTargetNames(_ name: String) -> TargetNames {
        if let names = columnNames[name] { return names }
        let names = targetNames(name, wordless: "column")
        columnNames[name] = names
        return names
    }

    /// The Python attribute for a database name: the name itself when it is a safe identifier.
    static func pythonAttribute(_ name: String, words: [String]) -> String {
        var base = name
        // ASCII letters, digits and '_', not starting with a digit; checked on bytes (no Unicode property lookups).
        let bytes = name.utf8
        func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F }
        var valid = bytes.first.map(isLetter) == true && bytes.allSatisfy { isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) }
        if !valid && bytes.contains(where: { $0 >= 0x80 }) {
            valid = Naming.pythonIdentifierText(name) == name && name.unicodeScalars.first?.properties.isXIDStart == true
        }
        if !valid {
            base = Naming.pythonIdentifierText(words.joined(separator: "_"))
            if base.first?.isNumber == true || base.isEmpty { base = "_" + base }
        }
        if TargetKeywords.python.contains(base) || TargetKeywords.declarative.contains(base)
            || TargetKeywords.pythonModule.contains(base) {
            base += "_"
        }
        // Checked last: the keyword `_` becomes `__` above (a name such as `ª` spells `_` in Python).
        if isReservedBySQLAlchemy(base) { base = "x" + base }
        return base
    }

    /// Attribute names SQLAlchemy's declarative mapping does not map: dunder names are skipped, and `_sa_` is its own
    /// prefix (`_sa_class_manager` breaks the class, other `_sa_` names are left out silently).
    static func isReservedBySQLAlchemy(_ attribute: String) -> Bool {
        attribute.hasPrefix("__") || attribute.hasPrefix("_sa_")
    }
}

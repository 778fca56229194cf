/// Reading `extensions` and `sequences`, and resolving what refers to them (`nextval` defaults, `owned_by`).
extension Validator {
    /// A sequence while it is being validated, with the nodes diagnostics point at.
    struct SequenceDraft {
        var node: YAMLNode
        var path: String
        /// `owned_by:` as written, resolved once the tables are read.
        var ownedBy: (text: String, node: YAMLNode)?
    }

    mutating func readExtensions(_ node: YAMLNode) {
        guard let items = reader.list(node, "extensions") else { return }
        var seen: [String: SourceLocation] = [:]
        for (offset, item) in items.enumerated() {
            let path = "extensions[\(offset)]"
            var nameNode = item
            var namePath = path
            var schema: String?
            var version: String?
            if case .mapping = item.kind {
                guard let fields = reader.mapping(item, path, allowed: ["name", "schema", "version"]) else { continue }
                guard let entry = fields["name"] else {
                    reader.report(.missingKey("name"), item, path)
                    continue
                }
                nameNode = entry.value
                namePath = path + ".name"
                if let entry = fields["schema"], let text = reader.string(entry.value, path + ".schema"),
                   checkIdentifier(text, entry.value, path + ".schema") {
                    schema = text
                }
                if let entry = fields["version"], let text = reader.string(entry.value, path + ".version") {
                    if text.isEmpty || text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                        reader.report(.invalidValue("an extension's version must be one line of text"), entry.value, path + ".version")
                    } else {
                        version = text
                    }
                }
            }
            guard let name = reader.string(nameNode, namePath, what: "an extension name"),
                  checkIdentifier(name, nameNode, namePath, rejectsDelete: true) else { continue }
            if let first = seen[name] {
                reader.report(.duplicateName("extension", name, first: first), nameNode, path)
                continue
            }
            seen[name] = nameNode.location
            extensions.append(Extension(name: name, schema: schema, version: version))
        }
    }

    static let sequenceKeys = ["as", "start", "increment", "min_value", "max_value", "cache", "cycle", "owned_by", "comment", "renamed_from"]

    mutating func readSequences(_ node: YAMLNode) {
        guard let entries = reader.mapping(node, "sequences") else { return }
        for entry in entries {
            let path = "sequences.\(entry.key)"
            guard let name = qualifiedName(entry.key, entry.keyNode, path) else { continue }
            var sequence = SequenceObject(name: name, dataType: .bigint, start: nil, increment: nil, minValue: nil,
                                          maxValue: nil, cache: nil, cycle: false, ownedBy: nil, comment: nil)
            var draft = SequenceDraft(node: entry.keyNode, path: path)
            // `name: {}` and `name:` (null) both declare a sequence with PostgreSQL's defaults.
            let fields: [Entry]
            if entry.value.isNull {
                fields = []
            } else if let read = reader.mapping(entry.value, path, allowed: Validator.sequenceKeys) {
                fields = read
            } else { continue }
            readObjectRename(fields, kind: .sequence, name: name, path: path)
            var valid = true
            if let entry = fields["as"], let text = reader.string(entry.value, path + ".as") {
                let parsed = try? TypeSyntax.parse(text).get()
                switch parsed.flatMap({ $0.isArray || $0.nullable ? nil : $0.base }) {
                case .builtin(.smallint)?: sequence.dataType = .smallint
                case .builtin(.integer)?: sequence.dataType = .integer
                case .builtin(.bigint)?: sequence.dataType = .bigint
                default:
                    reader.report(.invalidValue("a sequence's type must be smallint, integer or bigint, not '\(text)'",
                                                hint: Suggest.hint(for: text, in: ["smallint", "integer", "bigint"])),
                                  entry.value, path + ".as")
                    valid = false
                }
            }
            let range = SequenceObject.range(of: sequence.dataType)
            func number(_ key: String) -> Int64? {
                guard let entry = fields[key] else { return nil }
                guard case .scalar(let text, true) = entry.value.kind, let value = Int64(text) else {
                    reader.report(.wrongKind(expected: "an integer", found: entry.value.shown), entry.value, path + "." + key)
                    valid = false
                    return nil
                }
                if !range.contains(value) {
                    reader.report(.invalidValue("\(key) \(value) is out of range for a \(sequence.dataType.sqlName) sequence"),
                                  entry.value, path + "." + key)
                    valid = false
                    return nil
                }
                return value
            }
            sequence.start = number("start")
            sequence.increment = number("increment")
            sequence.minValue = number("min_value")
            sequence.maxValue = number("max_value")
            sequence.cache = number("cache")
            if let entry = fields["cycle"], let flag = reader.bool(entry.value, path + ".cycle") { sequence.cycle = flag }
            if let entry = fields["comment"] { sequence.comment = reader.string(entry.value, path + ".comment") }
            if let entry = fields["owned_by"], let text = reader.string(entry.value, path + ".owned_by") {
                draft.ownedBy = (text, entry.value)
            }
            if valid {
                // The checks `CREATE SEQUENCE` makes, so that the DDL does not fail on them.
                if sequence.increment == 0, let entry = fields["increment"] {
                    reader.report(.invalidValue("increment cannot be zero"), entry.value, path + ".increment")
                } else if sequence.effectiveMinValue >= sequence.effectiveMaxValue {
                    reader.report(.invalidValue("min_value \(sequence.effectiveMinValue) must be less than max_value \(sequence.effectiveMaxValue)"),
                                  (fields["min_value"] ?? fields["max_value"])?.value ?? entry.keyNode, path)
                } else if !(sequence.effectiveMinValue...sequence.effectiveMaxValue).contains(sequence.effectiveStart) {
                    reader.report(.invalidValue("start \(sequence.effectiveStart) is outside min_value \(sequence.effectiveMinValue) to max_value \(sequence.effectiveMaxValue)"),
                                  (fields["start"] ?? fields["min_value"] ?? fields["max_value"])?.value ?? entry.keyNode, path)
                }
                if let cache = sequence.cache, cache < 1, let entry = fields["cache"] {
                    reader.report(.invalidValue("cache must be at least 1"), entry.value, path + ".cache")
                }
            }
            if sequenceIndex[name] != nil {
                reader.report(.duplicateName("sequence", name.description), entry.keyNode, path)
                continue
            }
            sequenceIndex[name] = sequences.count
            sequences.append(sequence)
            sequenceDrafts.append(draft)
        }
    }

    /// `default: { nextval: name }`: the declared sequence, on an integer column.
    mutating func nextvalDefault(_ node: YAMLNode, type: ColumnType, path: String) -> ColumnDefault? {
        guard let fields = reader.mapping(node, path, allowed: ["nextval"]), let entry = fields["nextval"],
              let text = reader.string(entry.value, path + ".nextval", what: "a sequence name") else { return nil }
        switch type {
        case .smallint, .integer, .bigint, .numeric: break
        default:
            reader.report(.invalidDefault("nextval", type: type.sqlName, "nextval() fits integer and numeric columns only"), node, path)
            return nil
        }
        guard let name = enumReference(text), let index = sequenceIndex[name] else {
            let known = sequences.map { $0.name.schema == "public" ? $0.name.name : $0.name.description }
            reader.report(.unknownSequence(text, candidates: known), entry.value, path + ".nextval")
            return nil
        }
        return .nextval(sequences[index].name)
    }

    /// Resolves `owned_by: table.column` (or `schema.table.column`) to a created table in the sequence's schema.
    mutating func resolveSequences() {
        for (index, draft) in sequenceDrafts.enumerated() {
            guard let (text, node) = draft.ownedBy else { continue }
            let path = draft.path + ".owned_by"
            let sequenceName = sequences[index].name
            let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 || parts.count == 3 else {
                reader.report(.invalidValue("owned_by must be 'table.column' or 'schema.table.column'"), node, path)
                continue
            }
            let table = parts.count == 3 ? QualifiedName(schema: parts[0], name: parts[1])
                                         : QualifiedName(schema: sequenceName.schema, name: parts[0])
            let column = parts[parts.count - 1]
            guard let draftIndex = draftIndex[table], !drafts[draftIndex].table.isExternal else {
                let created = drafts.filter { !$0.table.isExternal }.map { $0.table.name.schema == "public" ? $0.table.name.name : $0.table.name.description }
                reader.report(.unknownTable(table.schema == "public" ? table.name : table.description, candidates: created), node, path)
                continue
            }
            if table.schema != sequenceName.schema {
                reader.report(.invalidValue("sequence \(sequenceName) can only be owned by a table in schema \(sequenceName.schema), not \(table)",
                                            hint: "PostgreSQL requires the owning table in the sequence's schema"), node, path)
                continue
            }
            let columns = drafts[draftIndex].table.columns
            guard columns.contains(where: { $0.name == column }) else {
                reader.report(.unknownColumn(column, table: table.description, candidates: columns.map(\.name)), node, path)
                continue
            }
            sequences[index].ownedBy = SequenceObject.OwnedBy(table: table, column: column)
        }
    }
}

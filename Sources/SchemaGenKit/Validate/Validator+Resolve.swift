import Foundation

/// Resolving names into types, defaults, foreign keys, indexes and relations.
extension Validator {
    mutating func resolveTypesAndDefaults() {
        for d in drafts.indices {
            // Read once per table: reading them through `drafts[d]` for every column copied the whole draft each time.
            let rawTypes = drafts[d].rawTypes, rawDefaults = drafts[d].rawDefaults
            let generatedNodes = drafts[d].generatedNodes, tablePath = drafts[d].path
            for c in drafts[d].table.columns.indices {
                let name = drafts[d].table.columns[c].name
                guard let (parsed, node, shape) = rawTypes[name] else { continue }
                let path = "\(tablePath).columns.\(name)"
                guard var base = resolveBase(parsed.base, node, path) else { continue }
                if let shape {
                    switch base {
                    case .json: base = .json(shape)
                    case .jsonb: base = .jsonb(shape)
                    default:
                        reader.report(.invalidValue("'shape' applies to json and jsonb columns only"), node, path)
                    }
                    for used in Validator.shapeNames(in: shape) where shapeIndex[used] == nil {
                        let shapeNode = rawTypes[name + "#shape"]?.1 ?? node
                        reader.report(.unknownShape(used, candidates: shapes.map(\.name)), shapeNode, path + ".shape")
                    }
                }
                if parsed.isArray && base.isSerial {
                    reader.report(.invalidTypeArguments(base.sqlName + "[]", "serial types cannot be arrays"), node, path)
                }
                let type: ColumnType = parsed.isArray ? .array(base) : base
                drafts[d].table.columns[c].type = type
                if type.isSerial, let generatedNode = generatedNodes[name] {
                    reader.report(.conflictingKeys("generated", "a serial type"), generatedNode, path)
                }
                if let identity = drafts[d].table.columns[c].identity {
                    switch type {
                    case .smallint, .integer, .bigint: break
                    default: reader.report(.identityNotInteger(type.sqlName), node, path + ".identity")
                    }
                    if drafts[d].table.columns[c].nullable {
                        reader.report(.invalidValue("an identity column cannot be nullable"), node, path)
                    }
                    _ = identity
                }
                if let (defaultNode, isSQL) = rawDefaults[name] {
                    if drafts[d].table.columns[c].identity != nil || type.isSerial {
                        reader.report(.conflictingKeys(isSQL ? "default_sql" : "default", type.isSerial ? "a serial type" : "identity"),
                                      defaultNode, path)
                    } else if isSQL {
                        if let text = reader.string(defaultNode, path + ".default_sql"), !text.trimmingWhitespace().isEmpty {
                            if checkSQLFragment(text, defaultNode, path + ".default_sql", what: "default_sql") {
                                drafts[d].table.columns[c].defaultValue = .sql(text)
                            }
                        } else if defaultNode.scalar?.trimmingWhitespace().isEmpty == true {
                            reader.report(.invalidValue("default_sql cannot be empty"), defaultNode, path + ".default_sql")
                        }
                    } else {
                        drafts[d].table.columns[c].defaultValue = columnDefault(defaultNode, type: type, path: path + ".default")
                    }
                }
            }
        }
    }

    static func isJSON(_ type: ColumnType) -> Bool {
        switch type {
        case .json, .jsonb: return true
        default: return false
        }
    }

    func enumReference(_ text: String) -> QualifiedName? {
        let parts = Validator.nameParts(text) ?? []
        switch parts.count {
        case 1: return QualifiedName(schema: "public", name: parts[0])
        case 2: return QualifiedName(schema: parts[0], name: parts[1])
        default: return nil
        }
    }

    /// Reads a default for a column type; nil (with an error) when it does not fit.
    mutating func columnDefault(_ node: YAMLNode, type: ColumnType, path: String) -> ColumnDefault? {
        if case .scalar(let text, true) = node.kind {
            if node.isNull {
                reader.report(.invalidDefault("null", type: type.sqlName, "a column without a default already defaults to NULL"), node, path)
                return nil
            }
            if text == "now()" {
                switch type.valueType {
                case .timestamp, .timestamptz, .date, .time, .timetz: return .now
                default:
                    reader.report(.invalidDefault("now()", type: type.sqlName, "now() fits date and time types only"), node, path)
                    return nil
                }
            }
            if text == "gen_random_uuid()" {
                if type.valueType == .uuid { return .randomUUID }
                reader.report(.invalidDefault("gen_random_uuid()", type: type.sqlName, "gen_random_uuid() fits uuid only"), node, path)
                return nil
            }
        }
        // A mapping is a JSON value for json columns; for any other type `{ nextval: sequence }` is the only one.
        if case .mapping(let pairs) = node.kind, pairs.first?.key.scalar == "nextval", !Validator.isJSON(type) {
            return nextvalDefault(node, type: type, path: path)
        }
        if case .enumeration(let name) = type.valueType {
            guard let text = reader.string(node, path, what: "an enum member") else { return nil }
            let members = enumIndex[name].map { enums[$0].values } ?? []
            if members.contains(text) { return .enumMember(text) }
            reader.report(.notEnumMember(text, enumName: name.name, members: members), node, path)
            return nil
        }
        switch literal(node, type: type, path: path) {
        case .some(let value): return .literal(value)
        case .none: return nil
        }
    }

    mutating func literal(_ node: YAMLNode, type: ColumnType, path: String) -> Literal? {
        func fail(_ why: String? = nil) -> Literal? {
            reader.report(.invalidDefault(node.shown, type: type.sqlName, why), node, path)
            return nil
        }
        switch type {
        case .domain(_, let base):
            // Checked as the base type; PostgreSQL checks the domain's own constraints when the default is used.
            return literal(node, type: base, path: path)
        case .json(let content), .jsonb(let content):
            guard let json = JSONText.render(node) else { return fail("not representable as JSON") }
            if let (problem, place) = jsonProblem(node, content, path: path) {
                reader.report(.invalidDefault(place.shown, type: type.sqlName, problem), place, path)
                return nil
            }
            return .json(json)
        case .array(let element):
            guard case .sequence(let items) = node.kind else { return fail("an array default is a YAML list") }
            var values: [Literal] = []
            for (offset, item) in items.enumerated() {
                if case .enumeration(let name) = element {
                    let members = enumIndex[name].map { enums[$0].values } ?? []
                    guard let text = item.scalar, members.contains(text) else {
                        reader.report(.notEnumMember(item.scalar ?? item.kindName, enumName: name.name, members: members), item, "\(path)[\(offset)]")
                        return nil
                    }
                    values.append(.string(text))
                } else {
                    guard let value = literal(item, type: element, path: "\(path)[\(offset)]") else { return nil }
                    values.append(value)
                }
            }
            return .array(values)
        default: break
        }
        guard case .scalar(let text, let plain) = node.kind, !node.isNull else { return fail("expected a single value") }
        switch type {
        case .boolean:
            guard plain, let value = ["true": true, "false": false][text] else { return fail("expected true or false") }
            return .boolean(value)
        case .smallint, .integer, .bigint:
            guard let value = Int64(text) else { return fail("expected an integer") }
            let range: ClosedRange<Int64> = type == .smallint ? -32768...32767 : type == .integer ? -2147483648...2147483647 : Int64.min...Int64.max
            guard range.contains(value) else { return fail("out of range") }
            return .integer(value)
        case .real, .doublePrecision, .numeric:
            guard let canonical = Validator.decimalText(text) else { return fail("expected a number") }
            if case .numeric(let p?, let s) = type {
                let digits = canonical.split(separator: ".", maxSplits: 1)
                let integerDigits = digits[0].trimmingCharacters(in: CharacterSet(charactersIn: "-")).drop { $0 == "0" }.count
                let scaleDigits = digits.count > 1 ? digits[1].count : 0
                if integerDigits > p - (s ?? 0) { return fail("more than \(p - (s ?? 0)) digits before the point") }
                if scaleDigits > (s ?? 0) { return fail("more than \(s ?? 0) digits after the point") }
            }
            return .decimal(canonical)
        case .text:
            return .string(text)
        case .date, .time, .timetz, .timestamp, .timestamptz, .interval, .inet:
            if let why = Validator.temporalProblem(text, type: type) { return fail(why) }
            return .string(text)
        case .varchar(let length), .char(let length):
            // PostgreSQL counts characters (code points); char without a length is char(1).
            let limit = length ?? (type == .char(length: nil) ? 1 : nil)
            if let limit, text.unicodeScalars.count > limit { return fail("longer than \(limit) character\(limit == 1 ? "" : "s")") }
            return .string(text)
        case .uuid:
            guard UUID(uuidString: text) != nil else { return fail("expected a UUID") }
            return .string(text.lowercased())
        case .citext, .tsvector, .tsquery, .xml, .geometric, .range, .multirange:
            // Free-form input text: PostgreSQL parses it when the DDL runs; the literal is quoted like any string.
            return .string(text)
        case .money:
            guard Validator.decimalText(text) != nil, !text.contains("e"), !text.contains("E") else { return fail("expected a number") }
            return .string(text)
        case .oid:
            guard let value = Int64(text), (0...4_294_967_295).contains(value) else { return fail("expected an integer from 0 to 4294967295") }
            return .integer(value)
        case .cidr, .macaddr, .macaddr8:
            if let why = Validator.temporalProblem(text, type: type) { return fail(why) }
            return .string(text)
        case .bit(let length), .varbit(let length):
            guard text.allSatisfy({ $0 == "0" || $0 == "1" }) else { return fail("expected a string of 0s and 1s") }
            if case .bit = type, text.count != (length ?? 1) { return fail("expected exactly \(length ?? 1) bits") }
            if case .varbit(let limit?) = type, text.count > limit { return fail("longer than \(limit) bits") }
            return .string(text)
        case .vector, .declared:
            return fail("write its default with default_sql")
        case .bytea:
            return fail("write binary defaults with default_sql")
        case .smallserial, .serial, .bigserial:
            return fail("serial columns take no default")
        default:
            return fail()
        }
    }

    /// Why a JSON default does not fit the column's declared content, and the node at fault; nil when it fits.
    func jsonProblem(_ node: YAMLNode, _ type: JSONType, path: String) -> (String, YAMLNode)? {
        let kind: String
        switch node.kind {
        case .sequence: kind = "list"
        case .mapping: kind = "object"
        case .scalar(let text, let plain):
            if !plain { kind = "string" } else if node.isNull { kind = "null" } else if text == "true" || text == "false" {
                kind = "boolean"
            } else if Int64(text) != nil { kind = "integer" } else if Validator.decimalText(text) != nil, !text.contains("e"), !text.contains("E") {
                kind = "number"
            } else { kind = "string" }
        }
        func expect(_ wanted: String) -> (String, YAMLNode) { ("expected \(wanted), found a \(kind)", node) }
        switch type {
        case .any: return nil
        case .string: return kind == "string" ? nil : expect("a string")
        case .integer: return kind == "integer" ? nil : expect("an integer")
        case .number: return kind == "integer" || kind == "number" ? nil : expect("a number")
        case .boolean: return kind == "boolean" ? nil : expect("true or false")
        case .array(let element):
            guard case .sequence(let items) = node.kind else { return expect("a list") }
            for item in items { if let problem = jsonProblem(item, element, path: path) { return problem } }
            return nil
        case .map(let value):
            guard case .mapping(let pairs) = node.kind else { return expect("an object") }
            for pair in pairs { if let problem = jsonProblem(pair.value, value, path: path) { return problem } }
            return nil
        case .shape(let name):
            guard case .mapping(let pairs) = node.kind else { return expect("an object of shape \(name)") }
            guard let shape = shapeIndex[name].map({ shapes[$0] }) else { return nil }
            for pair in pairs {
                guard let key = pair.key.scalar, let field = shape.fields.first(where: { $0.key == key }) else {
                    return ("shape \(name) has no field '\(pair.key.scalar ?? "")'", pair.key)
                }
                if pair.value.isNull && field.optional { continue }
                if let problem = jsonProblem(pair.value, field.type, path: path) { return problem }
            }
            for field in shape.fields where !field.optional && !pairs.contains(where: { $0.key.scalar == field.key }) {
                return ("the field '\(field.key)' of shape \(name) is missing", node)
            }
            return nil
        }
    }

    /// Why a date, time, interval or inet literal would not be accepted by PostgreSQL, or nil when its form is right.
    static func temporalProblem(_ text: String, type: ColumnType) -> String? {
        func matches(_ pattern: String) -> Bool { text.range(of: pattern, options: .regularExpression) != nil }
        let date = #"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"#
        let time = #"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?"#
        let zone = #"(Z|[+-]\d{2}(:?\d{2})?)"#
        switch type {
        case .date:
            return matches("^\(date)$") || text == "infinity" || text == "-infinity" ? nil : "expected YYYY-MM-DD"
        case .time:
            return matches("^\(time)$") ? nil : "expected HH:MM[:SS]"
        case .timetz:
            return matches("^\(time)\(zone)$") ? nil : "expected HH:MM[:SS] with a zone such as +00"
        case .timestamp:
            return matches("^\(date)[ T]\(time)$") || text == "infinity" || text == "-infinity" ? nil
                : "expected YYYY-MM-DD HH:MM[:SS]"
        case .timestamptz:
            return matches("^\(date)[ T]\(time)\(zone)$") || text == "infinity" || text == "-infinity" ? nil
                : "expected YYYY-MM-DD HH:MM[:SS] with a zone such as +00"
        case .interval:
            let unit = #"\d+(\.\d+)?\s*(microseconds?|milliseconds?|seconds?|secs?|minutes?|mins?|hours?|days?|weeks?|months?|mons?|years?|decades?|centuries|century|millenni(um|a))"#
            return matches("^-?\(unit)(" + #"\s+-?"# + "\(unit))*$") || matches(#"^-?\d+:\d{2}(:\d{2}(\.\d+)?)?$"#) || matches(#"^P[0-9YMWDTHS.]+$"#)
                ? nil : "expected an interval such as '1 day' or '2 hours 30 minutes'"
        case .macaddr:
            return matches(#"^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$"#) ? nil : "expected a MAC address such as 08:00:2b:01:02:03"
        case .macaddr8:
            return matches(#"^([0-9A-Fa-f]{2}[:-]){5}([0-9A-Fa-f]{2}[:-]){2}?[0-9A-Fa-f]{2}$"#) ? nil
                : "expected a MAC address such as 08:00:2b:01:02:03:04:05"
        case .inet, .cidr:
            let v4 = #"((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)(/(3[0-2]|[12]?\d))?"#
            let v6 = #"[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*(/(12[0-8]|1[01]\d|[1-9]?\d))?"#
            return matches("^\(v4)$") || matches("^\(v6)$") ? nil : "expected an IPv4 or IPv6 address"
        default:
            return nil
        }
    }

    static let decimalPattern = #"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"#

    /// Whether the text matches `decimalPattern`. Text made only of ASCII digits, signs, points and `e`/`E` is
    /// matched on bytes (compiling and running the regular expression cost some 50,000 instructions per default);
    /// anything else goes to the regular expression, whose `\d` takes any decimal digit and whose `$` also matches
    /// before a final line break.
    static func isDecimalSyntax(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        guard bytes.allSatisfy({ isDigit($0) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E || $0 == 0x65 || $0 == 0x45 }) else {
            return text.range(of: decimalPattern, options: .regularExpression) != nil
        }
        var index = 0
        func digits() -> Int {
            let start = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            return index - start
        }
        func skip(_ accepted: UInt8...) -> Bool {
            guard index < bytes.count, accepted.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        _ = skip(0x2B, 0x2D)
        if digits() > 0 {
            if skip(0x2E) { _ = digits() }
        } else {
            guard skip(0x2E), digits() > 0 else { return false }
        }
        if skip(0x65, 0x45) {
            _ = skip(0x2B, 0x2D)
            guard digits() > 0 else { return false }
        }
        return index == bytes.count
    }

    /// Canonical decimal text: `1e3` → `1000`, `+1.50` → `1.50`; nil when not a finite number.
    static func decimalText(_ text: String) -> String? {
        guard isDecimalSyntax(text) else { return nil }
        if text.contains("e") || text.contains("E") {
            guard let value = Decimal(string: text), value.isFinite else { return nil }
            let exponentPart = text.split(whereSeparator: { $0 == "e" || $0 == "E" }).last.flatMap { Int($0) } ?? 0
            if abs(exponentPart) > 1000 { return nil }
            return "\(value)"
        }
        var result = text.hasPrefix("+") ? String(text.dropFirst()) : text
        if result.hasPrefix(".") { result = "0" + result }
        if result.hasPrefix("-.") { result = "-0" + result.dropFirst() }
        if result.hasSuffix(".") { result.removeLast() }
        return result
    }

    // MARK: Foreign keys

    mutating func resolveForeignKeys() {
        let tableNames = drafts.map { $0.table.name.schema == "public" ? $0.table.name.name : $0.table.name.description }
        for d in drafts.indices {
            let pendings = drafts[d].pendingForeignKeys
            for pending in pendings {
                guard let (target, columns) = parseReference(pending, columnCount: pending.columns.count) else {
                    reader.report(.invalidValue("write a reference as 'table', 'table.column', 'schema.table.column' or 'table(a, b)'"),
                                  pending.node, pending.path)
                    continue
                }
                guard let targetIndex = draftIndex[target] else {
                    reader.report(.unknownTable(target.schema == "public" ? target.name : target.description, candidates: tableNames),
                                  pending.node, pending.path)
                    continue
                }
                let targetTable = drafts[targetIndex].table
                var referenced = columns ?? targetTable.primaryKey?.columns ?? []
                if columns == nil && referenced.isEmpty {
                    reader.report(.invalidValue("table \(target) has no primary key; name the referenced column"), pending.node, pending.path)
                    continue
                }
                var ok = true
                for column in referenced where targetTable.column(column) == nil {
                    reader.report(.unknownColumn(column, table: target.description, candidates: targetTable.columns.map(\.name)),
                                  pending.node, pending.path)
                    ok = false
                }
                if !ok { continue }
                if referenced.count != pending.columns.count {
                    reader.report(.foreignKeyArity(pending.columns.count, referenced.count), pending.node, pending.path)
                    continue
                }
                let isKey = targetTable.primaryKey.map { Set($0.columns) == Set(referenced) } == true
                    || targetTable.uniques.contains { Set($0.columns) == Set(referenced) }
                    || drafts[targetIndex].pendingIndexes.contains { $0.0.unique && $0.0.predicate == nil && Set($0.0.parts.compactMap(\.column)) == Set(referenced) && $0.0.parts.allSatisfy { $0.column != nil } }
                if !isKey {
                    reader.report(.foreignKeyNotUnique("\(target)(\(referenced.joined(separator: ", ")))"), pending.node, pending.path)
                    continue
                }
                for (local, remote) in zip(pending.columns, referenced) {
                    guard let localColumn = drafts[d].table.column(local), let remoteColumn = targetTable.column(remote) else { continue }
                    if !localColumn.type.isForeignKeyCompatible(with: remoteColumn.type) {
                        reader.report(.foreignKeyTypeMismatch(column: "\(drafts[d].table.name.name).\(local)", type: localColumn.type.sqlName,
                                                              referenced: "\(target).\(remote)", referencedType: remoteColumn.type.sqlName),
                                      pending.node, pending.path)
                        ok = false
                    }
                    if !localColumn.nullable && (pending.onDelete == .setNull || pending.onUpdate == .setNull) {
                        reader.report(.setNullOnNotNull(local), pending.node, pending.path)
                    }
                }
                if !ok { continue }
                referenced = referenced.map { $0 }
                let name = pending.name ?? settings.constraintNames.foreignKey(table: drafts[d].table.name.name, columns: pending.columns,
                                                                               target: target.name, targetColumns: referenced)
                drafts[d].table.foreignKeys.append(ForeignKey(name: name, columns: pending.columns, referencedTable: target,
                                                              referencedColumns: referenced, onDelete: pending.onDelete,
                                                              onUpdate: pending.onUpdate))
                drafts[d].foreignKeyNodes.append(pending.node)
            }
        }
    }

    /// `auth.users.id`, `projects.id`, `projects`, `auth.users`, `orders(id, region)`.
    /// Where the column list of `schema.table(columns)` opens: the first `(` outside a quoted name part
    /// (`"a(b)"(id)`), so a quote in a column name (`t("type)`) is not read as one.
    static func columnListStart(_ text: String) -> String.Index? {
        var quoted = false
        var partStart = true
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if quoted {
                if character == "\"" { quoted = false }
            } else if character == "\"", partStart {
                quoted = true
            } else if character == "(" {
                return index
            }
            partStart = !quoted && character == "."
            index = text.index(after: index)
        }
        return nil
    }

    func parseReference(_ pending: PendingForeignKey, columnCount: Int) -> (QualifiedName, [String]?)? {
        var text = pending.target.trimmingWhitespace()
        var columns: [String]?
        if let open = Validator.columnListStart(text), text.hasSuffix(")") {
            let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
            columns = inner.split(separator: ",").map { $0.trimmingWhitespace() }
            text = String(text[..<open]).trimmingWhitespace()
        }
        let parts = Validator.nameParts(text) ?? []
        if parts.isEmpty || parts.contains(where: \.isEmpty) { return nil }
        let known = { (name: QualifiedName) in draftIndex[name] != nil }
        switch (parts.count, columns) {
        case (1, _): return (QualifiedName(schema: "public", name: parts[0]), columns)
        case (2, nil):
            let asTable = QualifiedName(schema: parts[0], name: parts[1])
            if known(asTable) { return (asTable, nil) }
            return (QualifiedName(schema: "public", name: parts[0]), [parts[1]])
        case (2, let cols?): return (QualifiedName(schema: parts[0], name: parts[1]), cols)
        case (3, nil): return (QualifiedName(schema: parts[0], name: parts[1]), [parts[2]])
        default: return nil
        }
    }

    mutating func resolveIndexes() {
        for d in drafts.indices {
            for (index, node) in drafts[d].pendingIndexes {
                let methods = ["btree", "hash", "gin", "gist", "spgist", "brin"]
                if !methods.contains(index.method) {
                    reader.report(.invalidValue("unknown index method '\(index.method)'",
                                                hint: Suggest.hint(for: index.method, in: methods) ?? "use one of: \(methods.joined(separator: ", "))"),
                                  node, drafts[d].path + ".indexes")
                    continue
                }
                drafts[d].table.indexes.append(index)
                drafts[d].indexNodes.append(node)
            }
        }
    }
}

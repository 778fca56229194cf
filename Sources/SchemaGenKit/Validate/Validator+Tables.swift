/// Reading `tables` and `external`: columns, keys, constraints, indexes; references stay names until resolved.
extension Validator {
    static let tableKeys = ["schema", "comment", "doc", "use", "names", "columns", "primary_key", "unique", "indexes",
                            "checks", "foreign_keys", "rls", "partition_by", "partition_of", "for_values", "renamed_from", "silence"]
    /// A partition has its parent's columns, keys, indexes and policies; it says only which rows it holds.
    static let partitionKeys = ["schema", "comment", "partition_of", "for_values"]
    static let externalKeys = ["schema", "comment", "doc", "columns", "primary_key", "names", "unique"]
    static let columnKeys = ["type", "nullable", "primary_key", "unique", "index", "default", "default_sql", "identity",
                             "references", "on_delete", "on_update", "relation", "inverse", "comment", "doc", "check", "names", "shape",
                             "generated", "renamed_from", "using", "silence", "protected"]

    mutating func readTables(_ node: YAMLNode, external: Bool, path: String) {
        guard let entries = reader.mapping(node, path) else { return }
        for entry in entries {
            let tablePath = "\(path).\(entry.key)"
            var fields: [Entry] = []
            if !entry.value.isNull {
                fields = reader.mapping(entry.value, tablePath, allowed: external ? Validator.externalKeys : Validator.tableKeys) ?? []
            } else if !external {
                reader.report(.missingKey("columns"), entry.value, tablePath)
                continue
            }
            var schemaName = "public"
            if let value = fields["schema"], let text = reader.string(value.value, tablePath + ".schema") {
                if checkIdentifier(text, value.value, tablePath + ".schema") { schemaName = text }
                if entry.key.contains(".") {
                    reader.report(.conflictingKeys("schema", "a qualified table name"), value.keyNode, tablePath)
                }
            }
            guard let name = qualifiedName(entry.key, entry.keyNode, tablePath, defaultSchema: schemaName, needsWord: false) else { continue }
            if !external, let parent = fields["partition_of"] {
                readPartition(name, entry: entry, fields: fields, parent: parent, path: tablePath)
                continue
            }
            if let stray = fields["for_values"] {
                reader.report(.invalidValue("'for_values' needs 'partition_of'"), stray.keyNode, tablePath)
            }
            if draftIndex[name] != nil {
                reader.report(.duplicateName("table", name.description), entry.keyNode, tablePath)
                continue
            }
            var overrides: [String: String] = [:]
            if let value = fields["names"] {
                overrides = readNameOverrides(value.value, tablePath + ".names", keys: ["type", "ts", "swift", "python"])
            }
            let spelled = Validator.codeSpelling(name.name, wordless: "unnamed_table")
            let names = targetNames(spelled, type: naming.typeName(forTable: spelled), overrides: overrides)
            let rls = RowLevelSecurity(enabled: false, forced: false, denyAllIntended: false, ownerColumn: nil, policies: [])
            var draft = TableDraft(
                table: Table(name: name, isExternal: external, comment: nil, columns: [], primaryKey: nil, uniques: [],
                             checks: [], foreignKeys: [], indexes: [], relations: [], rls: rls, names: names,
                             location: entry.keyNode.location),
                node: entry.keyNode, path: tablePath)
            draft.table.comment = fields["comment"].flatMap { reader.string($0.value, tablePath + ".comment") }
            draft.table.documentation = readDocumentation(fields, path: tablePath, comment: draft.table.comment)
            if !external { readObjectRename(fields, kind: .table, name: name, path: tablePath) }
            readSilence(fields, path: tablePath)

            var columnEntries: [(Entry, String)] = []
            var lastMixinColumns: [(Entry, String)] = []
            if let use = fields["use"] {
                for (mixinName, mixinNode) in reader.stringList(use.value, tablePath + ".use") ?? [] {
                    guard let mixin = mixins[mixinName] else {
                        reader.report(.unknownMixin(mixinName, candidates: mixinOrder), mixinNode, tablePath + ".use")
                        continue
                    }
                    let tagged = mixin.columns.map { ($0, "mixins.\(mixinName).columns.\($0.key)") }
                    if mixin.position == .first { columnEntries += tagged } else { lastMixinColumns += tagged }
                }
            }
            if let columns = fields["columns"] {
                for column in reader.mapping(columns.value, tablePath + ".columns") ?? [] {
                    columnEntries.append((column, "\(tablePath).columns.\(column.key)"))
                }
            } else if !external {
                reader.report(.missingKey("columns"), entry.value, tablePath)
            }
            columnEntries += lastMixinColumns
            var primaryFromColumns: [String] = []
            for (column, columnPath) in columnEntries {
                if draft.table.column(column.key) != nil {
                    let first = columnEntries.first { $0.0.key == column.key }
                    let origin = first.flatMap { $0.1.hasPrefix("mixins.") ? "mixin " + $0.1.split(separator: ".")[1] : nil }
                    reader.report(.duplicateName("column", column.key, first: first?.0.keyNode.location, from: origin),
                                  column.keyNode, columnPath)
                    continue
                }
                if let isPrimary = readColumn(column, path: columnPath, into: &draft), isPrimary {
                    primaryFromColumns.append(column.key)
                }
            }
            if draft.table.columns.isEmpty, !external, let columns = fields["columns"], case .mapping = columns.value.kind {
                reader.report(.emptyList("a table's columns"), fields["columns"]?.value ?? entry.value, tablePath + ".columns")
            }
            checkGenerationExpressions(draft)
            readKeys(fields, primaryFromColumns: primaryFromColumns, into: &draft)
            if !external {
                readConstraints(fields, into: &draft)
                checkExpressionColumns(draft)
                if let value = fields["partition_by"] { readPartitioning(value, into: &draft) }
                if let rls = fields["rls"] { draft.rlsNode = rls.value }
            }
            draftIndex[draft.table.name] = drafts.count
            drafts.append(draft)
        }
    }

    /// Reads one column; returns whether it is marked as the primary key (nil if it was rejected).
    mutating func readColumn(_ entry: Entry, path: String, into draft: inout TableDraft) -> Bool? {
        // Any name PostgreSQL holds: a column without a letter or digit is named `column` in the code, one with a
        // line break is quoted in SQL and escaped in every string literal of the outputs.
        guard checkIdentifier(entry.key, entry.keyNode, path, needsWord: false, allowsControl: true) else { return nil }
        var typeNode = entry.value
        var fields: [Entry] = []
        if case .mapping(let pairs) = entry.value.kind {
            if let (type, node) = Validator.typeSplitAtComma(pairs) {
                reader.report(.typeSplitAtComma(type), node, path + ".type")
                return nil
            }
            fields = reader.mapping(entry.value, path, allowed: Validator.columnKeys) ?? []
            readSilence(fields, path: path)
            guard let type = fields["type"] else {
                reader.report(.missingKey("type"), entry.value, path)
                return nil
            }
            typeNode = type.value
        }
        guard let typeText = reader.string(typeNode, path, what: "a type") else { return nil }
        let parsed: TypeSyntax.Parsed
        switch TypeSyntax.parse(typeText) {
        case .success(let value): parsed = value
        case .failure(.empty):
            reader.report(.unknownType(typeText, candidates: TypeSyntax.builtinNames), typeNode, path)
            return nil
        case .failure(.arguments(_, let why)):
            reader.report(.invalidTypeArguments(typeText, why), typeNode, path)
            return nil
        case .failure(.syntax(let why)):
            reader.report(.invalidTypeArguments(typeText, why), typeNode, path)
            return nil
        }
        var nullable = parsed.nullable
        if let value = fields["nullable"], let flag = reader.bool(value.value, path + ".nullable") {
            if parsed.nullable && !flag {
                reader.report(.conflictingKeys("nullable: false", "a '?' type"), value.keyNode, path)
            }
            nullable = flag || parsed.nullable
        }
        var shape: JSONType?
        if let value = fields["shape"], let text = reader.string(value.value, path + ".shape", what: "a JSON type") {
            if let json = TypeSyntax.parseJSON(text) {
                shape = json.type
                draft.rawTypes[entry.key + "#shape"] = (parsed, value.value, nil)
            } else {
                reader.report(.unknownType(text, candidates: ["string", "integer", "number", "boolean", "any"] + shapes.map(\.name)),
                              value.value, path + ".shape")
            }
        }
        draft.rawTypes[entry.key] = (parsed, typeNode, shape)
        draft.columnNodes[entry.key] = entry.keyNode
        draft.columnTypeNodes[entry.key] = typeNode
        var column = Column(name: entry.key, type: .text, nullable: nullable, defaultValue: nil, identity: nil,
                            comment: nil, names: columnTargetNames(entry.key))
        column.comment = fields["comment"].flatMap { reader.string($0.value, path + ".comment") }
        column.documentation = readDocumentation(fields, path: path, comment: column.comment)
        readColumnMigrationKeys(fields, table: draft.table.name, column: entry.key, path: path)
        if let value = fields["names"] {
            let overrides = readNameOverrides(value.value, path + ".names", keys: ["ts", "swift", "python"])
            if let python = overrides["python"], Validator.isReservedBySQLAlchemy(python) {
                reader.report(.invalidIdentifier(python, "SQLAlchemy does not map attributes starting with '__' or '_sa_'"),
                              value.value, path + ".names.python")
            }
            column.names = targetNames(entry.key, overrides: overrides, wordless: "column")
        } else if column.names.python != entry.key, column.names.python.hasPrefix("x"),
                  Validator.isReservedBySQLAlchemy(String(column.names.python.dropFirst())) {
            reader.report(.pythonAttributeRenamed(entry.key, column.names.python), entry.keyNode, path)
        }
        if let value = fields["default"], let sqlValue = fields["default_sql"] {
            reader.report(.conflictingKeys("default", "default_sql"), sqlValue.keyNode, path)
            _ = value
        } else if let value = fields["default"] {
            draft.rawDefaults[entry.key] = (value.value, false)
        } else if let value = fields["default_sql"] {
            draft.rawDefaults[entry.key] = (value.value, true)
        }
        if let value = fields["identity"], let text = reader.string(value.value, path + ".identity") {
            if let identity = Identity(rawValue: text) {
                column.identity = identity
            } else {
                reader.report(.invalidValue("identity must be 'always' or 'by_default'",
                                            hint: Suggest.hint(for: text, in: ["always", "by_default"])), value.value, path + ".identity")
            }
        }
        if let value = fields["generated"], let expression = reader.string(value.value, path + ".generated", what: "a SQL expression") {
            // PostgreSQL 15 has stored generated columns only; they take no default and are never identities.
            if expression.trimmingWhitespaceAndNewlines().isEmpty {
                reader.report(.invalidValue("generated cannot be empty"), value.value, path + ".generated")
            } else if let other = ["default", "default_sql", "identity"].first(where: { fields[$0] != nil }) {
                reader.report(.conflictingKeys("generated", other), value.keyNode, path)
            } else if checkSQLFragment(expression, value.value, path + ".generated", what: "the generated expression") {
                draft.columnExpressions.append((expression, value.value, path + ".generated"))
                column.generated = expression
                draft.generatedNodes[entry.key] = value.keyNode
            }
        }
        if let value = fields["protected"], let flag = reader.bool(value.value, path + ".protected"), flag {
            if draft.table.isExternal {
                reader.report(.protectedOnExternal(draft.table.name.description, entry.key), value.keyNode, path)
            } else if column.generated != nil {
                // Nobody writes a generated column, so there is nothing to protect: a sign of a misunderstanding.
                reader.report(.protectedGenerated(draft.table.name.description, entry.key), value.keyNode, path)
            } else {
                column.isProtected = true
            }
        }
        var isPrimary = false
        if let value = fields["primary_key"] {
            if case .mapping = value.value.kind {
                // `primary_key: { name: pk_x }`: this column is (part of) the key, and the key has that name.
                isPrimary = true
                if let parts = reader.mapping(value.value, path + ".primary_key", allowed: ["name"]) {
                    if let nameEntry = parts["name"], let text = reader.string(nameEntry.value, path + ".primary_key.name"),
                       checkIdentifier(text, nameEntry.value, path + ".primary_key.name") {
                        if let (first, _) = draft.primaryKeyName, first != text {
                            reader.report(.conflictingKeys("primary_key: { name: \(first) }", "primary_key: { name: \(text) }"),
                                          nameEntry.value, path + ".primary_key.name")
                        } else {
                            draft.primaryKeyName = (text, nameEntry.value)
                        }
                    } else if parts["name"] == nil {
                        reader.report(.missingKey("name"), value.value, path + ".primary_key")
                    }
                }
            } else {
                isPrimary = reader.bool(value.value, path + ".primary_key") ?? false
            }
        }
        if isPrimary && nullable { reader.report(.nullablePrimaryKey(entry.key), typeNode, path) }
        if isPrimary, draft.primaryKeyNode == nil { draft.primaryKeyNode = fields["primary_key"]?.keyNode }
        if let value = fields["unique"], reader.bool(value.value, path + ".unique") == true {
            draft.table.uniques.append(UniqueConstraint(name: settings.constraintNames.unique(table: draft.table.name.name, columns: [entry.key]),
                                                        columns: [entry.key], nullsNotDistinct: false))
            draft.uniqueNodes.append(value.keyNode)
        }
        if let value = fields["index"] {
            var method = "btree"
            if case .scalar(let text, true) = value.value.kind, text == "true" || text == "false" {
                if text == "false" { method = "" }
            } else if let text = reader.string(value.value, path + ".index", what: "true, false or an index method (gin, ...)") {
                method = text
            }
            if !method.isEmpty {
                let index = Index(name: settings.constraintNames.index(table: draft.table.name.name, columns: [entry.key], unique: false),
                                  parts: [IndexPart(column: entry.key, expression: nil, descending: false, opclass: nil)],
                                  unique: false, method: method, predicate: nil)
                draft.pendingIndexes.append((index, value.keyNode))
            }
        }
        if let value = fields["check"], let expression = reader.string(value.value, path + ".check"),
           checkSQLFragment(expression, value.value, path + ".check", what: "the check") {
            draft.columnExpressions.append((expression, value.value, path + ".check"))
            draft.table.checks.append(CheckConstraint(name: "\(draft.table.name.name)_\(entry.key)_check", expression: expression))
            draft.checkNodes.append(value.keyNode)
        }
        if let value = fields["references"], let target = reader.string(value.value, path + ".references") {
            var pending = PendingForeignKey(name: nil, columns: [entry.key], target: target, targetColumns: nil,
                                            onDelete: .noAction, onUpdate: .noAction, relation: nil, inverse: nil,
                                            noInverse: false, node: value.value, path: path + ".references")
            readActions(fields, path: path, into: &pending)
            draft.pendingForeignKeys.append(pending)
        } else {
            for key in ["on_delete", "on_update", "relation", "inverse"] {
                if let stray = fields[key] {
                    reader.report(.invalidValue("'\(key)' needs 'references'"), stray.keyNode, path)
                }
            }
        }
        draft.table.columns.append(column)
        return isPrimary
    }

    /// PostgreSQL computes every generated column from the row as written, so an expression cannot use a generated
    /// column (its own included). Names are read with the SQL lexer; a name followed by `(` is a function.
    mutating func checkGenerationExpressions(_ draft: TableDraft) {
        let generated = draft.table.columns.filter { $0.generated != nil }
        guard !generated.isEmpty else { return }
        for column in generated {
            guard let expression = column.generated else { continue }
            let tokens = SQLLexer.tokenize(expression)
            for (offset, token) in tokens.enumerated() {
                let name: String
                switch token.kind {
                case .word: name = token.text.lowercased()
                case .quoted: name = token.text
                default: continue
                }
                if offset + 1 < tokens.count, tokens[offset + 1] == SQLLexer.Token(kind: .symbol, text: "(") { continue }
                guard let used = generated.first(where: { $0.name == name }) else { continue }
                let node = draft.generatedNodes[column.name] ?? draft.node
                reader.report(.invalidValue("the generated column '\(column.name)' cannot use the generated column '\(used.name)'",
                                            hint: "write the expression in terms of columns that are not generated"),
                              node, "\(draft.path).columns.\(column.name).generated")
                break
            }
        }
    }

    mutating func readActions(_ fields: [Entry], path: String, into pending: inout PendingForeignKey) {
        func action(_ entry: Entry?) -> ReferentialAction? {
            guard let entry, let text = reader.string(entry.value, "\(path).\(entry.key)") else { return nil }
            let normalized = Validator.actionSpelling(text)
            if let value = ReferentialAction(rawValue: normalized) { return value }
            let spellings = ReferentialAction.allCases.map(\.rawValue)
            reader.report(.invalidValue("'\(text)' is not a referential action",
                                        hint: Suggest.hint(for: normalized, in: spellings) ?? "use one of: \(spellings.joined(separator: ", "))"),
                          entry.value, "\(path).\(entry.key)")
            return nil
        }
        if let value = action(fields["on_delete"]) { pending.onDelete = value }
        if let value = action(fields["on_update"]) { pending.onUpdate = value }
        if let entry = fields["relation"] {
            pending.relation = readRelationSpec(entry, path: path, allowFalse: false, into: &pending.relationTargets).0
        }
        if let entry = fields["inverse"] {
            let (name, exists) = readRelationSpec(entry, path: path, allowFalse: true, into: &pending.inverseTargets)
            pending.inverse = name
            pending.noInverse = !exists
        }
    }

    /// `set_null` → `set null`: lower case with underscores as spaces. ASCII text is rewritten on bytes; other text
    /// goes through Foundation's `replacingOccurrences`, as it always did.
    static func actionSpelling(_ text: String) -> String {
        let lowered = text.lowercased()
        guard lowered.utf8.allSatisfy({ $0 < 0x80 }) else { return lowered.replacingOccurrences(of: "_", with: " ") }
        return String(decoding: lowered.utf8.map { $0 == 0x5F ? 0x20 : $0 }, as: UTF8.self)
    }

    mutating func readKeys(_ fields: [Entry], primaryFromColumns: [String], into draft: inout TableDraft) {
        let path = draft.path
        let tableName = draft.table.name.name
        var primary = primaryFromColumns
        if let value = fields["primary_key"] {
            if !primary.isEmpty { reader.report(.duplicatePrimaryKey(), value.keyNode, path) }
            draft.primaryKeyNode = value.keyNode
            primary = []
            var columnsNode = value.value
            if case .mapping = value.value.kind {
                // `primary_key: { columns: [a, b], name: pk_orders }`.
                let keyPath = path + ".primary_key"
                if let parts = reader.mapping(value.value, keyPath, allowed: ["columns", "name"]) {
                    if let columns = parts["columns"] { columnsNode = columns.value } else { reader.report(.missingKey("columns"), value.value, keyPath) }
                    if let nameEntry = parts["name"], let text = reader.string(nameEntry.value, keyPath + ".name"),
                       checkIdentifier(text, nameEntry.value, keyPath + ".name") {
                        draft.primaryKeyName = (text, nameEntry.value)
                    }
                }
            }
            if case .mapping = columnsNode.kind {} else {
                for (column, node) in reader.stringList(columnsNode, path + ".primary_key") ?? [] {
                    if requireColumn(column, in: draft, node, path + ".primary_key") {
                        primary.append(column)
                        if draft.table.column(column)?.nullable == true { reader.report(.nullablePrimaryKey(column), node, path) }
                    }
                }
            }
        }
        if !primary.isEmpty {
            let name = draft.primaryKeyName?.0 ?? settings.constraintNames.primaryKey(table: tableName, columns: primary)
            draft.table.primaryKey = PrimaryKey(name: name, columns: primary)
            if let node = draft.primaryKeyName?.1 { draft.primaryKeyNode = node }
        }
        if let value = fields["unique"] {
            for (offset, item) in (reader.list(value.value, path + ".unique") ?? []).enumerated() {
                let itemPath = "\(path).unique[\(offset)]"
                var columnsNode = item
                var name: String?
                var nullsNotDistinct = false
                var nameNode: YAMLNode?
                if case .mapping = item.kind {
                    guard let parts = reader.mapping(item, itemPath, allowed: ["columns", "name", "nulls_not_distinct"]) else { continue }
                    guard let columns = parts["columns"] else { reader.report(.missingKey("columns"), item, itemPath); continue }
                    columnsNode = columns.value
                    if let nameEntry = parts["name"], let text = reader.string(nameEntry.value, itemPath + ".name"),
                       checkIdentifier(text, nameEntry.value, itemPath + ".name") {
                        name = text
                        nameNode = nameEntry.value
                    }
                    if let flag = parts["nulls_not_distinct"] { nullsNotDistinct = reader.bool(flag.value, itemPath) ?? false }
                }
                let columns = (reader.stringList(columnsNode, itemPath) ?? []).filter { requireColumn($0.0, in: draft, $0.1, itemPath) }.map(\.0)
                if columns.isEmpty { continue }
                let constraint = UniqueConstraint(name: name ?? settings.constraintNames.unique(table: tableName, columns: columns),
                                                  columns: columns, nullsNotDistinct: nullsNotDistinct)
                draft.uniqueNodes.append(nameNode ?? item)
                draft.table.uniques.append(constraint)
            }
        }
    }

    mutating func requireColumn(_ name: String, in draft: TableDraft, _ node: YAMLNode, _ path: String) -> Bool {
        if draft.table.column(name) != nil { return true }
        reader.report(.unknownColumn(name, table: draft.table.name.description, candidates: draft.table.columns.map(\.name)), node, path)
        return false
    }

    mutating func readConstraints(_ fields: [Entry], into draft: inout TableDraft) {
        let path = draft.path
        let tableName = draft.table.name.name
        if let value = fields["checks"] {
            if case .mapping = value.value.kind {
                for entry in reader.mapping(value.value, path + ".checks") ?? [] {
                    if let expression = reader.string(entry.value, "\(path).checks.\(entry.key)"),
                       checkIdentifier(entry.key, entry.keyNode, path + ".checks") {
                        draft.table.checks.append(CheckConstraint(name: entry.key, expression: expression))
                        draft.checkNodes.append(entry.keyNode)
                    }
                }
            } else {
                for (offset, item) in (reader.list(value.value, path + ".checks") ?? []).enumerated() {
                    let itemPath = "\(path).checks[\(offset)]"
                    if case .scalar = item.kind, let expression = reader.string(item, itemPath) {
                        guard checkSQLFragment(expression, item, itemPath, what: "the check") else { continue }
                        draft.columnExpressions.append((expression, item, itemPath))
                        let suffix = offset == 0 ? "" : "\(offset)"
                        draft.table.checks.append(CheckConstraint(name: "\(tableName)_check\(suffix)", expression: expression))
                        draft.checkNodes.append(item)
                    } else if let parts = reader.mapping(item, itemPath, allowed: ["name", "check"]) {
                        guard let check = parts["check"], let expression = reader.string(check.value, itemPath + ".check") else {
                            if parts["check"] == nil { reader.report(.missingKey("check"), item, itemPath) }
                            continue
                        }
                        guard checkSQLFragment(expression, check.value, itemPath + ".check", what: "the check") else { continue }
                        draft.columnExpressions.append((expression, check.value, itemPath + ".check"))
                        var name = "\(tableName)_check\(offset == 0 ? "" : "\(offset)")"
                        if let nameEntry = parts["name"], let text = reader.string(nameEntry.value, itemPath + ".name") {
                            guard checkIdentifier(text, nameEntry.value, itemPath + ".name") else { continue }
                            name = text
                        }
                        draft.table.checks.append(CheckConstraint(name: name, expression: expression))
                        draft.checkNodes.append(parts["name"]?.value ?? item)
                    }
                }
            }
        }
        if let value = fields["indexes"] {
            for (offset, item) in (reader.list(value.value, path + ".indexes") ?? []).enumerated() {
                let itemPath = "\(path).indexes[\(offset)]"
                var columnsNode = item
                var parts: [Entry] = []
                if case .mapping = item.kind {
                    parts = reader.mapping(item, itemPath, allowed: ["columns", "name", "unique", "using", "where"]) ?? []
                    guard let columns = parts["columns"] else { reader.report(.missingKey("columns"), item, itemPath); continue }
                    columnsNode = columns.value
                }
                var indexParts: [IndexPart] = []
                for (text, node) in reader.stringList(columnsNode, itemPath + ".columns") ?? [] {
                    guard let part = indexPart(text, in: draft, node, itemPath) else { continue }
                    indexParts.append(part)
                }
                if indexParts.isEmpty { continue }
                let indexColumns = indexParts.compactMap(\.column)
                let derived = settings.constraintNames.index(table: tableName, columns: indexColumns, unique: false)
                var index = Index(name: derived, parts: indexParts, unique: false, method: "btree", predicate: nil)
                if let name = parts["name"], let text = reader.string(name.value, itemPath + ".name") {
                    guard checkIdentifier(text, name.value, itemPath + ".name") else { continue }
                    index.name = text
                }
                if let unique = parts["unique"] { index.unique = reader.bool(unique.value, itemPath + ".unique") ?? false }
                if let using = parts["using"], let text = reader.string(using.value, itemPath + ".using") { index.method = text }
                if let predicate = parts["where"], let text = reader.string(predicate.value, itemPath + ".where"),
                   checkSQLFragment(text, predicate.value, itemPath + ".where", what: "the index predicate") {
                    index.predicate = text
                }
                if index.unique && parts["name"] == nil {
                    index.name = settings.constraintNames.index(table: tableName, columns: indexColumns, unique: true)
                }
                draft.pendingIndexes.append((index, parts["name"]?.value ?? item))
            }
        }
        if let value = fields["foreign_keys"] {
            for (offset, item) in (reader.list(value.value, path + ".foreign_keys") ?? []).enumerated() {
                let itemPath = "\(path).foreign_keys[\(offset)]"
                let allowed = ["name", "columns", "references", "on_delete", "on_update", "relation", "inverse"]
                guard let parts = reader.mapping(item, itemPath, allowed: allowed) else { continue }
                guard let columnsNode = parts["columns"], let targetNode = parts["references"] else {
                    reader.report(.missingKey(parts["columns"] == nil ? "columns" : "references"), item, itemPath)
                    continue
                }
                let columns = (reader.stringList(columnsNode.value, itemPath + ".columns") ?? [])
                    .filter { requireColumn($0.0, in: draft, $0.1, itemPath) }.map(\.0)
                guard let target = reader.string(targetNode.value, itemPath + ".references"), !columns.isEmpty else { continue }
                var pending = PendingForeignKey(name: nil, columns: columns, target: target, targetColumns: nil,
                                                onDelete: .noAction, onUpdate: .noAction, relation: nil, inverse: nil,
                                                noInverse: false, node: targetNode.value, path: itemPath + ".references")
                if let name = parts["name"], let text = reader.string(name.value, itemPath + ".name") {
                    guard checkIdentifier(text, name.value, itemPath + ".name") else { continue }
                    pending.name = text
                }
                readActions(parts, path: itemPath, into: &pending)
                draft.pendingForeignKeys.append(pending)
            }
        }
    }

    /// `created_at`, `created_at desc`, `tags jsonb_path_ops`, or an expression in parentheses, with its operator
    /// class and direction after it: `(lower(email))`, `(coalesce(closed_at, 'infinity')) desc`,
    /// `(lower(name)) text_pattern_ops`.
    mutating func indexPart(_ text: String, in draft: TableDraft, _ node: YAMLNode, _ path: String) -> IndexPart? {
        let trimmed = text.trimmingWhitespace()
        if trimmed.hasPrefix("("), let end = Validator.closingParenthesis(trimmed) {
            let expression = String(trimmed[...end])
            var words = trimmed[trimmed.index(after: end)...].split(separator: " ").map(String.init)
            var descending = false
            if let last = words.last?.lowercased(), last == "desc" || last == "asc" {
                descending = last == "desc"
                words.removeLast()
            }
            if words.count <= 1 {
                return IndexPart(column: nil, expression: expression, descending: descending, opclass: words.first)
            }
        }
        var words = trimmed.split(separator: " ").map(String.init)
        var descending = false
        if let last = words.last?.lowercased(), last == "desc" || last == "asc", words.count > 1 {
            descending = last == "desc"
            words.removeLast()
        }
        var opclass: String?
        if draft.table.column(words.joined(separator: " ")) == nil, words.count == 2 {
            opclass = words[1]
            words.removeLast()
        }
        let column = words.joined(separator: " ")
        guard requireColumn(column, in: draft, node, path) else { return nil }
        return IndexPart(column: column, expression: nil, descending: descending, opclass: opclass)
    }
}

extension Validator {
    /// `{ type: numeric(10,2), ... }`: inside a flow mapping YAML ends the value at the comma, so `type` holds
    /// `numeric(10` and `2)` becomes a key with no value. Returns the type as written and the node of its first part,
    /// so that one error says what happened instead of one for the parentheses and one for the stray key.
    static func typeSplitAtComma(_ pairs: [(key: YAMLNode, value: YAMLNode)]) -> (String, YAMLNode)? {
        guard let index = pairs.firstIndex(where: { $0.key.scalar == "type" }),
              case .scalar(var text, true) = pairs[index].value.kind else { return nil }
        func depth(_ text: String) -> Int { text.filter { $0 == "(" }.count - text.filter { $0 == ")" }.count }
        guard depth(text) > 0 else { return nil }
        var next = index + 1
        while next < pairs.count, depth(text) > 0 {
            guard case .scalar(let key, true) = pairs[next].key.kind, pairs[next].value.isNull, !key.contains(":") else { return nil }
            text += "," + key
            next += 1
        }
        return depth(text) == 0 ? (text, pairs[index].value) : nil
    }
}

extension Validator {
    /// The index of the parenthesis that closes the one `text` starts with, skipping string literals and quoted names.
    static func closingParenthesis(_ text: String) -> String.Index? {
        var depth = 0
        var quote: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
            } else {
                switch character {
                case "'", "\"": quote = character
                case "(": depth += 1
                case ")":
                    depth -= 1
                    if depth == 0 { return index }
                default: break
                }
            }
            index = text.index(after: index)
        }
        return nil
    }
}

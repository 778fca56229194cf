/// Reading `views`: their SQL, declared row shape and dependencies, ordered so each view follows what it reads.
extension Validator {
    /// A view while it is being validated, with the nodes diagnostics point at.
    struct ViewDraft {
        var view: View
        var node: YAMLNode
        var path: String
        /// `depends_on:` as written, resolved once every table and view is known.
        var dependsOn: [(String, YAMLNode)] = []
    }

    static let viewKeys = ["sql", "columns", "materialized", "comment", "depends_on", "security_invoker", "with_data", "names", "silence"]

    mutating func readViews(_ node: YAMLNode) {
        guard let entries = reader.mapping(node, "views") else { return }
        for entry in entries {
            let path = "views.\(entry.key)"
            guard let name = qualifiedName(entry.key, entry.keyNode, path, needsWord: false),
                  let fields = reader.mapping(entry.value, path, allowed: Validator.viewKeys) else { continue }
            readSilence(fields, path: path)
            var sql = ""
            if let item = fields["sql"] {
                if let text = reader.string(item.value, path + ".sql") {
                    // The statement's end is the generator's: trailing whitespace and semicolons are dropped.
                    var trimmed = Substring(text)
                    while let last = trimmed.last, last.isWhitespace || last == ";" { trimmed = trimmed.dropLast() }
                    sql = String(trimmed)
                    if sql.trimmingWhitespaceAndNewlines().isEmpty {
                        reader.report(.invalidValue("a view's sql cannot be empty"), item.value, path + ".sql")
                    } else {
                        _ = checkSQLFragment(sql, item.value, path + ".sql", what: "the view's sql", kind: .query)
                    }
                }
            } else {
                reader.report(.missingKey("sql"), entry.value, path)
            }
            var columns: [Column] = []
            if let item = fields["columns"] {
                if let columnEntries = reader.mapping(item.value, path + ".columns") {
                    if columnEntries.isEmpty { reader.report(.emptyList("a view's columns"), item.value, path + ".columns") }
                    var seen: [String: SourceLocation] = [:]
                    for column in columnEntries {
                        let columnPath = "\(path).columns.\(column.key)"
                        guard checkIdentifier(column.key, column.keyNode, columnPath) else { continue }
                        if let first = seen[column.key] {
                            reader.report(.duplicateName("column", column.key, first: first), column.keyNode, columnPath)
                            continue
                        }
                        seen[column.key] = column.keyNode.location
                        if let read = viewColumn(column, path: columnPath) { columns.append(read) }
                    }
                }
            } else {
                reader.report(.missingKey("columns"), entry.value, path)
            }
            var materialized = false
            if let item = fields["materialized"], let flag = reader.bool(item.value, path + ".materialized") { materialized = flag }
            var securityInvoker = false
            if let item = fields["security_invoker"], let flag = reader.bool(item.value, path + ".security_invoker") {
                if materialized {
                    reader.report(.invalidValue("security_invoker applies to views, not materialized views",
                                                hint: "a materialized view is read with its owner's privileges when refreshed"),
                                  item.keyNode, path + ".security_invoker")
                }
                securityInvoker = flag
            }
            var withData = true
            if let item = fields["with_data"], let flag = reader.bool(item.value, path + ".with_data") {
                if !materialized {
                    reader.report(.invalidValue("with_data applies to materialized views only"), item.keyNode, path + ".with_data")
                }
                withData = flag
            }
            let comment = fields["comment"].flatMap { reader.string($0.value, path + ".comment") }
            var overrides: [String: String] = [:]
            if let names = fields["names"] { overrides = readNameOverrides(names.value, path + ".names", keys: ["type", "ts", "swift", "python"]) }
            var draft = ViewDraft(
                view: View(name: name, sql: sql, materialized: materialized, columns: columns, comment: comment, dependsOn: [],
                           securityInvoker: securityInvoker, withData: withData,
                           names: targetNames(Validator.codeSpelling(name.name, wordless: "unnamed_view"),
                                              type: naming.typeName(forTable: Validator.codeSpelling(name.name, wordless: "unnamed_view")),
                                              overrides: overrides)),
                node: entry.keyNode, path: path)
            if let item = fields["depends_on"] { draft.dependsOn = reader.stringList(item.value, path + ".depends_on") ?? [] }
            if viewDrafts.contains(where: { $0.view.name == name }) {
                reader.report(.duplicateName("view", name.description), entry.keyNode, path)
                continue
            }
            viewDrafts.append(draft)
        }
    }

    /// A column of a view's row: `name: type` or `name: { type, comment, names }`.
    mutating func viewColumn(_ entry: Entry, path: String) -> Column? {
        var typeNode = entry.value
        var comment: String?
        var overrides: [String: String] = [:]
        if case .mapping = entry.value.kind {
            guard let fields = reader.mapping(entry.value, path, allowed: ["type", "comment", "names"]) else { return nil }
            guard let type = fields["type"] else {
                reader.report(.missingKey("type"), entry.value, path)
                return nil
            }
            typeNode = type.value
            comment = fields["comment"].flatMap { reader.string($0.value, path + ".comment") }
            if let names = fields["names"] { overrides = readNameOverrides(names.value, path + ".names", keys: ["ts", "swift", "python"]) }
        }
        guard let text = reader.string(typeNode, path, what: "a type") else { return nil }
        let parsed: TypeSyntax.Parsed
        switch TypeSyntax.parse(text) {
        case .success(let value): parsed = value
        case .failure(.empty):
            reader.report(.unknownType(text, candidates: TypeSyntax.builtinNames), typeNode, path)
            return nil
        case .failure(.arguments(_, let why)), .failure(.syntax(let why)):
            reader.report(.invalidTypeArguments(text, why), typeNode, path)
            return nil
        }
        guard var base = resolveBase(parsed.base, typeNode, path) else { return nil }
        // A view's column has the type of what it selects: serial is only a way of creating a column.
        switch base {
        case .smallserial: base = .smallint
        case .serial: base = .integer
        case .bigserial: base = .bigint
        default: break
        }
        var column = Column(name: entry.key, type: parsed.isArray ? .array(base) : base, nullable: parsed.nullable, defaultValue: nil,
                            identity: nil, comment: comment, names: targetNames(entry.key, overrides: overrides))
        column.documentation = comment
        return column
    }

    /// Resolves `depends_on:`, finds the views a view's SQL names, and orders the views: each after the views it
    /// reads, otherwise in declaration order; a cycle is an error.
    mutating func resolveViews() {
        var viewIndex: [QualifiedName: Int] = [:]
        for (offset, draft) in viewDrafts.enumerated() { viewIndex[draft.view.name] = offset }
        var edges: [[Int]] = Array(repeating: [], count: viewDrafts.count)
        for d in viewDrafts.indices {
            var depends: [QualifiedName] = []
            for (text, node) in viewDrafts[d].dependsOn {
                guard let name = enumReference(text), draftIndex[name] != nil || viewIndex[name] != nil else {
                    let known = drafts.map { $0.table.name } + viewDrafts.map(\.view.name)
                    reader.report(.unknownRelation(text, candidates: known.map { $0.schema == "public" ? $0.name : $0.description }),
                                  node, viewDrafts[d].path + ".depends_on")
                    continue
                }
                if !depends.contains(name) { depends.append(name) }
            }
            for name in Validator.relationsNamed(in: viewDrafts[d].view.sql) where viewIndex[name] != nil || draftIndex[name] != nil {
                if !depends.contains(name) && name != viewDrafts[d].view.name { depends.append(name) }
            }
            viewDrafts[d].view.dependsOn = depends
            edges[d] = depends.compactMap { viewIndex[$0] }
        }
        // Kahn's algorithm, always taking the earliest declared view whose dependencies are all placed.
        var placed = Array(repeating: false, count: viewDrafts.count)
        var order: [Int] = []
        while order.count < viewDrafts.count {
            guard let next = viewDrafts.indices.first(where: { !placed[$0] && edges[$0].allSatisfy { placed[$0] } }) else {
                let remaining = viewDrafts.indices.filter { !placed[$0] }
                let first = remaining[0]
                reader.report(.viewCycle(remaining.map { viewDrafts[$0].view.name.description }), viewDrafts[first].node, viewDrafts[first].path)
                return
            }
            placed[next] = true
            order.append(next)
        }
        views = order.map { viewDrafts[$0].view }
    }

    /// The relations an SQL text names: `schema.name` pairs, and bare names (in `public`), as the lexer reads them.
    static func relationsNamed(in sql: String) -> [QualifiedName] {
        let tokens = SQLLexer.tokenize(sql)
        var result: [QualifiedName] = []
        var index = 0
        func name(_ token: SQLLexer.Token) -> String? {
            switch token.kind {
            case .word: return token.text.lowercased()
            case .quoted: return token.text
            default: return nil
            }
        }
        while index < tokens.count {
            guard let first = name(tokens[index]) else { index += 1; continue }
            if index + 2 < tokens.count, tokens[index + 1].kind == .symbol, tokens[index + 1].text == ".",
               let second = name(tokens[index + 2]) {
                result.append(QualifiedName(schema: first, name: second))
                index += 3
            } else {
                result.append(QualifiedName(schema: "public", name: first))
                index += 1
            }
        }
        return result
    }
}

import Foundation

/// Reading `types:` (declared types with their mapping per target) and `domains:`, and resolving type names.
extension Validator {
    static let declaredTypeKeys = ["sql", "ts", "python", "python_import", "swift", "comment"]
    static let domainKeys = ["type", "nullable", "default", "default_sql", "checks", "comment", "renamed_from"]

    mutating func readDeclaredTypes(_ node: YAMLNode) {
        guard let entries = reader.mapping(node, "types") else { return }
        for entry in entries {
            let path = "types.\(entry.key)"
            guard checkIdentifier(entry.key, entry.keyNode, path) else { continue }
            if entry.key.contains(".") {
                reader.report(.invalidIdentifier(entry.key, "a declared type's name has no schema; put it in 'sql'"), entry.keyNode, path)
                continue
            }
            guard let fields = reader.mapping(entry.value, path, allowed: Validator.declaredTypeKeys) else { continue }
            var ok = true
            func text(_ key: String, pattern: String, what: String) -> String? {
                guard let field = fields[key] else {
                    reader.report(.missingKey(key), entry.value, path)
                    ok = false
                    return nil
                }
                guard let value = reader.string(field.value, "\(path).\(key)") else { ok = false; return nil }
                let trimmed = value.trimmingWhitespace()
                if trimmed.range(of: pattern, options: .regularExpression) == nil || !Validator.bracketsBalance(trimmed) {
                    reader.report(.invalidDeclaredType(key, value, what), field.value, "\(path).\(key)")
                    ok = false
                    return nil
                }
                return trimmed
            }
            var sql = entry.key
            if fields["sql"] != nil {
                sql = text("sql", pattern: Validator.sqlTypePattern,
                           what: "a type name, optionally schema-qualified, with optional modifiers: ltree, public.ltree, geometry(Point,4326)") ?? sql
            } else if entry.key.range(of: Validator.sqlTypePattern, options: .regularExpression) == nil {
                reader.report(.invalidDeclaredType("sql", entry.key, "the name is not a SQL type name; give 'sql:'"), entry.keyNode, path)
                ok = false
            }
            let ts = text("ts", pattern: #"^[A-Za-z0-9_$.<>\[\], |]+$"#,
                          what: "a TypeScript type made of names, <>, [] and | (string, number[], Record<string, number>)")
            let python = text("python", pattern: #"^[A-Za-z0-9_.\[\], |]+$"#,
                              what: "a Python type made of names, [] and | (str, decimal.Decimal, list[int] | None)")
            let swift = text("swift", pattern: #"^[A-Za-z0-9_.\[\]<>:, ?]+$"#,
                             what: "a Swift type made of names, [], <>, : and ? (String, [Double], [String: Int])")
            var imports: [String] = []
            if let field = fields["python_import"] {
                for (module, moduleNode) in reader.stringList(field.value, path + ".python_import") ?? [] {
                    if module.range(of: #"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$"#, options: .regularExpression) == nil {
                        reader.report(.invalidDeclaredType("python_import", module, "a module name such as decimal or my_package.types"),
                                      moduleNode, path + ".python_import")
                        ok = false
                    } else if !imports.contains(module) {
                        imports.append(module)
                    }
                }
            }
            let comment = fields["comment"].flatMap { reader.string($0.value, path + ".comment") }
            if declaredIndex[entry.key] != nil {
                reader.report(.duplicateName("declared type", entry.key), entry.keyNode, path)
                continue
            }
            guard ok, let ts, let python, let swift else { continue }
            declaredIndex[entry.key] = declaredTypes.count
            declaredTypes.append(DeclaredType(name: entry.key, sql: sql, ts: ts, python: python, pythonImports: imports, swift: swift,
                                             comment: comment))
            declaredNodes.append(entry.keyNode)
        }
    }

    /// `name`, `schema.name`, with optional modifiers of words, numbers and commas: nothing a statement could hide in.
    static let sqlTypePattern = #"^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?( ?\([A-Za-z0-9_, ]*\))?$"#

    static func bracketsBalance(_ text: String) -> Bool {
        var stack: [Character] = []
        let pairs: [Character: Character] = [")": "(", "]": "[", ">": "<"]
        for character in text {
            if "([<".contains(character) { stack.append(character) } else if let open = pairs[character] {
                guard stack.popLast() == open else { return false }
            }
        }
        return stack.isEmpty
    }

    mutating func readDomains(_ node: YAMLNode) {
        guard let entries = reader.mapping(node, "domains") else { return }
        for entry in entries {
            let path = "domains.\(entry.key)"
            // A domain gets no name in the code (its columns have its base type's), so any name PostgreSQL holds will
            // do: PostgREST's media-type domains are named `"*/*"` and `"application/vnd.pgrst.object"`.
            guard let name = qualifiedName(entry.key, entry.keyNode, path, needsWord: false) else { continue }
            var fields: [Entry] = []
            if case .scalar = entry.value.kind {
                // `email: text` is a domain with nothing but a base type.
                fields = [Entry(key: "type", keyNode: entry.value, value: entry.value)]
            } else {
                guard let read = reader.mapping(entry.value, path, allowed: Validator.domainKeys) else { continue }
                fields = read
                readObjectRename(fields, kind: .domain, name: name, path: path)
            }
            guard let typeField = fields["type"] else {
                reader.report(.missingKey("type"), entry.value, path)
                continue
            }
            guard let raw = reader.string(typeField.value, path + ".type") else { continue }
            var base: ColumnType?
            switch TypeSyntax.parse(raw) {
            case .failure(let failure):
                reportTypeFailure(failure, raw: raw, typeField.value, path + ".type")
            case .success(let parsed):
                if parsed.nullable {
                    reader.report(.invalidValue("a domain's type has no '?': write 'nullable: false' to forbid NULL"), typeField.value, path + ".type")
                } else if let element = resolveBase(parsed.base, typeField.value, path + ".type") {
                    if element.isSerial {
                        reader.report(.invalidTypeArguments(raw, "a domain cannot be over a serial type"), typeField.value, path + ".type")
                    } else {
                        base = parsed.isArray ? .array(element) : element
                    }
                }
            }
            var nullable = true
            if let field = fields["nullable"], let flag = reader.bool(field.value, path + ".nullable") { nullable = flag }
            let comment = fields["comment"].flatMap { reader.string($0.value, path + ".comment") }
            var checks: [CheckConstraint] = []
            if let field = fields["checks"] {
                if case .mapping = field.value.kind {
                    for check in reader.mapping(field.value, path + ".checks") ?? [] {
                        if let expression = reader.string(check.value, "\(path).checks.\(check.key)"),
                           checkIdentifier(check.key, check.keyNode, path + ".checks"),
                           checkSQLFragment(expression, check.value, "\(path).checks.\(check.key)", what: "the domain check") {
                            checks.append(CheckConstraint(name: check.key, expression: expression))
                        }
                    }
                } else {
                    for (offset, (expression, node)) in (reader.stringList(field.value, path + ".checks") ?? []).enumerated() {
                        guard checkSQLFragment(expression, node, "\(path).checks[\(offset)]", what: "the domain check") else { continue }
                        checks.append(CheckConstraint(name: "\(name.name)_check\(offset == 0 ? "" : "\(offset)")", expression: expression))
                    }
                }
                var seen = Set<String>()
                for check in checks where !seen.insert(check.name).inserted {
                    reader.report(.duplicateName("check of domain \(name.name)", check.name), field.value, path + ".checks")
                }
            }
            var defaultValue: ColumnDefault?
            if fields["default"] != nil && fields["default_sql"] != nil {
                reader.report(.conflictingKeys("default", "default_sql"), entry.value, path)
            } else if let field = fields["default_sql"] {
                if let text = reader.string(field.value, path + ".default_sql"), !text.trimmingWhitespace().isEmpty {
                    defaultValue = .sql(text)
                } else {
                    reader.report(.invalidValue("default_sql cannot be empty"), field.value, path + ".default_sql")
                }
            } else if let field = fields["default"], let base {
                defaultValue = columnDefault(field.value, type: base, path: path + ".default")
            }
            if domainIndex[name] != nil {
                reader.report(.duplicateName("domain", name.description), entry.keyNode, path)
                continue
            }
            if enumIndex[name] != nil {
                reader.report(.typeNameTaken("domain", name.description, by: "an enum"), entry.keyNode, path)
                continue
            }
            guard let base else { continue }
            domainIndex[name] = domains.count
            domains.append(Domain(name: name, base: base, nullable: nullable, defaultValue: defaultValue, checks: checks, comment: comment))
            domainNodes.append(entry.keyNode)
        }
    }

    /// Reports a type that does not parse.
    mutating func reportTypeFailure(_ failure: TypeSyntax.Failure, raw: String, _ node: YAMLNode, _ path: String) {
        switch failure {
        case .empty: reader.report(.invalidValue("the type is empty"), node, path)
        case .arguments(let type, let why): reader.report(.invalidTypeArguments(type, why), node, path)
        case .syntax(let why): reader.report(.invalidTypeArguments(raw, why), node, path)
        }
    }

    /// The type a parsed base names: a built-in, a domain, a declared type or an enum; nil (with an error) when unknown.
    mutating func resolveBase(_ base: TypeSyntax.Base, _ node: YAMLNode, _ path: String) -> ColumnType? {
        switch base {
        case .builtin(let type): return type
        case .named(let text):
            if let qualified = enumReference(text) {
                if let index = domainIndex[qualified] { return .domain(qualified, base: domains[index].base) }
                if let index = declaredIndex[text] { return .declared(declaredTypes[index]) }
                if enumIndex[qualified] != nil { return .enumeration(qualified) }
            }
            reader.report(.unknownType(text, candidates: typeCandidates), node, path)
            return nil
        }
    }

    /// Every type name a column may use, for did-you-mean.
    var typeCandidates: [String] {
        TypeSyntax.builtinNames + TypeSyntax.aliasNames
            + enums.map { $0.name.schema == "public" ? $0.name.name : $0.name.description }
            + declaredTypes.map(\.name)
            + domains.map { $0.name.schema == "public" ? $0.name.name : $0.name.description }
    }

    /// Declared types and domains whose names are taken by a built-in type, an enum, a domain or a table.
    mutating func checkTypeNames() {
        let builtins = Set(TypeSyntax.builtinNames + TypeSyntax.aliasNames)
        for (type, node) in zip(declaredTypes, declaredNodes) {
            let path = "types.\(type.name)"
            let asPublic = QualifiedName(schema: "public", name: type.name)
            if builtins.contains(type.name.lowercased()) {
                reader.report(.typeNameTaken("declared type", type.name, by: "a built-in type"), node, path)
            } else if enumIndex[asPublic] != nil {
                reader.report(.typeNameTaken("declared type", type.name, by: "an enum"), node, path)
            } else if domainIndex[asPublic] != nil {
                reader.report(.typeNameTaken("declared type", type.name, by: "a domain"), node, path)
            } else if draftIndex[asPublic] != nil {
                reader.report(.typeNameTaken("declared type", type.name, by: "a table"), node, path)
            }
        }
        for (domain, node) in zip(domains, domainNodes) {
            let path = "domains.\(domain.name.name)"
            // Written `"uuid"` or `public.uuid`, the domain is told apart from the built-in type by its spelling.
            var written = domain.name.name
            if case .scalar(let text, _) = node.kind { written = text }
            let qualified = written.contains(".") || written.hasPrefix("\"")
            if domain.name.schema == "public" && !qualified && builtins.contains(domain.name.name.lowercased()) {
                reader.report(.typeNameTaken("domain", domain.name.description, by: "a built-in type"), node, path)
            } else if draftIndex[domain.name] != nil {
                reader.report(.typeNameTaken("domain", domain.name.description, by: "a table"), node, path)
            }
        }
    }
}

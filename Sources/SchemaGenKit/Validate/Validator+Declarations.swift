/// Reading `settings`, `enums`, `shapes`, `mixins` and `sql`.
extension Validator {
    mutating func readSettings(_ node: YAMLNode) {
        let allowed = ["outputs", "acronyms", "exposed_schemas", "schemas", "shadow_database", "drizzle", "templates", "roles", "constraint_names", "migrations", "silence"]
        guard let entries = reader.mapping(node, "settings", allowed: allowed) else { return }
        var outputs: [String: OutputSetting?] = [:]
        var customOrder: [OutputSetting] = []
        for entry in entries {
            let path = "settings.\(entry.key)"
            switch entry.key {
            case "acronyms":
                if let list = reader.stringList(entry.value, path) {
                    settings.acronyms = Validator.defaultAcronyms + list.map(\.0).filter { !Validator.defaultAcronyms.contains($0) }
                    naming = Naming(acronyms: settings.acronyms)
                    columnNames = [:]
                }
            case "exposed_schemas":
                if let list = reader.stringList(entry.value, path) { settings.exposedSchemas = list.map(\.0) }
            case "schemas":
                if let list = reader.stringList(entry.value, path) { settings.schemas = list.map(\.0) }
            case "shadow_database":
                guard let url = reader.string(entry.value, path) else { continue }
                if PostgresConnection.carriesPassword(url) {
                    // schema.yaml is committed: a password in it is a leaked password.
                    reader.report(.invalidValue("shadow_database carries a password, and schema.yaml is committed",
                                                hint: "give the URL without it; the password goes in PGPASSWORD or ~/.pgpass"), entry.value, path)
                } else {
                    settings.shadowDatabase = url
                }
            case "roles":
                if let list = reader.stringList(entry.value, path) { roles += list.map(\.0) }
            case "templates":
                if let directory = reader.string(entry.value, path),
                   checkProjectPath(directory, entry.value, path, kind: "templates directory", isDirectory: true) {
                    settings.templatesDirectory = directory
                }
            case "constraint_names":
                guard let text = reader.string(entry.value, path) else { continue }
                let conventions = ConstraintNaming.allCases.map(\.rawValue)
                if let convention = ConstraintNaming(rawValue: text) {
                    settings.constraintNames = convention
                } else {
                    reader.report(.invalidValue("constraint_names must be 'postgres' or 'drizzle'",
                                                hint: Suggest.hint(for: text, in: conventions)), entry.value, path)
                }
            case "migrations":
                readMigrationSettings(entry.value, path: path)
            case "silence":
                silencedEverywhere = readSilenceCodes(entry.value, path: path)
            case "drizzle":
                guard let options = reader.mapping(entry.value, path, allowed: ["policies"]) else { continue }
                if let value = options["policies"], let flag = reader.bool(value.value, path + ".policies") {
                    settings.drizzlePolicies = flag
                }
            case "outputs":
                guard let items = reader.mapping(entry.value, path) else { continue }
                for item in items {
                    let itemPath = "\(path).\(item.key)"
                    if Validator.builtinTargets.contains(item.key) {
                        if case .scalar(let text, true) = item.value.kind, text == "false" {
                            outputs[item.key] = .some(nil)
                        } else if case .scalar(let text, true) = item.value.kind, text == "true" {
                            // `true` is the opposite of `false`: the output, at its default path.
                            outputs[item.key] = OutputSetting(target: item.key, path: Validator.defaultPaths[item.key] ?? item.key,
                                                              template: nil, location: item.keyNode.location)
                        } else if let file = reader.string(item.value, itemPath, what: "a path, true or false") {
                            if checkOutputPath(file, item.value, itemPath) {
                                outputs[item.key] = OutputSetting(target: item.key, path: file, template: nil, location: item.keyNode.location)
                            }
                        }
                    } else {
                        guard let fields = reader.mapping(item.value, itemPath, allowed: ["template", "path"]) else {
                            reader.report(.unknownKey(item.key, allowed: Validator.builtinTargets), item.keyNode, path)
                            continue
                        }
                        guard let template = fields["template"], let file = fields["path"] else {
                            reader.report(.missingKey(fields["template"] == nil ? "template" : "path"), item.value, itemPath)
                            continue
                        }
                        if let templatePath = reader.string(template.value, itemPath + ".template"),
                           checkProjectPath(templatePath, template.value, itemPath + ".template", kind: "template path"),
                           let outPath = reader.string(file.value, itemPath + ".path"),
                           checkOutputPath(outPath, file.value, itemPath + ".path") {
                            customOrder.append(OutputSetting(target: item.key, path: outPath, template: templatePath,
                                                              location: item.keyNode.location))
                        }
                    }
                }
            default: break
            }
        }
        settings.outputs = Validator.builtinTargets.compactMap { target -> OutputSetting? in
            if let configured = outputs[target] { return configured }
            if Validator.optInTargets.contains(target) { return nil }
            return OutputSetting(target: target, path: Validator.defaultPaths[target] ?? target, template: nil)
        } + customOrder
        checkDistinctOutputPaths()
    }

    /// Two outputs written to one file would overwrite each other; the later one (in the order written) is reported.
    mutating func checkDistinctOutputPaths() {
        var first: [String: OutputSetting] = [:]
        for output in settings.outputs {
            // `a/./b` and `a//b` are the file `a/b`.
            let key = output.path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
            guard let earlier = first[key] else {
                first[key] = output
                continue
            }
            // An output left at its default path has no place in the file; the one that was written has.
            let (reported, other) = output.location == nil ? (earlier, output) : (output, earlier)
            guard let location = reported.location else { continue }
            reader.report(.duplicateOutputPath(output.path, reported.target, other: other.target),
                          at: location, "settings.outputs.\(reported.target)")
        }
    }

    mutating func checkOutputPath(_ path: String, _ node: YAMLNode, _ where: String) -> Bool {
        checkProjectPath(path, node, `where`, kind: "output path")
    }

    /// Paths read or written on the schema's behalf (outputs, templates, migrations) stay inside the project: the
    /// schema file's directory. This is the lexical half; symlinks are resolved where the file is opened
    /// (`ProjectDirectory`).
    mutating func checkProjectPath(_ path: String, _ node: YAMLNode, _ where: String, kind: String, isDirectory: Bool = false) -> Bool {
        if path.isEmpty || path.hasPrefix("/") || path.hasPrefix("~") || path.split(separator: "/").contains("..")
            || (!isDirectory && path.hasSuffix("/")) {
            reader.report(.pathOutsideProject(kind, path, directory: isDirectory), node, `where`)
            return false
        }
        return true
    }

    mutating func readEnums(_ node: YAMLNode) {
        guard let entries = reader.mapping(node, "enums") else { return }
        for entry in entries {
            let path = "enums.\(entry.key)"
            guard let name = qualifiedName(entry.key, entry.keyNode, path, needsWord: false) else { continue }
            var comment: String?
            var documentation: String?
            var valueNodes: [(String, YAMLNode)] = []
            var overrides: [String: String] = [:]
            var valueOverrides: [String: [String: String]] = [:]
            var valueOverrideNodes: [(String, YAMLNode)] = []
            if case .sequence = entry.value.kind {
                valueNodes = readEnumValues(entry.value, path: path, enumName: name)
            } else if let fields = reader.mapping(entry.value, path, allowed: ["values", "comment", "doc", "names", "value_names", "renamed_from"]) {
                readObjectRename(fields, kind: .enumType, name: name, path: path)
                if let values = fields["values"] {
                    valueNodes = readEnumValues(values.value, path: path + ".values", enumName: name)
                } else {
                    reader.report(.missingKey("values"), entry.value, path)
                }
                comment = fields["comment"].flatMap { reader.string($0.value, path + ".comment") }
                documentation = readDocumentation(fields, path: path, comment: comment)
                if let names = fields["names"] { overrides = readNameOverrides(names.value, path + ".names", keys: ["type", "ts"]) }
                if let valueNames = fields["value_names"], let labels = reader.mapping(valueNames.value, path + ".value_names") {
                    for label in labels {
                        valueOverrides[label.key] = readNameOverrides(label.value, "\(path).value_names.\(label.key)",
                                                                      keys: ["ts", "swift", "python"])
                        valueOverrideNodes.append((label.key, label.keyNode))
                    }
                }
            } else { continue }
            if valueNodes.isEmpty { reader.report(.emptyList("an enum's values"), entry.value, path) }
            var seen = Set<String>()
            for (value, valueNode) in valueNodes {
                if value.utf8.count > 63 || value.contains("\u{0}") {
                    reader.report(.invalidValue("enum value '\(value)' must be at most 63 bytes long, without NUL"), valueNode, path)
                }
                if !seen.insert(value).inserted { reader.report(.duplicateName("enum value", value), valueNode, path) }
            }
            if enumIndex[name] != nil {
                reader.report(.duplicateName("enum", name.description), entry.keyNode, path)
                continue
            }
            let values = valueNodes.map(\.0)
            for (label, node) in valueOverrideNodes where !values.contains(label) {
                reader.report(.invalidValue("'\(label)' is not a value of enum \(name)", hint: Suggest.hint(for: label, in: values)),
                              node, path + ".value_names")
            }
            // Distinct labels can share a member name (`a-b`, `A B`); an enum cannot, so the later one is numbered
            // unless `value_names` names it, and the numbering is reported.
            var pythonMembers: [String: String] = [:]
            var swiftMembers: [String: String] = [:]
            for (value, valueNode) in valueNodes {
                let node = valueOverrideNodes.first { $0.0 == value }?.1 ?? valueNode
                for (target, key) in [("python", "Python"), ("swift", "Swift")] {
                    guard let member = valueOverrides[value]?[target] else { continue }
                    if target == "python" ? pythonMembers[member] != nil : swiftMembers[member] != nil {
                        reader.report(.duplicateName("\(key) enum member", member), node, path + ".value_names")
                    }
                    if target == "python" { pythonMembers[member] = value } else { swiftMembers[member] = value }
                }
            }
            let valueNames = valueNodes.map { value, node -> TargetNames in
                var names = targetNames(value, overrides: valueOverrides[value] ?? [:])
                if names.ts.isEmpty { names = TargetNames(type: "Empty", ts: "empty", swift: "empty", python: "EMPTY") }
                if valueOverrides[value]?["python"] == nil {
                    let member = Validator.pythonEnumMember(value)
                    var candidate = member
                    var suffix = 2
                    while let other = pythonMembers[candidate] {
                        if suffix == 2 { reader.report(.enumValueNamesCollide(name.description, other, value, target: "Python", name: member), node, path) }
                        candidate = "\(member)_\(suffix)"
                        suffix += 1
                    }
                    pythonMembers[candidate] = value
                    names.python = candidate
                }
                if valueOverrides[value]?["swift"] == nil {
                    if let other = swiftMembers[names.swift] {
                        reader.report(.enumValueNamesCollide(name.description, other, value, target: "Swift", name: names.swift), node, path)
                    } else {
                        swiftMembers[names.swift] = value
                    }
                }
                return names
            }
            enumIndex[name] = enums.count
            enums.append(EnumType(name: name, values: values, comment: comment,
                                  names: targetNames(Validator.codeSpelling(name.name, wordless: "unnamed_enum"), overrides: overrides),
                                  valueNames: valueNames))
            enums[enums.count - 1].documentation = documentation
            enumNodes.append(entry.keyNode)
        }
    }

    /// `in progress` → `IN_PROGRESS`, the Python convention for enum members.
    static func pythonEnumMember(_ value: String) -> String {
        var name = Naming.pythonIdentifierText(Naming.words(value).joined(separator: "_").uppercased())
        if name.isEmpty || name.first?.isNumber == true { name = "V_" + name }
        if name.hasPrefix("_") || TargetKeywords.python.contains(name) || name == "MRO" { name = "V" + name }
        return name
    }

    /// The code's documentation: `doc:` (text, or `false` for none), else the database comment.
    mutating func readDocumentation(_ fields: [Entry], path: String, comment: String?) -> String? {
        guard let entry = fields["doc"] else { return comment }
        if case .scalar(let text, true) = entry.value.kind, text == "false" { return nil }
        return reader.string(entry.value, path + ".doc")
    }

    mutating func readNameOverrides(_ node: YAMLNode, _ path: String, keys: [String]) -> [String: String] {
        guard let entries = reader.mapping(node, path, allowed: keys) else { return [:] }
        var result: [String: String] = [:]
        for entry in entries {
            guard let value = reader.string(entry.value, "\(path).\(entry.key)") else { continue }
            let valid = value.first.map { $0 == "_" || $0.isLetter } == true
                && value.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
            if !valid {
                reader.report(.invalidIdentifier(value, "a \(entry.key) name must be a letter or '_' followed by letters, digits or '_'"),
                              entry.value, "\(path).\(entry.key)")
                continue
            }
            result[entry.key] = value
        }
        return result
    }

    mutating func readShapes(_ node: YAMLNode) {
        guard let entries = reader.mapping(node, "shapes") else { return }
        for entry in entries {
            let path = "shapes.\(entry.key)"
            let validName = entry.key.first?.isLetter == true && entry.key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
            if !validName {
                reader.report(.invalidIdentifier(entry.key, "a shape name is a type name: letters, digits and '_'"), entry.keyNode, path)
                continue
            }
            let typeName = Naming.capitalize(entry.key)
            if shapeIndex[typeName] != nil {
                reader.report(.duplicateName("shape", entry.key), entry.keyNode, path)
                continue
            }
            guard let fields = reader.mapping(entry.value, path, allowed: ["fields", "comment"]) else { continue }
            let comment = fields["comment"].flatMap { reader.string($0.value, path + ".comment") }
            var shape = JSONShape(name: typeName, comment: comment, fields: [])
            guard let fieldNode = fields["fields"] else {
                reader.report(.missingKey("fields"), entry.value, path)
                continue
            }
            for field in reader.mapping(fieldNode.value, path + ".fields") ?? [] {
                let fieldPath = "\(path).fields.\(field.key)"
                var typeNode = field.value
                var fieldComment: String?
                var optional = false
                if case .mapping = field.value.kind {
                    guard let parts = reader.mapping(field.value, fieldPath, allowed: ["type", "optional", "comment"]) else { continue }
                    guard let type = parts["type"] else {
                        reader.report(.missingKey("type"), field.value, fieldPath)
                        continue
                    }
                    typeNode = type.value
                    fieldComment = parts["comment"].flatMap { reader.string($0.value, fieldPath + ".comment") }
                    if let value = parts["optional"] { optional = reader.bool(value.value, fieldPath + ".optional") ?? false }
                }
                guard let text = reader.string(typeNode, fieldPath, what: "a JSON type") else { continue }
                guard let parsed = TypeSyntax.parseJSON(text) else {
                    reader.report(.unknownType(text, candidates: ["string", "integer", "number", "boolean", "any"]), typeNode, fieldPath)
                    continue
                }
                if field.key.isEmpty {
                    reader.report(.invalidIdentifier(field.key, "JSON keys cannot be empty"), field.keyNode, fieldPath)
                    continue
                }
                if shape.fields.contains(where: { $0.key == field.key }) {
                    reader.report(.duplicateName("field", field.key), field.keyNode, fieldPath)
                    continue
                }
                shapeNodes["\(typeName).\(field.key)"] = typeNode
                shape.fields.append(JSONField(key: field.key, type: parsed.type, optional: optional || parsed.optional,
                                              comment: fieldComment, names: targetNames(field.key)))
            }
            shapeIndex[shape.name] = shapes.count
            shapes.append(shape)
            shapeNodes[typeName] = entry.keyNode
        }
    }

    /// Resolves shape names used inside shapes, and rejects a shape that contains itself without an array in between.
    mutating func resolveShapes() {
        let names = shapes.map(\.name)
        for shape in shapes {
            for field in shape.fields {
                for used in Validator.shapeNames(in: field.type) where !names.contains(used) {
                    let node = shapeNodes["\(shape.name).\(field.key)"] ?? YAMLNode(kind: .scalar("", plain: true), location: SourceLocation(line: 1, column: 1))
                    reader.report(.unknownShape(used, candidates: names), node, "shapes.\(shape.name).fields.\(field.key)")
                }
            }
        }
    }

    static func shapeNames(in type: JSONType) -> [String] {
        switch type {
        case .shape(let name): return [name]
        case .array(let inner), .map(let inner): return shapeNames(in: inner)
        default: return []
        }
    }

    mutating func readMixins(_ node: YAMLNode) {
        guard let entries = reader.mapping(node, "mixins") else { return }
        for entry in entries {
            let path = "mixins.\(entry.key)"
            guard let fields = reader.mapping(entry.value, path, allowed: ["columns", "position"]) else { continue }
            var position = Mixin.Position.first
            if let value = fields["position"], let text = reader.string(value.value, path + ".position") {
                if let parsed = Mixin.Position(rawValue: text) {
                    position = parsed
                } else {
                    reader.report(.invalidValue("position must be 'first' or 'last'", hint: Suggest.hint(for: text, in: ["first", "last"])),
                                  value.value, path + ".position")
                }
            }
            guard let columnsNode = fields["columns"] else {
                reader.report(.missingKey("columns"), entry.value, path)
                continue
            }
            guard let columns = reader.mapping(columnsNode.value, path + ".columns") else { continue }
            if mixins[entry.key] != nil {
                reader.report(.duplicateName("mixin", entry.key), entry.keyNode, path)
                continue
            }
            mixins[entry.key] = Mixin(columns: columns, position: position)
            mixinOrder.append(entry.key)
        }
    }

    mutating func readRawSQL(_ node: YAMLNode) {
        guard let items = reader.list(node, "sql") else { return }
        for (offset, item) in items.enumerated() {
            let path = "sql[\(offset)]"
            guard let fields = reader.mapping(item, path, allowed: ["name", "sql", "placement", "output"]) else { continue }
            guard let nameNode = fields["name"], let sqlNode = fields["sql"] else {
                reader.report(.missingKey(fields["name"] == nil ? "name" : "sql"), item, path)
                continue
            }
            guard let name = reader.string(nameNode.value, path + ".name"),
                  let sql = reader.string(sqlNode.value, path + ".sql") else { continue }
            var placement = RawSQLBlock.Placement.afterTables
            if let entry = fields["placement"], let text = reader.string(entry.value, path + ".placement") {
                if let value = RawSQLBlock.Placement(rawValue: text) {
                    placement = value
                } else {
                    reader.report(.invalidPlacement(text, allowed: RawSQLBlock.Placement.allCases.map(\.rawValue)),
                                  entry.value, path + ".placement")
                }
            }
            // `output:` is the older spelling: `sql` is `placement: after_tables`, `rls` is `placement: rls`.
            if let output = fields["output"], let text = reader.string(output.value, path + ".output") {
                if fields["placement"] != nil {
                    reader.report(.conflictingKeys("placement", "output"), output.keyNode, path + ".output")
                } else if text == "rls" {
                    placement = .rls
                } else if text != "sql" {
                    reader.report(.invalidValue("output must be 'sql' or 'rls'", hint: Suggest.hint(for: text, in: ["sql", "rls"])),
                                  output.value, path + ".output")
                }
            }
            if name.contains("\n") || name.contains("*/") {
                reader.report(.invalidValue("a raw SQL block's name must be one line"), nameNode.value, path + ".name")
            }
            rawSQL.append(RawSQLBlock(name: name, sql: sql, placement: placement))
        }
    }
}

/// Whole-schema checks: names that collide after per-target renaming, derived names too long, and warnings.
extension Validator {
    mutating func checkNames() {
        // Type-level names share one namespace per output file.
        var typeOwners: [String: (String, SourceLocation)] = [:]
        @discardableResult
        func claimType(_ name: String, owner: String, at location: SourceLocation, path: String) -> Bool {
            if TargetKeywords.typeNames.contains(name) {
                reader.report(.invalidIdentifier(name, "the type name '\(name)' shadows a standard type in a generated file"),
                              at: location, path)
                return false
            }
            if let (first, _) = typeOwners[name] {
                reader.report(.nameCollision(first: first, second: owner, becomes: ["'\(name)' in the generated types"], key: "type"),
                              at: location, path)
                return false
            }
            typeOwners[name] = (owner, location)
            return true
        }
        for (item, node) in zip(enums, enumNodes) {
            // The key as written (`other.item_type`), so two enums of one name in two schemas are told apart.
            var key = item.name.name
            if case .scalar(let text, _) = node.kind { key = text }
            claimType(item.names.type, owner: "enum \(item.name)", at: node.location, path: "enums.\(key)")
        }
        for shape in shapes {
            claimType(shape.name, owner: "shape \(shape.name)", at: shapeNodes[shape.name]?.location ?? SourceLocation(line: 1, column: 1), path: "shapes.\(shape.name)")
        }
        var tsOwners: [String: String] = [:]
        for item in enums {
            tsOwners[item.names.ts + "Enum"] = "enum \(item.name)"
        }
        for draft in drafts {
            let table = draft.table
            let location = draft.node.location
            // One collision is reported once: the insert type and the TypeScript variable follow from the type name.
            if claimType(table.names.type, owner: "table \(table.name)", at: location, path: draft.path) {
                if !table.isExternal {
                    claimType("New" + table.names.type, owner: "insert type of table \(table.name)", at: location, path: draft.path)
                }
                if let other = tsOwners[table.names.ts] {
                    reader.report(.nameCollision(first: other, second: "table \(table.name)", becomes: ["'\(table.names.ts)' in TypeScript"], key: "ts"),
                                  at: location, draft.path)
                }
            }
            if tsOwners[table.names.ts] == nil { tsOwners[table.names.ts] = "table \(table.name)" }
            if TargetKeywords.typescript.contains(table.names.ts) {
                reader.report(.invalidIdentifier(table.names.ts, "it is reserved in TypeScript; set 'names: { ts: ... }'"), at: location, draft.path)
            }
            let targets: [(String, KeyPath<TargetNames, String>, String)] = [
                ("TypeScript", \.ts, "ts"), ("Swift", \.swift, "swift"), ("Python", \.python, "python"),
            ]
            // Sets find whether any two columns collide; only then are the pairs compared for the diagnostics.
            // Sized for the table's columns: grown from empty, each set was rehashed four or five times per table.
            let columnCount = table.columns.count
            var seen = (ts: Set<String>(minimumCapacity: columnCount), swift: Set<String>(minimumCapacity: columnCount),
                        python: Set<String>(minimumCapacity: columnCount))
            let collides = table.columns.contains { column in
                !seen.ts.insert(column.names.ts).inserted || !seen.swift.insert(column.names.swift).inserted
                    || !seen.python.insert(column.names.python).inserted
            }
            for (offset, column) in table.columns.enumerated() where collides {
                for earlier in table.columns[..<offset] {
                    let same = targets.filter { column.names[keyPath: $0.1] == earlier.names[keyPath: $0.1] }
                    guard let first = same.first else { continue }
                    let node = draft.columnNodes[column.name] ?? draft.node
                    reader.report(.nameCollision(first: "'\(earlier.name)'", second: "'\(column.name)'",
                                                 becomes: same.map { "'\(column.names[keyPath: $0.1])' in \($0.0)" }, key: first.2),
                                  node, "\(draft.path).columns.\(column.name)")
                    break
                }
            }
            // Constraint names are unique per table; the names of tables and of the indexes behind primary keys,
            // unique constraints and indexes share one namespace per PostgreSQL schema.
            var constraintNames: [String: String] = [:]
            for (name, kind, node) in constraintDeclarations(draft) {
                let place = node ?? draft.node
                if name.utf8.count > 63 {
                    reader.report(.derivedNameTooLong(kind, name), place, draft.path)
                    continue
                }
                if kind == "index" { continue }
                if let first = constraintNames[name] {
                    reader.report(.duplicateConstraint(kind, name, first: first, table: table.name.description), place, draft.path)
                } else {
                    constraintNames[name] = kind
                }
            }
        }
        for draft in viewDrafts {
            let view = draft.view
            if claimType(view.names.type, owner: "view \(view.name)", at: draft.node.location, path: draft.path) {
                if let other = tsOwners[view.names.ts] {
                    reader.report(.nameCollision(first: other, second: "view \(view.name)", becomes: ["'\(view.names.ts)' in TypeScript"], key: "ts"),
                                  at: draft.node.location, draft.path)
                }
            }
            if tsOwners[view.names.ts] == nil { tsOwners[view.names.ts] = "view \(view.name)" }
            if TargetKeywords.typescript.contains(view.names.ts) {
                reader.report(.invalidIdentifier(view.names.ts, "it is reserved in TypeScript; set 'names: { ts: ... }'"), at: draft.node.location, draft.path)
            }
            var seen: (ts: [String: String], swift: [String: String], python: [String: String]) = ([:], [:], [:])
            for column in view.columns {
                let clashes = [("TypeScript", seen.ts[column.names.ts], column.names.ts, "ts"),
                               ("Swift", seen.swift[column.names.swift], column.names.swift, "swift"),
                               ("Python", seen.python[column.names.python], column.names.python, "python")]
                if let clash = clashes.first(where: { $0.1 != nil }), let earlier = clash.1 {
                    reader.report(.nameCollision(first: "'\(earlier)'", second: "'\(column.name)'", becomes: ["'\(clash.2)' in \(clash.0)"], key: clash.3),
                                  at: draft.node.location, "\(draft.path).columns.\(column.name)")
                }
                seen.ts[column.names.ts] = column.name
                seen.swift[column.names.swift] = column.name
                seen.python[column.names.python] = column.name
            }
        }
        for (item, node) in zip(enums, enumNodes) where draftIndex[item.name] != nil {
            reader.report(.enumNameTaken(item.name.description), node, "enums.\(item.name.name)")
        }
        var relationNames: [QualifiedName: String] = [:]
        for draft in drafts where !draft.table.isExternal {
            relationNames[draft.table.name] = "table \(draft.table.name)"
        }
        for pending in pendingPartitions where relationNames[pending.name] == nil {
            relationNames[pending.name] = "partition \(pending.name)"
        }
        for draft in viewDrafts {
            if let first = relationNames[draft.view.name] {
                reader.report(.sequenceNameTaken(draft.view.name.description, by: first, kind: "view"), draft.node, draft.path)
            } else {
                relationNames[draft.view.name] = "view \(draft.view.name)"
            }
        }
        for (sequence, draft) in zip(sequences, sequenceDrafts) {
            if let first = relationNames[sequence.name] {
                reader.report(.sequenceNameTaken(sequence.name.description, by: first), draft.node, draft.path)
            } else {
                relationNames[sequence.name] = "sequence \(sequence.name)"
            }
        }
        for draft in drafts where !draft.table.isExternal {
            for (name, kind, node) in constraintDeclarations(draft) where name.utf8.count <= 63 {
                guard kind == "index" || kind == "primary key" || kind == "unique constraint" else { continue }
                let qualified = QualifiedName(schema: draft.table.name.schema, name: name)
                if let first = relationNames[qualified] {
                    reader.report(.relationNameTaken(kind, qualified.description, by: first), node ?? draft.node, draft.path)
                } else {
                    relationNames[qualified] = "the \(kind) of table \(draft.table.name)"
                }
            }
        }
    }

    /// Every named constraint and index of a table with the node it was declared at.
    func constraintDeclarations(_ draft: TableDraft) -> [(String, String, YAMLNode?)] {
        let table = draft.table
        func node(_ nodes: [YAMLNode], _ offset: Int) -> YAMLNode? { offset < nodes.count ? nodes[offset] : nil }
        var result: [(String, String, YAMLNode?)] = []
        if let key = table.primaryKey { result.append((key.name, "primary key", draft.primaryKeyNode)) }
        result += table.uniques.enumerated().map { ($1.name, "unique constraint", node(draft.uniqueNodes, $0)) }
        result += table.checks.enumerated().map { ($1.name, "check constraint", node(draft.checkNodes, $0)) }
        result += table.foreignKeys.enumerated().map { ($1.name, "foreign key", node(draft.foreignKeyNodes, $0)) }
        result += table.indexes.enumerated().map { ($1.name, "index", node(draft.indexNodes, $0)) }
        return result
    }

    mutating func warnings() {
        for draft in viewDrafts where !draft.view.materialized && !draft.view.securityInvoker
            && settings.exposedSchemas.contains(draft.view.name.schema) {
            reader.report(.viewWithoutSecurityInvoker(draft.view.name.description), draft.node, draft.path)
        }
        for draft in drafts where !draft.table.isExternal {
            let table = draft.table
            if table.primaryKey == nil {
                reader.report(.noPrimaryKey(table.name.description), draft.node, draft.path)
            }
            for foreignKey in table.foreignKeys {
                let covered = table.primaryKey.map { Array($0.columns.prefix(foreignKey.columns.count)) == foreignKey.columns } == true
                    || table.uniques.contains { Array($0.columns.prefix(foreignKey.columns.count)) == foreignKey.columns }
                    || table.indexes.contains { Array($0.parts.compactMap(\.column).prefix(foreignKey.columns.count)) == foreignKey.columns && $0.predicate == nil }
                if !covered {
                    // At the foreign key's declaration (a column's `references:`), so that column's `silence:` covers it.
                    let pending = draft.pendingForeignKeys.first { $0.columns == foreignKey.columns }
                    reader.report(.unindexedForeignKey(table.name.name, foreignKey.columns), pending?.node ?? draft.node,
                                  pending?.path ?? draft.path)
                }
            }
        }
    }
}

/// Whole-schema checks: names that collide after per-target renaming, derived names too long, and warnings.
extension Validator {
    mutating func checkNames() {
        // Type-level names share one namespace per output file.
        var typeOwners: [String: (String, SourceLocation)] = [:]
        func claimType(_ name: String, owner: String, at location: SourceLocation, path: String) {
            if TargetKeywords.typeNames.contains(name) {
                reader.report(.invalidIdentifier(name, "the type name '\(name)' shadows a standard type in a generated file"),
                              at: location, path)
                return
            }
            if let (first, _) = typeOwners[name] {
                reader.report(.nameCollision(target: "the generated types", name: name, first: first, second: owner), at: location, path)
            } else {
                typeOwners[name] = (owner, location)
            }
        }
        for (item, node) in zip(enums, enumNodes) {
            claimType(item.names.type, owner: "enum \(item.name)", at: node.location, path: "enums.\(item.name.name)")
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
            claimType(table.names.type, owner: "table \(table.name)", at: location, path: draft.path)
            if !table.isExternal {
                claimType("New" + table.names.type, owner: "insert type of table \(table.name)", at: location, path: draft.path)
            }
            if let other = tsOwners[table.names.ts] {
                reader.report(.nameCollision(target: "TypeScript", name: table.names.ts, first: other, second: "table \(table.name)"), at: location, draft.path)
            } else {
                tsOwners[table.names.ts] = "table \(table.name)"
            }
            if TargetKeywords.typescript.contains(table.names.ts) {
                reader.report(.invalidIdentifier(table.names.ts, "it is reserved in TypeScript; set 'names: { ts: ... }'"), at: location, draft.path)
            }
            for (target, key) in [("TypeScript", \TargetNames.ts), ("Swift", \TargetNames.swift), ("Python", \TargetNames.python)] {
                var owners: [String: String] = [:]
                for column in table.columns {
                    let name = column.names[keyPath: key]
                    let node = draft.columnNodes[column.name] ?? draft.node
                    if let first = owners[name] {
                        reader.report(.nameCollision(target: target, name: name, first: first, second: column.name),
                                      node, "\(draft.path).columns.\(column.name)")
                    } else {
                        owners[name] = column.name
                    }
                }
            }
            var constraintNames: [String: String] = [:]
            let constraints: [(String, String)] = (table.primaryKey.map { [($0.name, "primary key")] } ?? [])
                + table.uniques.map { ($0.name, "unique constraint") } + table.checks.map { ($0.name, "check constraint") }
                + table.foreignKeys.map { ($0.name, "foreign key") } + table.indexes.map { ($0.name, "index") }
            for (name, kind) in constraints {
                if name.utf8.count > 63 {
                    reader.report(.derivedNameTooLong(kind, name), draft.node, draft.path)
                } else if constraintNames[name] != nil {
                    reader.report(.duplicateName(kind, name), draft.node, draft.path)
                } else {
                    constraintNames[name] = kind
                }
            }
        }
    }

    mutating func warnings() {
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
                    let node = draft.pendingForeignKeys.first { $0.columns == foreignKey.columns }?.node ?? draft.node
                    reader.report(.unindexedForeignKey(table.name.name, foreignKey.columns), node, draft.path)
                }
            }
        }
    }
}

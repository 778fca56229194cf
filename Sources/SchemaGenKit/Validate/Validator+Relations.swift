/// Deriving ORM relations from foreign keys, in both directions, with overridable names.
extension Validator {
    mutating func deriveRelations() {
        // Where each relation comes from (the foreign key's `references`), for diagnostics about its name.
        var origins: [String: (YAMLNode, String)] = [:]
        for d in drafts.indices where !drafts[d].table.isExternal {
            let table = drafts[d].table
            for foreignKey in table.foreignKeys {
                let pending = drafts[d].pendingForeignKeys.first {
                    ($0.name ?? "\(table.name.name)_\($0.columns.joined(separator: "_"))_fkey") == foreignKey.name
                }
                guard let targetIndex = draftIndex[foreignKey.referencedTable] else { continue }
                let target = drafts[targetIndex].table
                let ownName: String
                if let override = pending?.relation {
                    ownName = override
                } else if foreignKey.columns.count == 1, foreignKey.columns[0].lowercased().hasSuffix("_id"),
                          Validator.hasWord(String(foreignKey.columns[0].dropLast(3))) {
                    ownName = naming.camel(Naming.words(String(foreignKey.columns[0].dropLast(3))), acronymsInMembers: false)
                } else {
                    let targetName = Validator.codeSpelling(target.name.name, wordless: "unnamed_table")
                    ownName = naming.camel(Naming.words(Inflector.singular(targetName)).map { Inflector.singular($0) }, acronymsInMembers: false)
                }
                let isUnique = table.uniques.contains { Set($0.columns) == Set(foreignKey.columns) }
                    || table.primaryKey.map { Set($0.columns) == Set(foreignKey.columns) } == true
                let modelInverse = !target.isExternal && pending?.noInverse != true
                if target.isExternal, pending?.inverse != nil, let pending {
                    reader.report(.invalidValue("'inverse' names a relation on \(target.name), which is external and not generated"),
                                  pending.node, pending.path)
                }
                if let pending { origins["\(table.name)|\(foreignKey.name)"] = (pending.node, pending.path) }
                var inverseName: String?
                if modelInverse {
                    if let override = pending?.inverse {
                        inverseName = override
                    } else if isUnique {
                        var words = Validator.inverseWords(table.name.name, target: target.name.name)
                        if let last = words.last { words[words.count - 1] = Inflector.singular(last) }
                        inverseName = naming.camel(words, acronymsInMembers: false)
                    } else {
                        inverseName = naming.camel(Validator.inverseWords(table.name.name, target: target.name.name), acronymsInMembers: false)
                    }
                }
                let required = foreignKey.columns.allSatisfy { table.column($0)?.nullable == false }
                let ownTargets = pending?.relationTargets ?? RelationTargets()
                var inverseTargets = pending?.inverseTargets ?? RelationTargets()
                // drizzle resolves a `many` through the `one` on the other side, so it cannot have the inverse alone.
                inverseTargets.drizzle = inverseTargets.drizzle && ownTargets.drizzle
                let hasInverse = inverseName != nil
                var own = Relation(name: ownName, pythonName: Validator.pythonRelation(ownName), kind: .one,
                                   target: target.name, foreignKey: foreignKey.name, isOwningSide: true,
                                   inverse: hasInverse && inverseTargets.drizzle ? inverseName : nil,
                                   inversePythonName: hasInverse && inverseTargets.sqlalchemy ? inverseName.map(Validator.pythonRelation) : nil,
                                   isRequired: required)
                own.inDrizzle = ownTargets.drizzle
                own.inSQLAlchemy = ownTargets.sqlalchemy
                own.sqlalchemy = ownTargets.options
                for (targets, toMany) in [(ownTargets, false), (inverseTargets, !isUnique)] where !toMany {
                    if let lazy = targets.options?.lazy, lazy == "dynamic" || lazy == "write_only", let node = targets.node {
                        reader.report(.invalidValue("lazy: \(lazy) is for a to-many side; this side holds one row"), node, pending?.path ?? "")
                    }
                }
                drafts[d].table.relations.append(own)
                if let inverseName {
                    var inverse = Relation(name: inverseName, pythonName: Validator.pythonRelation(inverseName),
                                           kind: isUnique ? .one : .many, target: table.name, foreignKey: foreignKey.name,
                                           isOwningSide: false, inverse: ownTargets.drizzle ? ownName : nil,
                                           inversePythonName: ownTargets.sqlalchemy ? Validator.pythonRelation(ownName) : nil,
                                           isRequired: false)
                    inverse.inDrizzle = inverseTargets.drizzle
                    inverse.inSQLAlchemy = inverseTargets.sqlalchemy
                    inverse.sqlalchemy = inverseTargets.options
                    drafts[targetIndex].table.relations.append(inverse)
                }
            }
        }
        for d in drafts.indices {
            var seenTS = Set<String>(), seenPython = Set(drafts[d].table.columns.map(\.names.python))
            for relation in drafts[d].table.relations {
                let pythonTaken = !seenPython.insert(relation.pythonName).inserted
                let tsTaken = !seenTS.insert(relation.name).inserted
                let invalid = relation.name.isEmpty || !(relation.name.first.map { $0 == "_" || $0.isLetter } ?? false)
                if pythonTaken || tsTaken || invalid {
                    let owner = relation.isOwningSide ? drafts[d].table.name : relation.target
                    let (node, path) = origins["\(owner)|\(relation.foreignKey)"] ?? (drafts[d].node, drafts[d].path)
                    reader.report(.relationNameCollision(relation.name, table: drafts[d].table.name.description), node, path)
                }
            }
        }
    }

    /// The words of the inverse name of a relation: the referencing table's name without the leading words it shares
    /// with the referenced table's singular name (`credit_transactions` on `credit_accounts` gives `transactions`,
    /// `order_items` on `orders` gives `items`); at least one word stays, and a self reference keeps them all.
    static func inverseWords(_ table: String, target: String) -> [String] {
        let words = Naming.words(codeSpelling(table, wordless: "unnamed_table"))
        let targetWords = Naming.words(codeSpelling(target, wordless: "unnamed_table")).map(Inflector.singular)
        if table == target { return words }
        var shared = 0
        while shared < words.count - 1, shared < targetWords.count, Inflector.singular(words[shared]) == targetWords[shared] {
            shared += 1
        }
        return Array(words[shared...])
    }

    /// `crawlJobs` → `crawl_jobs`, safe as a Python attribute.
    static func pythonRelation(_ camel: String) -> String {
        let words = Naming.words(camel)
        return pythonAttribute(words.joined(separator: "_"), words: words)
    }
}

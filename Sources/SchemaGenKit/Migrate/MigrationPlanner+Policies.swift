/// Row-level security policies: created, dropped, changed in place with `ALTER POLICY` (roles, `USING`,
/// `WITH CHECK`), or dropped and created again (command, permissiveness, a removed clause, or columns of the
/// table that change under them).
extension MigrationPlanner {
    mutating func diffPolicies() {
        for table in new.tables {
            let name = SQLSyntax.qualified(table.name)
            let oldTable = tableMatches[table.name].flatMap { old.table($0) }
            let oldPolicies = oldTable?.rls.policies ?? []
            for policy in oldPolicies {
                let current = table.rls.policies.first { $0.name == policy.name }
                if rebuilds(policy, on: oldTable?.name ?? table.name) || current == nil || current.map({ !Self.alterable(policy, $0) }) == true, let oldTable {
                    add(.dropPolicies, "DROP POLICY \(SQLSyntax.alwaysQuote(policy.name)) ON \(SQLSyntax.qualified(oldTable.name));",
                        at: current?.location ?? place("table", table.name))
                }
            }
            for policy in table.rls.policies {
                let before = oldPolicies.first { $0.name == policy.name }
                if let before, !rebuilds(before, on: oldTable?.name ?? table.name), Self.alterable(before, policy) {
                    if Self.sameDefinition(before, policy) { continue }
                    var sql = "ALTER POLICY \(SQLSyntax.alwaysQuote(policy.name)) ON \(name)\n    TO \(SQLDefinitions.policyRoles(policy))"
                    if let using = policy.using { sql += "\n    " + SQLDefinitions.policyClause("USING", using) }
                    if let check = policy.withCheck { sql += "\n    " + SQLDefinitions.policyClause("WITH CHECK", check) }
                    add(.createPolicies, sql + ";", at: policy.location)
                } else {
                    add(.createPolicies, SQLDefinitions.createPolicy(policy, table: name), at: policy.location)
                }
            }
        }
    }

    /// Whether a policy reads a column that is dropped or changes type: PostgreSQL refuses both while the policy
    /// exists, so it is dropped first and created again. A policy on another table counts when its expressions
    /// name the table too (a subquery).
    func rebuilds(_ policy: Policy, on table: QualifiedName) -> Bool {
        let words = Self.words(in: [policy.using, policy.withCheck].compactMap { $0 }.joined(separator: " "))
        return policyRebuild.contains { changed, columns in
            (changed == table || words.contains(changed.name)) && !columns.isDisjoint(with: words)
        }
    }

    /// The identifiers of an expression: unquoted words folded to lower case, quoted ones as written.
    static func words(in text: String) -> Set<String> {
        var words: Set<String> = []
        var scalars = text.unicodeScalars[...]
        while let first = scalars.first {
            if first == "\"" {
                scalars = scalars.dropFirst()
                var word = ""
                while let next = scalars.first {
                    scalars = scalars.dropFirst()
                    if next == "\"" {
                        if scalars.first == "\"" { word.unicodeScalars.append("\""); scalars = scalars.dropFirst(); continue }
                        break
                    }
                    word.unicodeScalars.append(next)
                }
                words.insert(word)
            } else if first == "'" {
                scalars = scalars.dropFirst()
                while let next = scalars.first {
                    scalars = scalars.dropFirst()
                    if next == "'" { if scalars.first == "'" { scalars = scalars.dropFirst(); continue }; break }
                }
            } else if first.properties.isAlphabetic || first == "_" {
                let word = scalars.prefix { $0.properties.isAlphabetic || $0 == "_" || $0 == "$" || ("0"..."9").contains($0) }
                words.insert(String(String.UnicodeScalarView(word)).lowercased())
                scalars = scalars.dropFirst(word.count)
            } else {
                scalars = scalars.dropFirst()
            }
        }
        return words
    }

    /// Whether `ALTER POLICY` can turn one into the other: same command and kind, and no clause removed.
    static func alterable(_ old: Policy, _ new: Policy) -> Bool {
        old.command == new.command && old.permissive == new.permissive
            && (old.using == nil || new.using != nil) && (old.withCheck == nil || new.withCheck != nil)
    }

    static func sameDefinition(_ old: Policy, _ new: Policy) -> Bool {
        old.command == new.command && old.permissive == new.permissive && old.roles == new.roles
            && old.using == new.using && old.withCheck == new.withCheck
    }
}

/// Row-level security policies: created, dropped, changed in place with `ALTER POLICY` (roles, `USING`,
/// `WITH CHECK`), or dropped and created again (command, permissiveness, a removed clause, or columns of the
/// table that change under them).
extension MigrationPlanner {
    mutating func diffPolicies() {
        for table in new.tables {
            let name = SQLSyntax.qualified(table.name)
            let oldTable = tableMatches[table.name].flatMap { old.table($0) }
            let oldPolicies = oldTable?.rls.policies ?? []
            let rebuild = policyRebuild.contains(table.name)
            for policy in oldPolicies {
                let current = table.rls.policies.first { $0.name == policy.name }
                if rebuild || current == nil || current.map({ !Self.alterable(policy, $0) }) == true, let oldTable {
                    add(.dropPolicies, "DROP POLICY \(SQLSyntax.alwaysQuote(policy.name)) ON \(SQLSyntax.qualified(oldTable.name));",
                        at: current?.location ?? place("table", table.name))
                }
            }
            for policy in table.rls.policies {
                let before = oldPolicies.first { $0.name == policy.name }
                if let before, !rebuild, Self.alterable(before, policy) {
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

/// Domains: created after enums and sequences and before the tables and columns that use them; renamed or moved
/// (`renamed_from`); their default,
/// NOT NULL, checks and comment altered in place (`ALTER DOMAIN`); dropped after the columns and tables that used
/// them. PostgreSQL cannot change a domain's base type: that is refused.
extension MigrationPlanner {
    mutating func diffDomains() {
        let location = section("domains")
        let settings = new.settings.migrations
        for domain in new.domains {
            let name = SQLSyntax.qualified(domain.name)
            guard let oldName = domainMatches[domain.name], let before = old.domains.first(where: { $0.name == oldName }) else {
                add(.createDomains, SQLDefinitions.createDomain(domain), at: location)
                if let comment = domain.comment {
                    add(.comments, "COMMENT ON DOMAIN \(name) IS \(SQLSyntax.literal(comment));", at: location)
                }
                continue
            }
            renameObject("DOMAIN", from: oldName, to: domain.name, at: location)
            if renamedType(before.base) != domain.base {
                report(.domainBaseTypeChange(domain.name.description, from: SQLDefault.type(before.base), to: SQLDefault.type(domain.base)),
                       at: location)
                continue
            }
            let oldDefault = SQLDefinitions.domainDefault(before), newDefault = SQLDefinitions.domainDefault(domain)
            if oldDefault != newDefault {
                add(.createDomains, "ALTER DOMAIN \(name) \(newDefault.map { "SET DEFAULT \($0)" } ?? "DROP DEFAULT");", at: location)
            }
            if before.nullable != domain.nullable {
                if domain.nullable {
                    add(.createDomains, "ALTER DOMAIN \(name) DROP NOT NULL;", at: location)
                } else {
                    add(.createDomains, "ALTER DOMAIN \(name) SET NOT NULL;", at: location,
                        destructive: "sets NOT NULL on domain \(domain.name): fails if a column of the domain holds NULL",
                        warnings: ["checks every column of domain \(domain.name) while blocking writes to their tables"])
                }
            }
            // A check whose name alone changes (a written name, or the derived name of a renamed domain) is renamed.
            var renamedChecks: [(from: CheckConstraint, to: CheckConstraint)] = []
            for check in domain.checks where !before.checks.contains(check) && !before.checks.contains(where: { $0.name == check.name }) {
                if let match = before.checks.first(where: { old in
                    old.expression == check.expression && !domain.checks.contains { $0.name == old.name }
                        && !renamedChecks.contains { $0.from.name == old.name } }) {
                    renamedChecks.append((match, check))
                }
            }
            for (from, to) in renamedChecks {
                add(.renameObjects, "ALTER DOMAIN \(name) RENAME CONSTRAINT \(SQLSyntax.quoteIdent(from.name)) TO \(SQLSyntax.quoteIdent(to.name));", at: location)
            }
            for check in before.checks where !domain.checks.contains(check) && !renamedChecks.contains(where: { $0.from == check }) {
                add(.dropDomainConstraints, "ALTER DOMAIN \(name) DROP CONSTRAINT \(SQLSyntax.quoteIdent(check.name));", at: location)
            }
            for check in domain.checks where !before.checks.contains(check) && !renamedChecks.contains(where: { $0.to == check }) {
                let clause = "ADD CONSTRAINT \(SQLSyntax.quoteIdent(check.name)) CHECK (\(check.expression))"
                if settings.validateSeparately {
                    add(.createDomains, "ALTER DOMAIN \(name) \(clause) NOT VALID;", at: location)
                    add(.validateConstraints, "ALTER DOMAIN \(name) VALIDATE CONSTRAINT \(SQLSyntax.quoteIdent(check.name));", at: location)
                } else {
                    add(.createDomains, "ALTER DOMAIN \(name) \(clause);", at: location,
                        warnings: ["checks every column of domain \(domain.name) while blocking writes to their tables (settings.migrations.validate_separately adds it NOT VALID, then validates)"])
                }
            }
            if before.comment != domain.comment {
                add(.comments, "COMMENT ON DOMAIN \(name) IS \(domain.comment.map(SQLSyntax.literal) ?? "NULL");", at: location)
            }
        }
        for domain in old.domains where newDomainName(domain.name) == nil {
            add(.dropDomains, "DROP DOMAIN \(SQLSyntax.qualified(domain.name));", at: location,
                destructive: "drops domain \(domain.name)")
        }
    }
}

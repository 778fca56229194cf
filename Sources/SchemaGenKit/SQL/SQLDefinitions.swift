/// The DDL text of single objects (a column, a constraint, an index, a policy), shared by the whole-schema DDL and
/// RLS emitters and by the migration planner, so a migration creates exactly what a fresh DDL would.
package enum SQLDefinitions {
    /// `CREATE EXTENSION IF NOT EXISTS name [WITH SCHEMA ...] [VERSION ...];`.
    package static func createExtension(_ item: Extension) -> String {
        var text = "CREATE EXTENSION IF NOT EXISTS \(SQLSyntax.quoteIdent(item.name))"
        if let schema = item.schema { text += " WITH SCHEMA \(SQLSyntax.quoteIdent(schema))" }
        if let version = item.version { text += " VERSION \(SQLSyntax.literal(version))" }
        return text + ";"
    }

    /// `CREATE SEQUENCE name AS type` with the options the schema gives.
    package static func createSequence(_ item: SequenceObject) -> String {
        var text = "CREATE SEQUENCE \(SQLSyntax.qualified(item.name)) AS \(item.dataType.sqlName)"
        if let value = item.increment { text += " INCREMENT BY \(value)" }
        if let value = item.minValue { text += " MINVALUE \(value)" }
        if let value = item.maxValue { text += " MAXVALUE \(value)" }
        if let value = item.start { text += " START WITH \(value)" }
        if let value = item.cache { text += " CACHE \(value)" }
        if item.cycle { text += " CYCLE" }
        return text + ";"
    }

    /// `CREATE DOMAIN name AS type [DEFAULT ...] [NOT NULL] [CONSTRAINT ... CHECK (...)]...;`, one clause a line.
    package static func createDomain(_ domain: Domain) -> String {
        var text = "CREATE DOMAIN \(SQLSyntax.qualified(domain.name)) AS \(SQLDefault.type(domain.base))"
        if let value = domainDefault(domain) { text += "\n    DEFAULT \(value)" }
        if !domain.nullable { text += "\n    NOT NULL" }
        for check in domain.checks {
            text += "\n    CONSTRAINT \(SQLSyntax.quoteIdent(check.name)) CHECK (\(check.expression))"
        }
        return text + ";"
    }

    /// The text after a domain's `DEFAULT`; a raw expression is parenthesised.
    package static func domainDefault(_ domain: Domain) -> String? {
        guard let value = domain.defaultValue else { return nil }
        let expression = SQLDefault.expression(value, type: domain.base)
        if case .sql = value { return "(\(expression))" }
        return expression
    }

    /// `CREATE VIEW name [WITH (security_invoker = true)] AS query;` (`CREATE OR REPLACE VIEW` with `orReplace`),
    /// or `CREATE MATERIALIZED VIEW name AS query WITH [NO] DATA;`.
    package static func createView(_ view: View, orReplace: Bool = false) -> String {
        let qualified = SQLSyntax.qualified(view.name)
        if view.materialized {
            return "CREATE MATERIALIZED VIEW \(qualified) AS\n\(view.sql)\n\(view.withData ? "WITH DATA" : "WITH NO DATA");"
        }
        let options = view.securityInvoker ? " WITH (security_invoker = true)" : ""
        return "CREATE \(orReplace ? "OR REPLACE " : "")VIEW \(qualified)\(options) AS\n\(view.sql);"
    }

    /// `VIEW` or `MATERIALIZED VIEW`, as `DROP` and `COMMENT ON` name the kind.
    package static func viewKind(_ view: View) -> String {
        view.materialized ? "MATERIALIZED VIEW" : "VIEW"
    }

    /// `FOR VALUES FROM (...) TO (...)`, `FOR VALUES IN (...)`, `FOR VALUES WITH (MODULUS m, REMAINDER r)` or `DEFAULT`.
    package static func partitionBound(_ bound: PartitionBound) -> String {
        func values(_ items: [PartitionValue]) -> String {
            items.map { value -> String in
                switch value {
                case .number(let text): return text
                case .string(let text): return SQLSyntax.literal(text)
                case .boolean(let flag): return flag ? "true" : "false"
                case .null: return "NULL"
                case .minValue: return "MINVALUE"
                case .maxValue: return "MAXVALUE"
                }
            }.joined(separator: ", ")
        }
        switch bound {
        case .range(let from, let to): return "FOR VALUES FROM (\(values(from))) TO (\(values(to)))"
        case .list(let items): return "FOR VALUES IN (\(values(items)))"
        case .hash(let modulus, let remainder): return "FOR VALUES WITH (MODULUS \(modulus), REMAINDER \(remainder))"
        case .defaultPartition: return "DEFAULT"
        }
    }

    /// ` PARTITION BY STRATEGY (keys)`, with its leading space.
    package static func partitionBy(_ partitioning: Partitioning) -> String {
        let keys = partitioning.keys.map { $0.column.map(SQLSyntax.quoteIdent) ?? $0.expression ?? "" }
        return " PARTITION BY \(partitioning.strategy.sql) (\(keys.joined(separator: ", ")))"
    }

    /// `CREATE TABLE partition PARTITION OF parent` and its bound.
    package static func createPartition(_ partition: Partition, of parent: QualifiedName) -> String {
        "CREATE TABLE \(SQLSyntax.qualified(partition.name)) PARTITION OF \(SQLSyntax.qualified(parent))\n    \(partitionBound(partition.bound));"
    }

    /// `ALTER SEQUENCE name OWNED BY table.column;`.
    package static func sequenceOwner(_ name: QualifiedName, _ owner: SequenceObject.OwnedBy) -> String {
        "ALTER SEQUENCE \(SQLSyntax.qualified(name)) OWNED BY \(SQLSyntax.qualified(owner.table)).\(SQLSyntax.quoteIdent(owner.column));"
    }

    /// `"name" type [GENERATED ... AS IDENTITY] [DEFAULT ...] [NOT NULL]`.
    package static func column(_ column: Column) -> String {
        var text = "\(SQLSyntax.quoteIdent(column.name)) \(SQLDefault.type(column.type))"
        if let identity = column.identity { text += " " + identityClause(identity) }
        if let expression = column.generated { text += " GENERATED ALWAYS AS (\(expression)) STORED" }
        if let value = defaultExpression(column) { text += " DEFAULT \(value)" }
        if !column.nullable { text += " NOT NULL" }
        return text
    }

    /// `GENERATED ALWAYS AS IDENTITY` or `GENERATED BY DEFAULT AS IDENTITY`.
    package static func identityClause(_ identity: Identity) -> String {
        identity == .always ? "GENERATED ALWAYS AS IDENTITY" : "GENERATED BY DEFAULT AS IDENTITY"
    }

    /// The text after `DEFAULT`; a raw expression is parenthesised, since DEFAULT takes only a restricted
    /// expression (no AND, IS, ...).
    package static func defaultExpression(_ column: Column) -> String? {
        guard let value = SQLDefault.expression(for: column) else { return nil }
        if case .sql = column.defaultValue { return "(\(value))" }
        return value
    }

    /// `CONSTRAINT "name" PRIMARY KEY (...)`.
    package static func primaryKey(_ key: PrimaryKey) -> String {
        "CONSTRAINT \(SQLSyntax.quoteIdent(key.name)) PRIMARY KEY (\(list(key.columns)))"
    }

    /// `CONSTRAINT "name" UNIQUE [NULLS NOT DISTINCT] (...)`.
    package static func unique(_ unique: UniqueConstraint) -> String {
        let nulls = unique.nullsNotDistinct ? " NULLS NOT DISTINCT" : ""
        return "CONSTRAINT \(SQLSyntax.quoteIdent(unique.name)) UNIQUE\(nulls) (\(list(unique.columns)))"
    }

    /// `CONSTRAINT "name" CHECK (...)`.
    package static func check(_ check: CheckConstraint) -> String {
        "CONSTRAINT \(SQLSyntax.quoteIdent(check.name)) CHECK (\(check.expression))"
    }

    /// `CONSTRAINT "name" FOREIGN KEY (...) REFERENCES ...(...) [ON UPDATE ...] [ON DELETE ...]`.
    package static func foreignKey(_ key: ForeignKey) -> String {
        var text = "CONSTRAINT \(SQLSyntax.quoteIdent(key.name)) FOREIGN KEY (\(list(key.columns)))"
        text += " REFERENCES \(SQLSyntax.qualified(key.referencedTable))(\(list(key.referencedColumns)))"
        if key.onUpdate != .noAction { text += " ON UPDATE \(key.onUpdate.sql)" }
        if key.onDelete != .noAction { text += " ON DELETE \(key.onDelete.sql)" }
        return text
    }

    /// `CREATE [UNIQUE] INDEX [CONCURRENTLY] "name" ON table [USING method] (...) [WHERE (...)];`.
    package static func createIndex(_ index: Index, table: String, concurrently: Bool = false) -> String {
        let parts = index.parts.map { part -> String in
            var text = part.column.map(SQLSyntax.quoteIdent) ?? part.expression ?? ""
            if let opclass = part.opclass { text += " \(opclass)" }
            if part.descending { text += " DESC" }
            return text
        }
        var text = "CREATE \(index.unique ? "UNIQUE " : "")INDEX \(concurrently ? "CONCURRENTLY " : "")\(SQLSyntax.quoteIdent(index.name)) ON \(table)"
        if index.method != "btree" { text += " USING \(index.method)" }
        text += " (\(parts.joined(separator: ", ")))"
        if let predicate = index.predicate { text += " WHERE (\(predicate))" }
        return text + ";"
    }

    /// The clauses of `CREATE POLICY` after its name and table, one per line.
    package static func policyClauses(_ policy: Policy) -> [String] {
        var clauses = [
            "AS \(policy.permissive ? "PERMISSIVE" : "RESTRICTIVE")",
            "FOR \(policy.command.sql)",
            "TO \(policyRoles(policy))",
        ]
        if let using = policy.using { clauses.append(policyClause("USING", using)) }
        if let withCheck = policy.withCheck { clauses.append(policyClause("WITH CHECK", withCheck)) }
        return clauses
    }

    /// The role list of a policy: `PUBLIC` when empty; `public` is the PUBLIC keyword, any other role an identifier.
    package static func policyRoles(_ policy: Policy) -> String {
        policy.roles.isEmpty ? "PUBLIC" : policy.roles.map { $0 == "public" ? "PUBLIC" : SQLSyntax.quoteIdent($0) }.joined(separator: ", ")
    }

    /// `CREATE POLICY "name" ON table` and its clauses, indented, ending in `;`.
    package static func createPolicy(_ policy: Policy, table: String) -> String {
        "CREATE POLICY \(SQLSyntax.alwaysQuote(policy.name)) ON \(table)\n"
            + policyClauses(policy).map { "    " + $0 }.joined(separator: "\n") + ";"
    }

    /// `USING (expression)` with the user's expression verbatim. A multi-line expression becomes an indented
    /// block with the closing parenthesis on a line of its own, and so does one with a `--` comment, which would
    /// otherwise swallow the parenthesis. Lines are re-indented only when no line break lies inside a literal,
    /// where whitespace is data.
    package static func policyClause(_ keyword: String, _ expression: String) -> String {
        if !expression.contains("\n") && !expression.contains("--") { return "\(keyword) (\(expression))" }
        if SQLLexer.hasLineBreakInLiteral(expression) { return "\(keyword) (\n\(expression)\n    )" }
        let body = expression.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "        " + $0 }.joined(separator: "\n")
        return "\(keyword) (\n\(body)\n    )"
    }

    /// Quoted, comma-separated column names.
    package static func list(_ columns: [String]) -> String {
        columns.map(SQLSyntax.quoteIdent).joined(separator: ", ")
    }
}

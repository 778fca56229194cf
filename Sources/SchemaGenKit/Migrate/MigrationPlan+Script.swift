extension MigrationPlan {
    /// The plan as one script for `schemagen status --sql`: the statements that bring a database to `sourceName`,
    /// each with its warnings and notes as comments, destructive ones commented out unless `allowDestructive`, and a
    /// comment before the statements that cannot run in a transaction.
    public func script(allowDestructive: Bool, sourceName: String) -> String {
        var text = "-- The statements that bring the database to \(sourceName) (schemagen status --sql). Review them before running them.\n"
        if isEmpty { return text + "-- None: the database matches \(sourceName).\n" }
        let skipped = allowDestructive ? 0 : destructive.count
        if skipped > 0 {
            text += "-- \(skipped) destructive statement\(skipped == 1 ? " is" : "s are") commented out (--allow-destructive prints them as statements).\n"
        }
        var placement: MigrationStatement.Placement?
        let ordered = [MigrationStatement.Placement.before, .main, .after].flatMap { group in statements.filter { $0.placement == group } }
        for statement in ordered {
            if statement.placement != placement, statement.placement != .main {
                text += statement.placement == .before
                    ? "\n-- Outside a transaction, before the rest: PostgreSQL refuses to use a new enum value in the transaction that added it.\n"
                    : "\n-- Outside a transaction: CREATE INDEX CONCURRENTLY cannot run in one.\n"
            }
            placement = statement.placement
            text += "\n"
            for warning in statement.warnings { text += "-- warning: \(Self.commentLine(warning))\n" }
            for note in statement.notes { text += "-- \(Self.commentLine(note))\n" }
            if let reason = statement.destructive {
                text += "-- DESTRUCTIVE: \(Self.commentLine(reason))\n"
                if !allowDestructive {
                    text += statement.sql.split(separator: "\n", omittingEmptySubsequences: false).map { "-- " + $0 }.joined(separator: "\n") + "\n"
                    continue
                }
            }
            text += statement.sql + "\n"
        }
        return text
    }
}

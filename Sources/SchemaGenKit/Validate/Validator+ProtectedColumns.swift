/// The lint for columns that only the backend should write but clients can: RLS filters rows, never columns, so an
/// UPDATE or INSERT policy for the API roles lets them set every column of the rows it admits.
extension Validator {
    /// Words of a column name that say the value is granted by the backend, not chosen by the user.
    static let privilegedWords: Set<String> = [
        "balance", "balances", "credit", "credits", "role", "roles", "admin", "superuser", "plan", "quota", "quotas",
        "tier", "verified", "premium", "subscription",
    ]
    /// Word sequences with the same meaning, matched as consecutive words (`api_rate_limit`).
    static let privilegedPhrases: [[String]] = [["rate", "limit"]]
    /// The roles a client of the API has: what a policy for them lets write, anyone with the anon key can.
    static let clientRoles: Set<String> = ["anon", "authenticated", "public"]

    /// Whether the column's name says that only the backend should change it.
    static func hasPrivilegedName(_ column: String) -> Bool {
        let words = Naming.words(column).map { $0.lowercased() }
        if words.contains(where: privilegedWords.contains) { return true }
        return privilegedPhrases.contains { phrase in
            words.count >= phrase.count && (0...(words.count - phrase.count)).contains { Array(words[$0..<($0 + phrase.count)]) == phrase }
        }
    }

    /// Warns once per column: a privileged-sounding column that a permissive INSERT or UPDATE policy for the API
    /// roles lets clients write, and that is not `protected`.
    mutating func lintPrivilegedColumns() {
        for draft in drafts where !draft.table.isExternal && draft.table.rls.enabled {
            let table = draft.table
            let writing = zip(table.rls.policies, draft.policyNodes).filter { policy, _ in
                policy.permissive && [.insert, .update, .all].contains(policy.command)
                    && !Validator.clientRoles.isDisjoint(with: policy.roles.isEmpty ? ["public"] : policy.roles)
            }
            guard let (policy, _) = writing.first else { continue }
            for column in table.columns where !column.isProtected && column.generated == nil && Validator.hasPrivilegedName(column.name) {
                let command = policy.command == .all ? "ALL" : policy.command.sql
                reader.report(.privilegedColumnWritable(table.name.description, column.name, policy: policy.name, command: command),
                              draft.columnNodes[column.name] ?? draft.node, "\(draft.path).columns.\(column.name)")
            }
        }
    }
}

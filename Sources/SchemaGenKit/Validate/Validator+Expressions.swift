/// SQL written in the schema and copied into the DDL: each text must be one piece (`SQLFragment`), and checks and
/// generation expressions name only columns of their table.
extension Validator {
    /// Reports text that is not one expression (or, for `.query`, one query); returns whether it is.
    mutating func checkSQLFragment(_ text: String, _ node: YAMLNode, _ path: String, what: String,
                                   kind: SQLFragment.Kind = .expression, closedOnItsOwnLine: Bool = false) -> Bool {
        guard let problem = SQLFragment.problem(in: text, kind: kind, closedOnItsOwnLine: closedOnItsOwnLine) else { return true }
        reader.report(kind == .query ? .invalidViewQuery(problem) : .invalidExpression(what, problem), node, path)
        return false
    }

    /// Bare names in a table's checks and generation expressions that are clearly column references (read as policy
    /// expressions are: not a function, keyword, type, qualified name or cast; nothing inside a subquery) must be
    /// columns of the table. What is unclear is left to PostgreSQL.
    mutating func checkExpressionColumns(_ draft: TableDraft) {
        let table = draft.table
        for (expression, node, path) in draft.columnExpressions {
            for name in PolicyExpression.columnReferences(in: expression)
            where table.column(name) == nil && !Validator.nonColumnWords.contains(name) {
                reader.report(.unknownColumn(name, table: table.name.description, candidates: table.columns.map(\.name)), node, path)
            }
        }
    }

    /// Words that may stand bare in a check without being a column: system columns and keyword arguments of
    /// functions that the policy keyword list does not need.
    static let nonColumnWords: Set<String> = [
        "tableoid", "ctid", "xmin", "xmax", "cmin", "cmax", "normalized", "nfc", "nfd", "nfkc", "nfkd", "document",
        "content", "strip", "whitespace", "preserve", "standalone", "version", "yes", "no", "scalar", "unique", "keys",
        "wrapper", "conditional", "unconditional", "quotes", "omit", "keep", "error", "empty", "encoding", "utf8",
        "infinity", "localtime", "localtimestamp", "current_date", "current_time", "current_timestamp", "user",
    ]
}

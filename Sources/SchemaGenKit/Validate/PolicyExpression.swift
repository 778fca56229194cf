/// A lexical reading of a policy's SQL expression: enough to find the table's columns it names and the
/// `auth.*()` calls that PostgreSQL would evaluate once per row. It is not a SQL parser; it errs on the side
/// of naming nothing (names inside subqueries may belong to other tables and are never reported).
package enum PolicyExpression {
    /// The columns of the policy's own table the expression names outside subqueries, in order of first use.
    ///
    /// Unquoted names are folded to lower case, as PostgreSQL does.
    package static func columnReferences(in expression: String) -> [String] {
        let tokens = SQLLexer.tokenize(expression)
        var result: [String] = []
        // One entry per open parenthesis: whether that group is (or is inside) a subquery.
        var subquery: [Bool] = []
        for (index, token) in tokens.enumerated() {
            let previous = index > 0 ? tokens[index - 1] : nil
            let next = index + 1 < tokens.count ? tokens[index + 1] : nil
            if token == SQLLexer.Token(kind: .symbol, text: "(") {
                let opensQuery = next.map { $0.kind == .word && ["select", "with", "values"].contains($0.text.lowercased()) } ?? false
                subquery.append(opensQuery || subquery.last == true)
                continue
            }
            if token == SQLLexer.Token(kind: .symbol, text: ")") {
                _ = subquery.popLast()
                continue
            }
            guard token.kind == .word || token.kind == .quoted, subquery.last != true else { continue }
            if let previous, previous.kind == .symbol, previous.text == "." || previous.text == "::" { continue }
            if let previous, previous.kind == .word, ["collate", "as"].contains(previous.text.lowercased()) { continue }
            if let next, next.kind == .symbol, next.text == "." || next.text == "(" { continue }
            // A type name before a literal (`date '2024-01-01'`).
            if let next, next.kind == .string { continue }
            let name: String
            if token.kind == .word {
                // PostgreSQL folds unquoted names to lower case, ASCII letters only.
                name = String(String.UnicodeScalarView(token.text.unicodeScalars.map {
                    ("A"..."Z").contains($0) ? Unicode.Scalar($0.value + 32) ?? $0 : $0
                }))
                if keywords.contains(name) { continue }
            } else {
                name = token.text
            }
            if !result.contains(name) { result.append(name) }
        }
        return result
    }

    /// The `auth.<function>()` and `current_setting()` calls not written as `(select ...)`, in order of first use.
    ///
    /// PostgreSQL evaluates a bare call once per row; wrapped in a scalar subquery it becomes an init plan,
    /// evaluated once per statement.
    package static func perRowAuthCalls(in expression: String) -> [String] {
        let tokens = SQLLexer.tokenize(expression)
        var found: [String] = []
        func isWrapped(_ start: Int) -> Bool {
            start >= 2 && tokens[start - 1].kind == .word && tokens[start - 1].text.lowercased() == "select"
                && tokens[start - 2] == SQLLexer.Token(kind: .symbol, text: "(")
        }
        for index in tokens.indices where tokens[index].kind == .word {
            let word = tokens[index].text.lowercased()
            var name: String?
            if word == "auth", index + 3 < tokens.count, tokens[index + 1] == SQLLexer.Token(kind: .symbol, text: "."),
               tokens[index + 2].kind == .word, tokens[index + 3] == SQLLexer.Token(kind: .symbol, text: "("),
               index == 0 || tokens[index - 1] != SQLLexer.Token(kind: .symbol, text: ".") {
                name = "auth.\(tokens[index + 2].text.lowercased())()"
            } else if word == "current_setting", index + 1 < tokens.count, tokens[index + 1] == SQLLexer.Token(kind: .symbol, text: "("),
                      index == 0 || tokens[index - 1] != SQLLexer.Token(kind: .symbol, text: ".") {
                name = "current_setting()"
            }
            if let name, !isWrapped(index), !found.contains(name) { found.append(name) }
        }
        return found
    }

    /// Words that are SQL syntax, not column names, where they can appear in a policy expression without
    /// parentheses after them: PostgreSQL's reserved keywords plus type names, interval fields and the like.
    static let keywords: Set<String> = SQLSyntax.reservedKeywords.union([
        "at", "time", "zone", "interval", "escape", "similar", "over", "partition", "filter", "within", "nulls", "first",
        "last", "unknown", "exists", "isnull", "notnull", "between", "symmetric", "overlaps", "varying", "precision",
        "double", "character", "without", "timestamp", "timestamptz", "date", "timetz", "text", "uuid", "integer", "int",
        "int2", "int4", "int8", "bigint", "smallint", "boolean", "bool", "jsonb", "json", "numeric", "decimal", "real",
        "float", "float4", "float8", "varchar", "char", "bytea", "inet", "cidr", "name", "oid", "regclass", "regrole",
        "row", "current_role", "year", "month", "day", "hour", "minute", "second", "epoch", "dow", "doy", "week",
        "quarter", "decade", "century", "millennium", "isodow", "isoyear", "microseconds", "milliseconds", "timezone",
        "of", "by", "range", "rows", "preceding", "following", "unbounded", "current", "key", "value", "absent",
        "returning", "format", "passing", "path",
    ])
}

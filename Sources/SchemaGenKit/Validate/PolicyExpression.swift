/// A lexical reading of a policy's SQL expression: enough to find the table's columns it names and the
/// `auth.*()` calls that PostgreSQL would evaluate once per row. It is not a SQL parser; it errs on the side
/// of naming nothing (names inside subqueries may belong to other tables and are never reported).
package enum PolicyExpression {
    /// What the validator reads from one expression, from a single tokenisation.
    package struct Reading {
        /// `columnReferences(in:)`.
        package var columns: [String]
        /// `qualifiedColumns(in:)`.
        package var qualifiedColumns: [QualifiedColumn]
        /// `perRowAuthCalls(in:)`.
        package var perRowAuthCalls: [String]

        package init(_ expression: String) {
            let tokens = SQLLexer.tokenize(expression)
            columns = PolicyExpression.columnReferences(in: tokens)
            qualifiedColumns = PolicyExpression.qualifiedColumns(in: tokens)
            perRowAuthCalls = PolicyExpression.perRowAuthCalls(in: tokens)
        }
    }

    /// The columns of the policy's own table the expression names outside subqueries, in order of first use.
    ///
    /// Unquoted names are folded to lower case, as PostgreSQL does.
    package static func columnReferences(in expression: String) -> [String] {
        columnReferences(in: SQLLexer.tokenize(expression))
    }

    static func columnReferences(in tokens: [SQLLexer.Token]) -> [String] {
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

    /// A column named through a qualifier: `crawl_jobs.project_id`, `public.projects.user_id`, `p.id`.
    package struct QualifiedColumn: Equatable {
        /// The relation the qualifier names: the table (with its schema when written) an alias stands for.
        package var relation: [String]
        /// The column name, folded as PostgreSQL folds it.
        package var column: String
    }

    /// Every `qualifier.column` in the expression, subqueries included, with aliases declared by `FROM` and
    /// `JOIN` replaced by the relation they stand for, in order of first use.
    ///
    /// Names are folded as PostgreSQL folds them. A qualifier may also be a relation the expression makes up
    /// (a function in `FROM`, a `VALUES` list): the caller checks only qualifiers that name a known table.
    package static func qualifiedColumns(in expression: String) -> [QualifiedColumn] {
        qualifiedColumns(in: SQLLexer.tokenize(expression))
    }

    static func qualifiedColumns(in tokens: [SQLLexer.Token]) -> [QualifiedColumn] {
        func name(_ index: Int) -> String? {
            guard index >= 0, index < tokens.count else { return nil }
            switch tokens[index].kind {
            case .word: return fold(tokens[index].text)
            case .quoted: return tokens[index].text
            default: return nil
            }
        }
        func isSymbol(_ index: Int, _ text: String) -> Bool {
            index >= 0 && index < tokens.count && tokens[index].kind == .symbol && tokens[index].text == text
        }
        // Aliases: FROM/JOIN name[.name] [AS] alias.
        var aliases: [String: [String]] = [:]
        var relationStarts: Set<Int> = []
        for index in tokens.indices where tokens[index].kind == .word {
            let word = fold(tokens[index].text)
            guard word == "from" || word == "join", let first = name(index + 1) else { continue }
            var cursor = index + 1
            relationStarts.insert(cursor)
            var relation = [first]
            while isSymbol(cursor + 1, "."), let part = name(cursor + 2) {
                relation.append(part)
                cursor += 2
            }
            // A function call in FROM (`jsonb_each(x) AS t`) is not a table.
            if isSymbol(cursor + 1, "(") { continue }
            cursor += 1
            if cursor < tokens.count, tokens[cursor].kind == .word, fold(tokens[cursor].text) == "as" { cursor += 1 }
            if let alias = name(cursor), tokens[cursor].kind == .quoted || !aliasStopWords.contains(alias) {
                aliases[alias] = relation
            }
        }
        var result: [QualifiedColumn] = []
        var index = 0
        while index + 2 < tokens.count {
            defer { index += 1 }
            guard let first = name(index), isSymbol(index + 1, "."), name(index + 2) != nil else { continue }
            if isSymbol(index - 1, ".") || isSymbol(index - 1, "::") || relationStarts.contains(index) { continue }
            if index > 0, tokens[index - 1].kind == .word, ["from", "join", "as", "into", "update", "table"].contains(fold(tokens[index - 1].text)) {
                continue
            }
            var parts = [first]
            var cursor = index + 2
            while let part = name(cursor) {
                parts.append(part)
                guard isSymbol(cursor + 1, "."), name(cursor + 2) != nil else { break }
                cursor += 2
            }
            index = cursor
            // A qualified function call (`auth.uid()`), or a name too long to be schema.table.column.
            if isSymbol(cursor + 1, "(") || parts.count > 3 { continue }
            let column = parts.removeLast()
            if parts.count == 1, let relation = aliases[parts[0]] { parts = relation }
            let reference = QualifiedColumn(relation: parts, column: column)
            if !result.contains(reference) { result.append(reference) }
        }
        return result
    }

    /// Words after a relation in FROM that are not its alias.
    private static let aliasStopWords: Set<String> = [
        "where", "join", "inner", "left", "right", "full", "cross", "natural", "on", "using", "group", "order", "limit",
        "offset", "having", "union", "intersect", "except", "window", "fetch", "for", "lateral", "tablesample",
    ]

    /// PostgreSQL's folding of an unquoted name: ASCII letters to lower case.
    static func fold(_ word: String) -> String {
        String(String.UnicodeScalarView(word.unicodeScalars.map {
            ("A"..."Z").contains($0) ? Unicode.Scalar($0.value + 32) ?? $0 : $0
        }))
    }

    /// The `auth.<function>()` and `current_setting()` calls not written as `(select ...)`, in order of first use.
    ///
    /// PostgreSQL evaluates a bare call once per row; wrapped in a scalar subquery it becomes an init plan,
    /// evaluated once per statement.
    package static func perRowAuthCalls(in expression: String) -> [String] {
        perRowAuthCalls(in: SQLLexer.tokenize(expression))
    }

    static func perRowAuthCalls(in tokens: [SQLLexer.Token]) -> [String] {
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

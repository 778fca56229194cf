/// A lexical reading of a policy's SQL expression: enough to find the table's columns it names and the
/// `auth.*()` calls that PostgreSQL would evaluate once per row. It is not a SQL parser; it errs on the side
/// of naming nothing (names inside subqueries may belong to other tables and are never reported).
package enum PolicyExpression {
    /// One lexical token of an expression.
    struct Token: Equatable {
        enum Kind: Equatable {
            /// An unquoted name, kept as written (PostgreSQL folds it to lower case).
            case word
            /// A double-quoted name, unescaped.
            case quoted
            /// Punctuation or an operator (`(`, `)`, `.`, `::`, `=`).
            case symbol
            /// A string or numeric literal.
            case literal
        }

        var kind: Kind
        var text: String
    }

    /// The columns of the policy's own table the expression names outside subqueries, in order of first use.
    ///
    /// Unquoted names are folded to lower case, as PostgreSQL does.
    package static func columnReferences(in expression: String) -> [String] {
        let tokens = tokenize(expression)
        var result: [String] = []
        // One entry per open parenthesis: whether that group is (or is inside) a subquery.
        var subquery: [Bool] = []
        for (index, token) in tokens.enumerated() {
            let previous = index > 0 ? tokens[index - 1] : nil
            let next = index + 1 < tokens.count ? tokens[index + 1] : nil
            if token == Token(kind: .symbol, text: "(") {
                let opensQuery = next.map { $0.kind == .word && ["select", "with", "values"].contains($0.text.lowercased()) } ?? false
                subquery.append(opensQuery || subquery.last == true)
                continue
            }
            if token == Token(kind: .symbol, text: ")") {
                _ = subquery.popLast()
                continue
            }
            guard token.kind == .word || token.kind == .quoted, subquery.last != true else { continue }
            if let previous, previous.kind == .symbol, previous.text == "." || previous.text == "::" { continue }
            if let previous, previous.kind == .word, ["collate", "as"].contains(previous.text.lowercased()) { continue }
            if let next, next.kind == .symbol, next.text == "." || next.text == "(" { continue }
            // A type name before a literal (`date '2024-01-01'`).
            if let next, next.kind == .literal, next.text == "'" { continue }
            let name: String
            if token.kind == .word {
                name = token.text.lowercased()
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
        let tokens = tokenize(expression)
        var found: [String] = []
        func isWrapped(_ start: Int) -> Bool {
            start >= 2 && tokens[start - 1].kind == .word && tokens[start - 1].text.lowercased() == "select"
                && tokens[start - 2] == Token(kind: .symbol, text: "(")
        }
        for index in tokens.indices where tokens[index].kind == .word {
            let word = tokens[index].text.lowercased()
            var name: String?
            if word == "auth", index + 3 < tokens.count, tokens[index + 1] == Token(kind: .symbol, text: "."),
               tokens[index + 2].kind == .word, tokens[index + 3] == Token(kind: .symbol, text: "("),
               index == 0 || tokens[index - 1] != Token(kind: .symbol, text: ".") {
                name = "auth.\(tokens[index + 2].text.lowercased())()"
            } else if word == "current_setting", index + 1 < tokens.count, tokens[index + 1] == Token(kind: .symbol, text: "("),
                      index == 0 || tokens[index - 1] != Token(kind: .symbol, text: ".") {
                name = "current_setting()"
            }
            if let name, !isWrapped(index), !found.contains(name) { found.append(name) }
        }
        return found
    }

    /// Splits an expression into tokens; comments and whitespace are dropped, literals kept as one token each.
    static func tokenize(_ expression: String) -> [Token] {
        let scalars = Array(expression.unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        var escapeString = false
        func isWordStart(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "_" || scalar.properties.isAlphabetic || scalar.value >= 0x80
        }
        func isWordPart(_ scalar: Unicode.Scalar) -> Bool {
            isWordStart(scalar) || ("0"..."9").contains(scalar) || scalar == "$"
        }
        while index < scalars.count {
            let scalar = scalars[index]
            let next: Unicode.Scalar? = index + 1 < scalars.count ? scalars[index + 1] : nil
            if scalar.properties.isWhitespace {
                index += 1
            } else if scalar == "-" && next == "-" {
                while index < scalars.count, scalars[index] != "\n" { index += 1 }
            } else if scalar == "/" && next == "*" {
                index += 2
                while index < scalars.count, !(scalars[index] == "*" && index + 1 < scalars.count && scalars[index + 1] == "/") {
                    index += 1
                }
                index += 2
            } else if scalar == "'" {
                // A string literal; '' inside it is a quote, and in an E'...' string so is \'.
                let escapes = escapeString
                escapeString = false
                index += 1
                while index < scalars.count {
                    if escapes && scalars[index] == "\\" { index += 2; continue }
                    if scalars[index] == "'" {
                        if index + 1 < scalars.count, scalars[index + 1] == "'" { index += 2; continue }
                        break
                    }
                    index += 1
                }
                index += 1
                tokens.append(Token(kind: .literal, text: "'"))
            } else if scalar == "\"" {
                var name = String.UnicodeScalarView()
                index += 1
                while index < scalars.count {
                    if scalars[index] == "\"" {
                        if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                            name.append("\"")
                            index += 2
                            continue
                        }
                        break
                    }
                    name.append(scalars[index])
                    index += 1
                }
                index += 1
                tokens.append(Token(kind: .quoted, text: String(name)))
            } else if scalar == "$", let tagEnd = dollarTagEnd(scalars, from: index) {
                let tag = Array(scalars[index...tagEnd])
                index = tagEnd + 1
                while index < scalars.count {
                    if scalars[index] == "$", index + tag.count <= scalars.count, Array(scalars[index..<(index + tag.count)]) == tag {
                        index += tag.count
                        break
                    }
                    index += 1
                }
                tokens.append(Token(kind: .literal, text: "$"))
            } else if isWordStart(scalar) {
                var word = String.UnicodeScalarView()
                while index < scalars.count, isWordPart(scalars[index]) {
                    word.append(scalars[index])
                    index += 1
                }
                let text = String(word)
                if index < scalars.count, scalars[index] == "'", ["e", "b", "x", "n"].contains(text.lowercased()) {
                    // The prefix of E'...', B'...', X'...' or N'...', part of the literal that follows.
                    escapeString = text.lowercased() == "e"
                    continue
                }
                tokens.append(Token(kind: .word, text: text))
            } else if ("0"..."9").contains(scalar) {
                while index < scalars.count, isWordPart(scalars[index]) || scalars[index] == "." { index += 1 }
                tokens.append(Token(kind: .literal, text: "0"))
            } else if scalar == ":" && next == ":" {
                tokens.append(Token(kind: .symbol, text: "::"))
                index += 2
            } else {
                tokens.append(Token(kind: .symbol, text: String(scalar)))
                index += 1
            }
        }
        return tokens
    }

    /// The index of the closing `$` of a dollar-quote tag starting at `start` (`$$`, `$tag$`).
    private static func dollarTagEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start + 1
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "$" { return index }
            guard scalar == "_" || scalar.properties.isAlphabetic || (index > start + 1 && ("0"..."9").contains(scalar)) else {
                return nil
            }
            index += 1
        }
        return nil
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

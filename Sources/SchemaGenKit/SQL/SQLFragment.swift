/// Whether SQL text from the schema is one piece that can be written into a statement as it is: an expression
/// (`CHECK (...)`, `GENERATED ALWAYS AS (...)`, a policy's `USING (...)`, an index's `WHERE`) or a view's query.
///
/// schemagen writes these texts into the DDL without parsing them, so text that closes the parenthesis around it,
/// ends the statement or comments out what follows (`n > 0); DROP TABLE t; --`) would change the DDL rather than
/// make one constraint wrong. This is a lexical check, PostgreSQL's own rules for literals, names and comments:
/// literals and comments closed, brackets balanced, no `;`, and for an expression no top-level `,` and no operator
/// left without its operand at the end. It accepts whatever PostgreSQL may accept; PostgreSQL judges the rest.
package enum SQLFragment {
    /// What the text must be.
    package enum Kind {
        /// One value expression.
        case expression
        /// A whole query (`SELECT ...`, `WITH ...`, `VALUES ...`), without the statement's `;`.
        case query
    }

    /// Why the text is not one piece of the kind, or nil when it is.
    ///
    /// `closedOnItsOwnLine`: the writer puts the closing parenthesis on a line of its own when the text has a `--`
    /// comment (policy expressions), so a comment may run to the end.
    package static func problem(in text: String, kind: Kind, closedOnItsOwnLine: Bool = false) -> String? {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var brackets: [Unicode.Scalar] = []
        // The last token outside comments: a word (folded) or a symbol, for the check of a dangling operator.
        var last: (word: Bool, text: String)?
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
                while index < scalars.count, scalars[index] != "\n", scalars[index] != "\r" { index += 1 }
                if index >= scalars.count && !closedOnItsOwnLine {
                    return "a -- comment runs to its end, so it would comment out what schemagen writes after it; end it with a line break or use /* */"
                }
            } else if scalar == "/" && next == "*" {
                // PostgreSQL nests block comments.
                var depth = 1
                index += 2
                while index < scalars.count, depth > 0 {
                    if scalars[index] == "/", index + 1 < scalars.count, scalars[index + 1] == "*" {
                        depth += 1
                        index += 2
                    } else if scalars[index] == "*", index + 1 < scalars.count, scalars[index + 1] == "/" {
                        depth -= 1
                        index += 2
                    } else {
                        index += 1
                    }
                }
                if depth > 0 { return "a /* comment is not closed" }
            } else if scalar == "'" {
                let escapes = escapeString
                escapeString = false
                index += 1
                var closed = false
                while index < scalars.count {
                    if escapes && scalars[index] == "\\" { index += 2; continue }
                    if scalars[index] == "'" {
                        if index + 1 < scalars.count, scalars[index + 1] == "'" { index += 2; continue }
                        closed = true
                        break
                    }
                    index += 1
                }
                if !closed { return "a string literal ('...') is not closed" }
                index += 1
                last = (false, "'")
            } else if scalar == "\"" {
                index += 1
                var closed = false
                while index < scalars.count {
                    if scalars[index] == "\"" {
                        if index + 1 < scalars.count, scalars[index + 1] == "\"" { index += 2; continue }
                        closed = true
                        break
                    }
                    index += 1
                }
                if !closed { return "a quoted name (\"...\") is not closed" }
                index += 1
                last = (false, "\"")
            } else if scalar == "$", let tagEnd = dollarTagEnd(scalars, from: index) {
                let tag = Array(scalars[index...tagEnd])
                index = tagEnd + 1
                var closed = false
                while index < scalars.count {
                    if scalars[index] == "$", index + tag.count <= scalars.count, Array(scalars[index..<(index + tag.count)]) == tag {
                        index += tag.count
                        closed = true
                        break
                    }
                    index += 1
                }
                if !closed { return "a dollar-quoted string (\(String(String.UnicodeScalarView(tag)))...) is not closed" }
                last = (false, "$")
            } else if isWordStart(scalar) {
                var word = String.UnicodeScalarView()
                while index < scalars.count, isWordPart(scalars[index]) {
                    word.append(scalars[index])
                    index += 1
                }
                let text = String(word).lowercased()
                if index < scalars.count, scalars[index] == "'", ["e", "b", "x", "n"].contains(text) {
                    escapeString = text == "e"
                    continue
                }
                last = (true, text)
            } else if ("0"..."9").contains(scalar) {
                while index < scalars.count, isWordPart(scalars[index]) || scalars[index] == "." { index += 1 }
                last = (false, "0")
            } else if scalar == "(" || scalar == "[" {
                brackets.append(scalar)
                index += 1
                last = (false, String(scalar))
            } else if scalar == ")" || scalar == "]" {
                let open: Unicode.Scalar = scalar == ")" ? "(" : "["
                guard brackets.popLast() == open else { return "'\(scalar)' closes nothing that was opened" }
                index += 1
                last = (false, String(scalar))
            } else if scalar == ";" {
                return "';' would end the statement"
            } else if scalar == "," {
                if kind == .expression && brackets.isEmpty { return "a ',' outside parentheses starts a second expression" }
                index += 1
                last = (false, ",")
            } else {
                // An operator: PostgreSQL reads a run of operator characters as one (a comment start ends it).
                var symbol = String.UnicodeScalarView()
                while index < scalars.count, "+-*/<>=~!@#%^&|`?:.".unicodeScalars.contains(scalars[index]) {
                    let following: Unicode.Scalar? = index + 1 < scalars.count ? scalars[index + 1] : nil
                    if !symbol.isEmpty, (scalars[index] == "-" && following == "-") || (scalars[index] == "/" && following == "*") { break }
                    symbol.append(scalars[index])
                    index += 1
                }
                if symbol.isEmpty {
                    symbol.append(scalar)
                    index += 1
                }
                last = (false, String(symbol))
            }
        }
        if let open = brackets.last { return "'\(open)' is not closed" }
        guard let last else { return "it is empty" }
        if kind == .expression {
            // `*` may end one (`t.*`, `count(*)` is closed by its parenthesis anyway).
            if !last.word, !["'", "\"", "$", "0", ")", "]"].contains(last.text), !last.text.hasSuffix("*") {
                return "it ends with '\(last.text)', which needs an operand after it"
            }
            if last.word, danglingWords.contains(last.text) {
                return "it ends with '\(last.text.uppercased())', which needs something after it"
            }
        }
        return nil
    }

    /// Words an expression cannot end with.
    private static let danglingWords: Set<String> = [
        "and", "or", "not", "is", "in", "like", "ilike", "similar", "between", "symmetric", "case", "when", "then", "else",
        "collate", "escape", "any", "some", "all", "distinct", "from", "as", "at", "overlaps", "cast", "array",
    ]

    /// The index of the closing `$` of a dollar-quote tag starting at `start` (`$$`, `$tag$`), as `SQLLexer` reads it.
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
}

/// PostgreSQL's lexical structure, as far as schemagen needs it to read an expression written by the user:
/// names, quoted names, literals (string, dollar-quoted, numeric) and symbols; comments and whitespace dropped.
package enum SQLLexer {
    /// One lexical token of an expression.
    package struct Token: Equatable {
        package enum Kind: Equatable {
            /// An unquoted name, kept as written (PostgreSQL folds it to lower case).
            case word
            /// A double-quoted name, unescaped.
            case quoted
            /// Punctuation or an operator (`(`, `)`, `.`, `::`, `=`).
            case symbol
            /// A string literal, quoted or dollar-quoted, as written.
            case string
            /// A numeric literal, as written.
            case number
        }

        package var kind: Kind
        /// The name (unescaped for a quoted name), the symbol, or the literal's source text.
        package var text: String

        package init(kind: Kind, text: String) {
            self.kind = kind
            self.text = text
        }
    }

    /// Splits an expression into tokens; comments and whitespace are dropped, literals kept as one token each.
    package static func tokenize(_ expression: String) -> [Token] {
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
                let start = index
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
                tokens.append(Token(kind: .string, text: source(scalars, start, index)))
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
                let start = index
                let tag = Array(scalars[index...tagEnd])
                index = tagEnd + 1
                while index < scalars.count {
                    if scalars[index] == "$", index + tag.count <= scalars.count, Array(scalars[index..<(index + tag.count)]) == tag {
                        index += tag.count
                        break
                    }
                    index += 1
                }
                tokens.append(Token(kind: .string, text: source(scalars, start, index)))
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
                let start = index
                while index < scalars.count, isWordPart(scalars[index]) || scalars[index] == "." { index += 1 }
                tokens.append(Token(kind: .number, text: source(scalars, start, index)))
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

    private static func source(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<min(end, scalars.count)])
        return String(view)
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


    /// Whether a line break lies inside a string literal or a quoted name, where re-indenting the text would
    /// change what it means.
    package static func hasLineBreakInLiteral(_ expression: String) -> Bool {
        tokenize(expression).contains { ($0.kind == .string || $0.kind == .quoted) && $0.text.contains("\n") }
    }
}

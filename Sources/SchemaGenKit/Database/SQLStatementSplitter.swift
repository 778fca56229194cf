/// Splits a SQL file into statements at top-level semicolons, outside quotes ('', "", E'', $tag$...$tag$),
/// comments (--, nested /* */) and SQL-standard function bodies (`BEGIN ATOMIC ... END`, whose statements end in
/// semicolons of their own). Comments before a statement are dropped; the text is trimmed, without its `;`.
public enum SQLStatementSplitter {
    /// One statement and the line it starts on (1-based).
    public struct Statement: Sendable, Equatable {
        /// The statement's text, trimmed, without the final semicolon.
        public var text: String
        /// The line of the file the statement starts on.
        public var line: Int
    }

    /// The statements of `sql`, in order.
    public static func split(_ sql: String) -> [Statement] {
        let chars = Array(sql.unicodeScalars)
        var result: [Statement] = []
        var current = String.UnicodeScalarView()
        var startLine = 0
        var line = 1
        var i = 0
        // Inside `BEGIN ATOMIC`: the open BEGIN ATOMIC and CASE words that an END closes; semicolons do not split.
        var atomicDepth = 0
        var previousWord = ""
        func append(_ scalar: Unicode.Scalar) {
            if current.isEmpty && scalar.properties.isWhitespace { return }
            if current.isEmpty { startLine = line }
            current.append(scalar)
        }
        func finish() {
            let text = String(current).trimmingTrailingWhitespace()
            if !text.isEmpty { result.append(Statement(text: text, line: startLine)) }
            current = String.UnicodeScalarView()
        }
        func advance(_ scalar: Unicode.Scalar, keep: Bool) {
            if keep { append(scalar) }
            if scalar == "\n" { line += 1 }
            i += 1
        }
        while i < chars.count {
            let c = chars[i]
            let next: Unicode.Scalar? = i + 1 < chars.count ? chars[i + 1] : nil
            if c == "-" && next == "-" {
                // A line comment: kept inside a statement, dropped before one.
                let keep = !current.isEmpty
                while i < chars.count && chars[i] != "\n" { advance(chars[i], keep: keep) }
            } else if c == "/" && next == "*" {
                let keep = !current.isEmpty
                var depth = 0
                repeat {
                    if chars[i] == "/" && i + 1 < chars.count && chars[i + 1] == "*" {
                        depth += 1; advance(chars[i], keep: keep); advance(chars[i], keep: keep)
                    } else if chars[i] == "*" && i + 1 < chars.count && chars[i + 1] == "/" {
                        depth -= 1; advance(chars[i], keep: keep); advance(chars[i], keep: keep)
                    } else {
                        advance(chars[i], keep: keep)
                    }
                } while i < chars.count && depth > 0
            } else if c == "'" || c == "\"" {
                let escapes = c == "'" && i > 0 && (chars[i - 1] == "E" || chars[i - 1] == "e") && (i < 2 || !isIdentifierPart(chars[i - 2]))
                advance(c, keep: true)
                while i < chars.count {
                    let d = chars[i]
                    if escapes && d == "\\" && i + 1 < chars.count { advance(d, keep: true); advance(chars[i], keep: true); continue }
                    advance(d, keep: true)
                    if d == c {
                        if i < chars.count && chars[i] == c { advance(chars[i], keep: true); continue }
                        break
                    }
                }
            } else if c == "$", let tag = dollarTag(chars, at: i), i == 0 || !isIdentifierPart(chars[i - 1]) {
                for _ in 0..<tag.count { advance(chars[i], keep: true) }
                while i < chars.count {
                    if chars[i] == "$" && Array(chars[i..<min(chars.count, i + tag.count)]) == tag {
                        for _ in 0..<tag.count { advance(chars[i], keep: true) }
                        break
                    }
                    advance(chars[i], keep: true)
                }
            } else if isIdentifierStart(c), i == 0 || !isIdentifierPart(chars[i - 1]) && chars[i - 1] != "$" {
                var word = String.UnicodeScalarView()
                while i < chars.count, isIdentifierPart(chars[i]) || chars[i] == "$" {
                    word.append(chars[i])
                    advance(chars[i], keep: true)
                }
                let upper = String(word).uppercased()
                if upper == "ATOMIC" && previousWord == "BEGIN" {
                    atomicDepth += 1
                } else if atomicDepth > 0 && upper == "CASE" {
                    atomicDepth += 1
                } else if atomicDepth > 0 && upper == "END" {
                    atomicDepth -= 1
                }
                previousWord = upper
                continue
            } else if c == ";" && atomicDepth == 0 {
                i += 1
                previousWord = ""
                finish()
            } else {
                if !c.properties.isWhitespace { previousWord = "" }
                advance(c, keep: true)
            }
        }
        finish()
        return result
    }

    /// `$tag$` starting at `index`, if there is one.
    private static func dollarTag(_ chars: [Unicode.Scalar], at index: Int) -> [Unicode.Scalar]? {
        var j = index + 1
        while j < chars.count, chars[j] != "$" {
            guard isIdentifierPart(chars[j]), !(j == index + 1 && ("0"..."9").contains(chars[j])) else { return nil }
            j += 1
        }
        guard j < chars.count else { return nil }
        return Array(chars[index...j])
    }

    private static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic
    }

    private static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic || ("0"..."9").contains(c)
    }
}

extension String {
    fileprivate func trimmingTrailingWhitespace() -> String {
        var scalars = Array(unicodeScalars)
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}

/// Python lexical rules for the generated models: string literals, docstrings, comments, SQL text and identifiers.
///
/// Every piece of user text that reaches `models.py` goes through exactly one of these functions.
package enum Python {
    /// A string literal that evaluates to `text`.
    ///
    /// Double quotes unless single quotes need fewer escapes (the choice `ruff format` and black make, so the output
    /// is stable under them); control, format and line-separator characters are escaped so no input can end the
    /// literal, the line or hide text (bidi overrides).
    package static func string(_ text: String) -> String {
        let doubles = text.unicodeScalars.filter { $0 == "\"" }.count
        let singles = text.unicodeScalars.filter { $0 == "'" }.count
        let quote: Unicode.Scalar = singles < doubles ? "'" : "\""
        var out = String(quote)
        for scalar in text.unicodeScalars {
            if scalar == quote {
                out += "\\" + String(quote)
            } else {
                out += escaped(scalar)
            }
        }
        out.unicodeScalars.append(quote)
        return out
    }

    /// A docstring (`"""..."""`) for `text`, its continuation lines indented by `indent` spaces.
    ///
    /// Laid out as PEP 257 and `ruff format` do: one line when the text has one, otherwise the closing quotes on
    /// their own line; common indentation of the continuation lines removed; a `"` next to the delimiters padded
    /// with a space; a `"` followed by another escaped so three never meet.
    package static func docstring(_ text: String, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        let lines = docstringLines(text)
        guard !lines.isEmpty else { return "\"\"\"\"\"\"" }
        var body = lines.map(escapeDocstringLine)
        if body.count == 1 {
            return "\"\"\"" + padQuotes(body[0], first: true, last: true) + "\"\"\""
        }
        body[0] = padQuotes(body[0], first: true, last: false)
        let rest = body.dropFirst().map { $0.isEmpty ? "" : pad + $0 }
        return "\"\"\"" + ([body[0]] + rest).joined(separator: "\n") + "\n" + pad + "\"\"\""
    }

    /// `# `-comment lines for `text`, each indented by `indent` spaces; nothing in the text can end the comment early.
    package static func comment(_ text: String, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        return docstringLines(text).map { line in
            var out = ""
            for scalar in line.unicodeScalars { out += scalar == "\\" ? "\\" : escaped(scalar) }
            return out.isEmpty ? pad + "#" : pad + "# " + out
        }
    }

    /// A string literal of SQL text for SQLAlchemy's `text()` (and the strings it coerces with it, such as a
    /// `CheckConstraint`'s), escaped so SQLAlchemy passes the SQL on unchanged.
    package static func sqlString(_ sql: String) -> String {
        string(escapeBindParameters(sql))
    }

    /// Escapes what SQLAlchemy's `text()` would not pass through verbatim: a `:name` it parses as a bind parameter
    /// (`(?<![:\w$\\]):([\w$]+)(?![:\w$])`) becomes `\:name`, and a `\:` it would unescape to `:`
    /// (`\\(:[\w$]*)(?![:\w$])`) becomes `\\:`; `::casts` and `a:b` are left alone.
    package static func escapeBindParameters(_ sql: String) -> String {
        let chars = Array(sql.unicodeScalars)
        // Python's `\w`: letters, characters with a numeric value, and `_`.
        func isWord(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
            default: return scalar == "_" || scalar == "$" || scalar.properties.numericType != nil
            }
        }
        var out = String.UnicodeScalarView()
        for (index, scalar) in chars.enumerated() {
            if scalar == ":" {
                var end = index + 1
                while end < chars.count, isWord(chars[end]) { end += 1 }
                let standsAlone = end >= chars.count || !(chars[end] == ":" || isWord(chars[end]))
                let previous = index > 0 ? chars[index - 1] : nil
                if standsAlone, let previous, previous == "\\" {
                    out.append("\\")
                } else if standsAlone, end > index + 1, previous.map({ !($0 == ":" || isWord($0)) }) ?? true {
                    out.append("\\")
                }
            }
            out.append(scalar)
        }
        return String(out)
    }

    /// Whether `name` can be written as a Python identifier that reads back as itself: letters, digits and `_`
    /// of any script (PEP 3131) unchanged by NFKC normalisation, not starting with a digit, not a keyword.
    package static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || isASCIILetter(first) || first.properties.isXIDStart else {
            return false
        }
        return Naming.pythonIdentifierText(name) == name && !hardKeywords.contains(name)
    }

    /// Keywords that can never be identifiers (soft keywords such as `type` and `match` can).
    package static let hardKeywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]

    // MARK: Helpers

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    /// The escape of one scalar inside a literal (quotes are the caller's business).
    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\\": return "\\\\"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default: break
        }
        // Printable ASCII is itself (its general category, without the property lookup).
        if scalar.value >= 0x20, scalar.value < 0x7F { return String(scalar) }
        switch scalar.properties.generalCategory {
        case .control:
            return "\\x" + hex(scalar.value, width: 2)
        case .format, .lineSeparator, .paragraphSeparator, .privateUse, .unassigned, .surrogate:
            return scalar.value <= 0xFFFF ? "\\u" + hex(scalar.value, width: 4) : "\\U" + hex(scalar.value, width: 8)
        default:
            return String(scalar)
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        String(value, radix: 16).leftPadded(to: width)
    }

    /// Text split into lines as a docstring shows it: newlines normalised, trailing spaces and surrounding blank
    /// lines removed, the continuation lines' common indentation removed (as `inspect.cleandoc` does).
    private static func docstringLines(_ text: String) -> [String] {
        let normalized = text.utf8.contains(UInt8(ascii: "\r"))
            ? text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") : text
        var lines = normalized.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var text = String(line)
            while let last = text.unicodeScalars.last, last == " " || last == "\t" || last == "\u{0C}" {
                text.unicodeScalars.removeLast()
            }
            return text
        }
        while let first = lines.first, first.isEmpty { lines.removeFirst() }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        guard !lines.isEmpty else { return [] }
        lines[0] = String(lines[0].drop { $0 == " " || $0 == "\t" })
        let indents = lines.dropFirst().filter { !$0.isEmpty }.map { $0.prefix { $0 == " " }.count }
        if let common = indents.min(), common > 0 {
            for index in lines.indices.dropFirst() where !lines[index].isEmpty {
                lines[index] = String(lines[index].dropFirst(common))
            }
        }
        return lines
    }

    /// One docstring line with its backslashes and control characters escaped and no `""` left.
    private static func escapeDocstringLine(_ line: String) -> String {
        let scalars = Array(line.unicodeScalars)
        var out = ""
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\"" && index + 1 < scalars.count && scalars[index + 1] == "\"" {
                out += "\\\""
            } else {
                out += escaped(scalar)
            }
        }
        return out
    }

    /// A space between the text and the delimiter when the text starts or ends with a quote.
    private static func padQuotes(_ line: String, first: Bool, last: Bool) -> String {
        var text = line
        if first && text.hasPrefix("\"") { text = " " + text }
        if last && text.hasSuffix("\"") { text += " " }
        return text
    }
}

/// PostgreSQL lexical rules shared by every part that writes SQL text: identifiers and literals.
package enum SQLSyntax {
    /// Quotes an identifier when PostgreSQL would otherwise fold, reject or misread it.
    package static func quoteIdent(_ name: String) -> String {
        if isBareIdentifier(name) { return name }
        return alwaysQuote(name)
    }

    /// Always-quoted identifier, for places where quoting is the convention (policy names are free text).
    package static func alwaysQuote(_ name: String) -> String {
        "\"" + doubling(UInt8(ascii: "\""), in: name) + "\""
    }

    /// The text with every `quote` doubled (Foundation's `replacingOccurrences` is slow on text without any).
    static func doubling(_ quote: UInt8, in text: String) -> String {
        guard text.utf8.contains(quote) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 4)
        for byte in text.utf8 {
            bytes.append(byte)
            if byte == quote { bytes.append(byte) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `schema.name`, each part quoted as needed.
    package static func qualified(_ name: QualifiedName) -> String {
        quoteIdent(name.schema) + "." + quoteIdent(name.name)
    }

    /// A string literal: `'it''s'`, or `E'...'` when it holds backslashes or control characters.
    package static func literal(_ text: String) -> String {
        let needsEscape = text.unicodeScalars.contains { $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F }
        if !needsEscape { return "'" + doubling(UInt8(ascii: "'"), in: text) + "'" }
        var out = "E'"
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "''"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 2)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "'"
    }

    /// A dollar-quoted body (`$tag$...$tag$`) whose tag does not occur in the body, so nothing in it can end it.
    package static func dollarQuoted(_ body: String, tag: String = "schemagen") -> String {
        var delimiter = "$\(tag)$"
        var counter = 0
        // PostgreSQL looks for the closing delimiter byte by byte, also across the seam of body and delimiter.
        while firstOffset(of: Array(delimiter.utf8), in: Array((body + delimiter).utf8)) != body.utf8.count {
            counter += 1
            delimiter = "$\(tag)\(counter)$"
        }
        return delimiter + body + delimiter
    }

    private static func firstOffset(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }

    /// A string literal as PostgreSQL itself prints one (`pg_get_expr`, with the default
    /// `standard_conforming_strings = on`): quotes doubled, everything else verbatim, no `E` prefix. For text that
    /// must equal what the catalog says, such as the ORM's copy of a default.
    package static func standardLiteral(_ text: String) -> String {
        "'" + doubling(UInt8(ascii: "'"), in: text) + "'"
    }

    /// Whether the name can be written without quotes: lower-case ASCII start, letters, digits, `_`, not reserved.
    package static func isBareIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) else { return false }
        for scalar in name.unicodeScalars {
            let ok = scalar == "_" || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
            if !ok { return false }
        }
        return !reservedKeywords.contains(name)
    }

    /// PostgreSQL's reserved and type-function keywords (categories R and T of `pg_get_keywords()`), which need quotes as column names.
    package static let reservedKeywords: Set<String> = [
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "binary",
        "both", "case", "cast", "check", "collate", "collation", "column", "concurrently", "constraint", "create",
        "cross", "current_catalog", "current_date", "current_role", "current_schema", "current_time",
        "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end",
        "except", "false", "fetch", "for", "foreign", "freeze", "from", "full", "grant", "group", "having", "ilike",
        "in", "initially", "inner", "intersect", "into", "is", "isnull", "join", "lateral", "leading", "left",
        "like", "limit", "localtime", "localtimestamp", "natural", "not", "notnull", "null", "offset", "on", "only",
        "or", "order", "outer", "overlaps", "placing", "primary", "references", "returning", "right", "select",
        "session_user", "similar", "some", "symmetric", "system_user", "table", "tablesample", "then", "to",
        "trailing", "true", "union", "unique", "user", "using", "variadic", "verbose", "when", "where", "window",
        "with",
    ]
}

extension String {
    package func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}

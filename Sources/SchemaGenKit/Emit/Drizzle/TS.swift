/// TypeScript lexical rules: the one place that writes strings, comments, template literals, keys and names.
package enum TS {
    /// A single-quoted string literal that means exactly `text`.
    package static func string(_ text: String) -> String {
        var out = "'"
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out += escapedIfInvisible(scalar)
            }
        }
        return out + "'"
    }

    /// A string literal as postgres-meta writes it (`JSON.stringify`) and prettier then prints it: double quotes,
    /// unless the text holds more double than single quotes; JSON's escapes for `\\`, control characters and the
    /// quote used.
    package static func prettierString(_ text: String) -> String {
        let doubles = text.unicodeScalars.filter { $0 == "\"" }.count
        let singles = text.unicodeScalars.filter { $0 == "'" }.count
        let quote: Unicode.Scalar = doubles > singles ? "'" : "\""
        var out = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case quote: out += "\\" + String(quote)
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{8}": out += "\\b"
            case "\u{C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.unicodeScalars.append(quote)
        return out
    }

    /// A type-literal key as prettier prints a quoted one (`quoteProps: "as-needed"`): bare when it is an ES5
    /// identifier name written without escapes, else `prettierString`.
    package static func prettierKey(_ key: String) -> String {
        guard let first = key.unicodeScalars.first, isES5IdentifierStart(first),
              key.unicodeScalars.allSatisfy({ isES5IdentifierStart($0) || isES5IdentifierPart($0) }) else {
            return prettierString(key)
        }
        return key
    }

    private static func isES5IdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        if isIdentifierStart(scalar) { return true }
        guard scalar.value > 0x7F, scalar.value <= 0xFFFF else { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .letterNumber: return true
        default: return false
        }
    }

    private static func isES5IdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        if isIdentifierPart(scalar) { return true }
        guard scalar.value > 0x7F, scalar.value <= 0xFFFF else { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .decimalNumber, .connectorPunctuation: return true
        default: return scalar.value == 0x200C || scalar.value == 0x200D
        }
    }

    /// The body of a template literal (without the backticks) whose cooked value is exactly `text`.
    ///
    /// Drizzle's `sql` tag reads the cooked strings, so escapes written here reach the SQL as the characters they
    /// stand for. CR is escaped because template literals turn a raw CR or CRLF into LF.
    package static func templateLiteral(_ text: String) -> String {
        var out = ""
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "`": out += "\\`"
            case "{" where previous == "$": out += "\\{"
            case "\r": out += "\\r"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            default: out += escapedIfInvisible(scalar)
            }
            previous = scalar
        }
        return out
    }

    /// A `/** ... */` comment holding `text`, indented by `indent`; nil for no text.
    ///
    /// `*/` cannot close the comment early (its slash is escaped); line breaks of any kind become comment lines.
    package static func docComment(_ text: String?, indent: String = "") -> String? {
        guard let text else { return nil }
        var cleaned = ""
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            switch scalar {
            case "/" where previous == "*": cleaned += "\\/"
            case "\n" where previous == "\r": break
            case "\n", "\r", "\u{2028}", "\u{2029}", "\u{85}": cleaned += "\n"
            case "\t": cleaned += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    cleaned += " "
                } else {
                    cleaned.unicodeScalars.append(scalar)
                }
            }
            previous = scalar
        }
        var lines = cleaned.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0).trimmingTrailingSpaces()
        }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        if lines.isEmpty { return nil }
        if lines.count == 1 { return "\(indent)/** \(lines[0]) */" }
        let body = lines.map { $0.isEmpty ? "\(indent) *" : "\(indent) * \($0)" }
        return ([indent + "/**"] + body + [indent + " */"]).joined(separator: "\n")
    }

    /// An object or type-literal key: bare when it is an identifier, quoted otherwise.
    package static func propertyKey(_ key: String) -> String {
        isIdentifierName(key) ? key : string(key)
    }

    /// `object.key`, or `object['key']` when the key is not an identifier.
    package static func member(_ object: String, _ key: String) -> String {
        isIdentifierName(key) ? "\(object).\(key)" : "\(object)[\(string(key))]"
    }

    /// A binding name made from `candidate`: invalid characters become `_`, a leading digit gets `_`, and a reserved
    /// word gets a trailing `_`. Non-ASCII letters are replaced too, so every TypeScript version reads the name.
    package static func identifier(_ candidate: String) -> String {
        var out = ""
        for scalar in candidate.unicodeScalars {
            out += isIdentifierPart(scalar) ? String(scalar) : "_"
        }
        if out.isEmpty { return "_" }
        if let first = out.unicodeScalars.first, !isIdentifierStart(first) { out = "_" + out }
        if reserved.contains(out) { out += "_" }
        return out
    }

    /// Whether `name` can be written bare as a property name (reserved words are allowed there).
    package static func isIdentifierName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, isIdentifierStart(first) else { return false }
        return name.unicodeScalars.allSatisfy(isIdentifierPart)
    }

    /// Whether `name` can be a binding (an identifier that is not reserved).
    package static func isBinding(_ name: String) -> Bool {
        isIdentifierName(name) && !reserved.contains(name)
    }

    /// A JavaScript number literal for canonical decimal text (`-1.50`, `007`): leading zeros dropped, since `007` is an
    /// octal literal that strict mode rejects. Nil when the text is not a plain decimal.
    package static func number(_ text: String) -> String? {
        var body = Substring(text)
        var sign = ""
        if body.hasPrefix("-") { sign = "-"; body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let integer = parts.first, !integer.isEmpty || parts.count == 2,
              integer.allSatisfy(\.isASCIIDigit), parts.dropFirst().allSatisfy({ $0.allSatisfy(\.isASCIIDigit) })
        else { return nil }
        var whole = String(integer.drop { $0 == "0" })
        if whole.isEmpty { whole = "0" }
        if parts.count == 2, !parts[1].isEmpty { return sign + whole + "." + parts[1] }
        return sign + whole
    }

    /// A TypeScript expression for a JSON document (compact JSON text): strings re-quoted with `string`, numbers with
    /// `number`, keys with `propertyKey`; `__proto__` becomes a computed key so it stays an own property. Nil when the
    /// text is not JSON.
    package static func jsonLiteral(_ json: String) -> String? {
        var parser = JSONReader(scalars: Array(json.unicodeScalars))
        guard let value = parser.value(depth: 0) else { return nil }
        parser.skipSpace()
        return parser.atEnd ? value : nil
    }

    private static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_" || scalar == "$"
    }

    private static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || ("0"..."9").contains(scalar)
    }

    /// Control characters, line and paragraph separators and the BOM as escapes; everything else as itself.
    private static func escapedIfInvisible(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0..<0x20, 0x7F, 0x85, 0x2028, 0x2029, 0xFEFF:
            return "\\u" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
        default:
            return String(scalar)
        }
    }

    /// Words that cannot name a binding in a module (strict mode), plus names a module must not shadow.
    package static let reserved: Set<String> = TargetKeywords.typescript.union([
        "let", "static", "implements", "interface", "package", "private", "protected", "public", "yield", "await",
        "enum", "null", "true", "false", "undefined", "NaN", "Infinity", "arguments", "eval",
    ])

    /// Converts JSON text to a TypeScript expression, one value at a time.
    private struct JSONReader {
        var scalars: [Unicode.Scalar]
        var index = 0

        var atEnd: Bool { index >= scalars.count }

        mutating func skipSpace() {
            while index < scalars.count, [" ", "\n", "\r", "\t"].contains(scalars[index]) { index += 1 }
        }

        mutating func value(depth: Int) -> String? {
            skipSpace()
            guard depth < 128, index < scalars.count else { return nil }
            switch scalars[index] {
            case "{":
                index += 1
                var members: [String] = []
                skipSpace()
                if index < scalars.count, scalars[index] == "}" { index += 1; return "{}" }
                while true {
                    skipSpace()
                    guard let key = stringValue() else { return nil }
                    skipSpace()
                    guard index < scalars.count, scalars[index] == ":" else { return nil }
                    index += 1
                    guard let item = value(depth: depth + 1) else { return nil }
                    let renderedKey = key == "__proto__" ? "[\(TS.string(key))]" : TS.propertyKey(key)
                    members.append("\(renderedKey): \(item)")
                    skipSpace()
                    guard index < scalars.count else { return nil }
                    if scalars[index] == "," { index += 1; continue }
                    if scalars[index] == "}" { index += 1; break }
                    return nil
                }
                return "{ " + members.joined(separator: ", ") + " }"
            case "[":
                index += 1
                var items: [String] = []
                skipSpace()
                if index < scalars.count, scalars[index] == "]" { index += 1; return "[]" }
                while true {
                    guard let item = value(depth: depth + 1) else { return nil }
                    items.append(item)
                    skipSpace()
                    guard index < scalars.count else { return nil }
                    if scalars[index] == "," { index += 1; continue }
                    if scalars[index] == "]" { index += 1; break }
                    return nil
                }
                return "[" + items.joined(separator: ", ") + "]"
            case "\"":
                return stringValue().map(TS.string)
            default:
                return word()
            }
        }

        mutating func word() -> String? {
            var text = ""
            while index < scalars.count, !([",", "]", "}", " ", "\n", "\r", "\t", ":"] as [Unicode.Scalar]).contains(scalars[index]) {
                text.unicodeScalars.append(scalars[index])
                index += 1
            }
            if ["true", "false", "null"].contains(text) { return text }
            guard text.range(of: #"^-?\d+(\.\d+)?([eE][+-]?\d+)?$"#, options: .regularExpression) != nil else { return nil }
            let parts = text.split(whereSeparator: { $0 == "e" || $0 == "E" }).map(String.init)
            guard let mantissa = TS.number(parts[0]) else { return nil }
            return parts.count == 2 ? mantissa + "e" + parts[1] : mantissa
        }

        mutating func stringValue() -> String? {
            guard index < scalars.count, scalars[index] == "\"" else { return nil }
            index += 1
            var out = ""
            while index < scalars.count {
                let scalar = scalars[index]
                index += 1
                switch scalar {
                case "\"": return out
                case "\\":
                    guard index < scalars.count else { return nil }
                    let escape = scalars[index]
                    index += 1
                    switch escape {
                    case "\"": out += "\""
                    case "\\": out += "\\"
                    case "/": out += "/"
                    case "b": out += "\u{8}"
                    case "f": out += "\u{C}"
                    case "n": out += "\n"
                    case "r": out += "\r"
                    case "t": out += "\t"
                    case "u":
                        guard let unit = hex4() else { return nil }
                        if (0xD800..<0xDC00).contains(unit), index + 1 < scalars.count, scalars[index] == "\\", scalars[index + 1] == "u" {
                            index += 2
                            guard let low = hex4(), (0xDC00..<0xE000).contains(low),
                                  let combined = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)) else { return nil }
                            out.unicodeScalars.append(combined)
                        } else {
                            guard let single = Unicode.Scalar(unit) else { return nil }
                            out.unicodeScalars.append(single)
                        }
                    default: return nil
                    }
                default:
                    out.unicodeScalars.append(scalar)
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard index + 4 <= scalars.count else { return nil }
            var text = ""
            for scalar in scalars[index..<index + 4] { text.unicodeScalars.append(scalar) }
            index += 4
            return UInt32(text, radix: 16)
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}

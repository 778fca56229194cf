/// Swift lexical rules for generated code: identifiers, string literals and documentation comments.
///
/// Named like `SQLSyntax`; an `enum Swift` would shadow the standard library's module name inside this package.
package enum SwiftSyntax {
    /// A valid Swift identifier for a name: characters Swift rejects become `_`, a leading digit gets a `_`
    /// prefix, a lone `_` becomes `__`, and keywords get backticks (`` `class` ``).
    package static func identifier(_ name: String) -> String {
        var text = bareIdentifier(name)
        if TargetKeywords.swift.contains(text) { text = "`" + text + "`" }
        return text
    }

    /// The identifier without backticks, for names that are combined with others (`New` + a type name).
    package static func bareIdentifier(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            scalars.append(isIdentifierCharacter(scalar) ? scalar : "_")
        }
        if let first = scalars.first, !isIdentifierHead(first) { scalars.insert("_", at: scalars.startIndex) }
        let text = String(scalars)
        if text.isEmpty || text == "_" { return "__" }
        return text
    }

    /// A Swift string literal holding exactly `text`: backslashes, quotes and non-printing characters escaped, so
    /// `\(x)`, `"""` and line breaks stay text.
    package static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            default:
                if isInvisible(scalar) {
                    out += unicodeEscape(scalar)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// The lines of a `///` documentation comment (without indentation): one per line of `text`, trailing spaces
    /// dropped, non-printing characters shown as `\u{…}` so nothing can end the comment or hide in it.
    package static func docComment(_ text: String) -> [String] {
        var lines: [String] = []
        // Printable ASCII and LF: the lines are the text's own.
        if text.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A }) {
            return docCommentLines(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        }
        var current = ""
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n" where previous == "\r":
                break
            case "\n", "\r", "\u{2028}", "\u{2029}", "\u{85}":
                lines.append(current)
                current = ""
            case "\t":
                current += "    "
            default:
                if isInvisible(scalar) || scalar == "\0" {
                    current += unicodeEscape(scalar)
                } else {
                    current.unicodeScalars.append(scalar)
                }
            }
            previous = scalar
        }
        lines.append(current)
        return docCommentLines(lines)
    }

    private static func docCommentLines(_ lines: [String]) -> [String] {
        let trimmed = lines.map { line -> String in
            var end = line.endIndex
            while end > line.startIndex, line[line.index(before: end)] == " " { end = line.index(before: end) }
            return String(line[..<end])
        }
        let first = trimmed.firstIndex { !$0.isEmpty } ?? trimmed.endIndex
        let last = trimmed.lastIndex { !$0.isEmpty } ?? first
        guard first < trimmed.endIndex else { return [] }
        return trimmed[first...last].map { $0.isEmpty ? "///" : "/// " + $0 }
    }

    /// Control, format (bidirectional overrides, zero-width), separator and unassigned characters.
    private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        // In ASCII only the controls are (their general category, without the property lookup).
        if scalar.value < 0x80 { return scalar.value < 0x20 || scalar.value == 0x7F }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .unassigned, .privateUse, .surrogate:
            return true
        default:
            return false
        }
    }

    private static func unicodeEscape(_ scalar: Unicode.Scalar) -> String {
        "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    }

    /// Swift's identifier-head set (The Swift Programming Language, Lexical Structure), without invisible format
    /// characters, which Swift would accept but a reader cannot see.
    private static func isIdentifierHead(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_" { return true }
        if value < 0x80 || isInvisible(scalar) { return false }
        for range in identifierHeadRanges where range.contains(value) { return true }
        return false
    }

    private static func isIdentifierCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if ("0"..."9").contains(scalar) || isIdentifierHead(scalar) { return true }
        for range in combiningRanges where range.contains(scalar.value) { return true }
        return false
    }

    private static let identifierHeadRanges: [ClosedRange<UInt32>] = [
        0xA8...0xA8, 0xAA...0xAA, 0xAF...0xAF, 0xB2...0xB5, 0xB7...0xBA, 0xBC...0xBE, 0xC0...0xD6, 0xD8...0xF6,
        0xF8...0xFF, 0x100...0x2FF, 0x370...0x167F, 0x1681...0x180D, 0x180F...0x1DBF, 0x1E00...0x1FFF,
        0x203F...0x2040, 0x2054...0x2054, 0x2070...0x20CF, 0x2100...0x218F, 0x2460...0x24FF, 0x2776...0x2793,
        0x2C00...0x2DFF, 0x2E80...0x2FFF, 0x3004...0x3007, 0x3021...0x302F, 0x3031...0x303F, 0x3040...0xD7FF,
        0xF900...0xFD3D, 0xFD40...0xFDCF, 0xFDF0...0xFE1F, 0xFE30...0xFE44, 0xFE47...0xFFFD,
        0x10000...0x1FFFD, 0x20000...0x2FFFD, 0x30000...0x3FFFD, 0x40000...0x4FFFD, 0x50000...0x5FFFD,
        0x60000...0x6FFFD, 0x70000...0x7FFFD, 0x80000...0x8FFFD, 0x90000...0x9FFFD, 0xA0000...0xAFFFD,
        0xB0000...0xBFFFD, 0xC0000...0xCFFFD, 0xD0000...0xDFFFD, 0xE0000...0xEFFFD,
    ]

    private static let combiningRanges: [ClosedRange<UInt32>] = [
        0x300...0x36F, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F,
    ]
}

/// A Python expression as the line breaker sees it: text that is never broken, or brackets whose items may be.
package indirect enum PyExpr: Sendable, Equatable {
    /// Text laid out as is (a name, a literal, a short call).
    case atom(String)
    /// `head(items)`, `head[items]`, `(items)`, `{items}`; `oneTuple` writes the comma of a one-element tuple.
    case brackets(head: String, open: String, close: String, items: [PyExpr], oneTuple: Bool)
    /// Brackets that always put one item per line, with the trailing comma that keeps formatters from joining them.
    case exploded(head: String, open: String, close: String, items: [PyExpr])
    /// Text glued before an expression: `name=value`, `"key": value`.
    case prefixed(String, PyExpr)

    /// A call `callee(arguments)`.
    static func call(_ callee: String, _ arguments: [PyExpr]) -> PyExpr {
        .brackets(head: callee, open: "(", close: ")", items: arguments, oneTuple: false)
    }

    /// A keyword argument `name=value`.
    static func keyword(_ name: String, _ value: PyExpr) -> PyExpr {
        .prefixed(name + "=", value)
    }

    /// The expression on one line.
    var flat: String {
        switch self {
        case .atom(let text): return text
        case .prefixed(let prefix, let inner): return prefix + inner.flat
        case .brackets(let head, let open, let close, let items, let oneTuple):
            return head + open + items.map(\.flat).joined(separator: ", ") + (oneTuple ? "," : "") + close
        case .exploded(let head, let open, let close, let items):
            return head + open + items.map(\.flat).joined(separator: ", ") + "," + close
        }
    }
}

/// Breaks statements into lines the way `ruff format` (and black) do, so the generated module is stable under them:
/// one line when it fits in 88 columns; otherwise the last brackets open with their contents on one indented line;
/// otherwise one item per line with a trailing comma, each item broken the same way.
package enum PythonLayout {
    /// The line length of `ruff format` and black.
    package static let lineLength = 88

    /// The lines of `prefix + expression + suffix` at `indent` spaces.
    package static func lines(_ expression: PyExpr, indent: Int, prefix: String = "", suffix: String = "") -> [String] {
        let pad = String(repeating: " ", count: indent)
        let line = pad + prefix + expression.flat + suffix
        if case .exploded(let head, let open, let close, let items) = expression {
            return [pad + prefix + head + open] + items.flatMap { lines($0, indent: indent + 4, suffix: ",") }
                + [pad + close + suffix]
        }
        if width(line) <= lineLength { return [line] }
        switch expression {
        case .atom, .exploded:
            return [line]
        case .prefixed(let glued, let inner):
            return lines(inner, indent: indent, prefix: prefix + glued, suffix: suffix)
        case .brackets(let head, let open, let close, let items, let oneTuple):
            if items.isEmpty { return [line] }
            let opening = pad + prefix + head + open
            let closing = pad + close + suffix
            // An assignment whose left side leaves no room even for `call(`: the right side goes in parentheses on
            // its own line, when it fits there (ruff's "prefer splitting the right-hand side").
            if width(opening) > lineLength, prefix.hasSuffix(" = "),
               width(String(repeating: " ", count: indent + 4) + expression.flat) <= lineLength {
                return [pad + prefix + "(", String(repeating: " ", count: indent + 4) + expression.flat, pad + ")" + suffix]
            }
            let inner = String(repeating: " ", count: indent + 4)
            let body = inner + items.map(\.flat).joined(separator: ", ") + (oneTuple ? "," : "")
            // A call keeps its arguments together on one line when they fit there; a list, set, dict or tuple
            // display of several items is split one item a line (as ruff format does).
            let isDisplay = head.isEmpty && items.count > 1
            if width(body) <= lineLength && !isDisplay { return [opening, body, closing] }
            // A single item keeps no trailing comma (none is needed), unless it is a one-element tuple.
            let itemSuffix = items.count > 1 || oneTuple ? "," : ""
            return [opening] + items.flatMap { lines($0, indent: indent + 4, suffix: itemSuffix) } + [closing]
        }
    }

    /// Columns a line takes in an editor: East Asian wide characters count two, combining marks none.
    package static func width(_ text: String) -> Int {
        // ASCII has no marks and no wide characters: one column per byte.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.utf8.count }
        var total = 0
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark: continue
            default: break
            }
            total += isWide(scalar.value) ? 2 : 1
        }
        return total
    }

    private static func isWide(_ value: UInt32) -> Bool {
        let ranges: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
            0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
        ]
        return ranges.contains { $0.contains(value) }
    }
}

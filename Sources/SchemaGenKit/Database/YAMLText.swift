import Foundation

/// Writing YAML by hand for `schemagen pull`: scalars quoted only where YAML needs it, in the block or flow style.
enum YAMLText {
    /// Words YAML 1.1 readers (PyYAML, many editors) take for booleans or null.
    private static let reserved: Set<String> = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    ]

    /// A scalar as YAML: plain when that reads back as the same string, else double-quoted with JSON's escapes.
    /// `flow`: inside `{ ... }` or `[ ... ]`, where `,[]{}` end a plain scalar.
    static func scalar(_ text: String, flow: Bool = false) -> String {
        plainAllowed(text, flow: flow) ? text : quoted(text)
    }

    /// A double-quoted scalar.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                    || scalar.value == 0xFEFF || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func plainAllowed(_ text: String, flow: Bool) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        if reserved.contains(text.lowercased()) { return false }
        if first == " " || last == " " || last == ":" { return false }
        // Anything a YAML reader could take for a number, a date or another type stays quoted.
        if first.properties.numericType != nil || first == "-" || first == "+" || first == "." { return false }
        let starts = "!&*%@`'\"#|>?:,[]{}<=~"
        if starts.unicodeScalars.contains(first) { return false }
        if text.contains(": ") || text.contains(" #") || text.contains("\t") { return false }
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) { return false }
            if scalar.value == 0xFEFF || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0x85 { return false }
            if flow, ",[]{}".unicodeScalars.contains(scalar) { return false }
        }
        return true
    }

    /// A block literal (`|`, `|-` or `|+`) for multi-line text, or nil when the text cannot be one exactly.
    static func literal(_ text: String, indent: Int) -> [String]? {
        guard text.contains("\n"), !text.contains("\r"), !text.unicodeScalars.contains(where: { scalar in
            (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || scalar.value == 0x7F
                || (0x80...0x9F).contains(scalar.value) || scalar.value == 0xFEFF || scalar.value == 0x2028
                || scalar.value == 0x2029
        }) else { return nil }
        var body = text
        var chomp = "-"
        if body.hasSuffix("\n") {
            body.removeLast()
            chomp = body.hasSuffix("\n") ? "+" : ""
            if chomp == "+" { return nil }
        }
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, !first.hasPrefix(" "), !first.isEmpty else { return nil }
        // A line of only spaces would be read as a blank line with fewer spaces.
        if lines.contains(where: { !$0.isEmpty && $0.allSatisfy { $0 == " " } }) { return nil }
        if lines.contains(where: { $0.hasPrefix("\t") }) { return nil }
        let pad = String(repeating: " ", count: indent)
        return ["|" + chomp] + lines.map { $0.isEmpty ? "" : pad + $0 }
    }
}

/// A YAML node to be written: the pulled schema is built as nodes, then written with a fixed layout.
indirect enum YAMLOut {
    /// A scalar written as it is (a number, `true`, `now()`, a type spelling already checked).
    case raw(String)
    /// A string, quoted as needed.
    case string(String)
    case list([YAMLOut])
    case map([(String, YAMLOut)])

    /// Whether the node can be written on one line.
    var isInline: Bool {
        switch self {
        case .raw: return true
        case .string(let text): return !text.contains("\n")
        case .list(let items): return items.allSatisfy { if case .list = $0 { return false }; if case .map = $0 { return false }; return $0.isInline }
        case .map(let pairs): return pairs.allSatisfy { if case .list(let items) = $0.1 { return items.allSatisfy(\.isInline) && !items.contains { if case .list = $0 { return true }; if case .map = $0 { return true }; return false } }; if case .map = $0.1 { return false }; return $0.1.isInline }
        }
    }

    /// The node in flow style on one line.
    func flow() -> String {
        switch self {
        case .raw(let text): return text
        case .string(let text): return YAMLText.scalar(text, flow: true)
        case .list(let items): return "[" + items.map { $0.flow() }.joined(separator: ", ") + "]"
        case .map(let pairs):
            if pairs.isEmpty { return "{}" }
            return "{ " + pairs.map { YAMLText.scalar($0.0, flow: true) + ": " + $0.1.flow() }.joined(separator: ", ") + " }"
        }
    }

    /// The lines of `key: value` at `indent`, choosing flow style when it fits in `width`.
    static func entry(_ key: String, _ value: YAMLOut, indent: Int, width: Int = 120) -> [String] {
        let pad = String(repeating: " ", count: indent)
        let keyText = YAMLText.scalar(key)
        switch value {
        case .raw(let text): return [pad + keyText + ": " + text]
        case .string(let text):
            if text.contains("\n"), let lines = YAMLText.literal(text, indent: indent + 2) {
                return [pad + keyText + ": " + lines[0]] + lines.dropFirst()
            }
            return [pad + keyText + ": " + YAMLText.scalar(text)]
        case .list(let items):
            if items.isEmpty { return [pad + keyText + ": []"] }
            if value.isInline {
                let line = pad + keyText + ": " + value.flow()
                if line.count <= width { return [line] }
            }
            return [pad + keyText + ":"] + items.flatMap { item(_: $0, indent: indent + 2, width: width) }
        case .map(let pairs):
            if pairs.isEmpty { return [pad + keyText + ": {}"] }
            if value.isInline {
                let line = pad + keyText + ": " + value.flow()
                if line.count <= width { return [line] }
            }
            return [pad + keyText + ":"] + pairs.flatMap { entry($0.0, $0.1, indent: indent + 2, width: width) }
        }
    }

    /// The lines of a list item `- value` at `indent`.
    static func item(_ value: YAMLOut, indent: Int, width: Int = 120) -> [String] {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .raw(let text): return [pad + "- " + text]
        case .string(let text):
            if text.contains("\n"), let lines = YAMLText.literal(text, indent: indent + 2) {
                return [pad + "- " + lines[0]] + lines.dropFirst()
            }
            return [pad + "- " + YAMLText.scalar(text)]
        case .list:
            return [pad + "- " + value.flow()]
        case .map(let pairs):
            if value.isInline {
                let line = pad + "- " + value.flow()
                if line.count <= width { return [line] }
            }
            var lines: [String] = []
            for (index, pair) in pairs.enumerated() {
                let sub = entry(pair.0, pair.1, indent: indent + 2, width: width)
                if index == 0, let first = sub.first {
                    lines.append(pad + "- " + first.dropFirst(indent + 2))
                    lines += sub.dropFirst()
                } else {
                    lines += sub
                }
            }
            return lines
        }
    }
}

import Foundation

/// Renders a YAML value as compact JSON text, the form JSON defaults are stored in.
package enum JSONText {
    package static func render(_ node: YAMLNode, depth: Int = 0) -> String? {
        if depth > 64 { return nil }
        switch node.kind {
        case .scalar(let text, let plain):
            if !plain { return quote(text) }
            if node.isNull { return "null" }
            if text == "true" || text == "false" { return text }
            if let value = Int64(text) { return String(value) }
            if let number = Validator.decimalText(text), !text.contains("e"), !text.contains("E") { return jsonNumber(number) }
            return quote(text)
        case .sequence(let items):
            var parts: [String] = []
            for item in items {
                guard let part = render(item, depth: depth + 1) else { return nil }
                parts.append(part)
            }
            return "[" + parts.joined(separator: ",") + "]"
        case .mapping(let pairs):
            var parts: [String] = []
            for pair in pairs {
                guard let key = pair.key.scalar, let value = render(pair.value, depth: depth + 1) else { return nil }
                parts.append(quote(key) + ":" + value)
            }
            return "{" + parts.joined(separator: ",") + "}"
        }
    }

    /// JSON forbids leading zeros: `-007.5` → `-7.5`.
    static func jsonNumber(_ decimal: String) -> String {
        let negative = decimal.hasPrefix("-")
        let digits = negative ? decimal.dropFirst() : Substring(decimal)
        var integer = digits.prefix { $0 != "." }
        let fraction = digits.dropFirst(integer.count)
        while integer.count > 1, integer.first == "0" { integer = integer.dropFirst() }
        return (negative ? "-" : "") + integer + fraction
    }

    /// A JSON string literal.
    package static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

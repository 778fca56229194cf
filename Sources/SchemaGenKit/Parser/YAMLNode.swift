/// A YAML node with its place in the file: the raw document the validator reads.
package struct YAMLNode: Sendable {
    package enum Kind: Sendable {
        /// A scalar; `plain` is false when it was quoted or a block scalar, so `"true"` stays a string.
        case scalar(String, plain: Bool)
        case sequence([YAMLNode])
        case mapping([(key: YAMLNode, value: YAMLNode)])
    }

    package var kind: Kind
    package var location: SourceLocation

    package var kindName: String {
        switch kind {
        case .scalar(let text, let plain): return plain && YAMLNode.isNull(text) ? "null" : "scalar"
        case .sequence: return "list"
        case .mapping: return "mapping"
        }
    }

    /// How a diagnostic shows the node: `'text'` (cut after 40 characters), `null`, `a list` or `a mapping`.
    package var shown: String {
        switch kind {
        case .scalar(let text, _):
            if isNull { return "null" }
            let line = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let cut = line.count > 40 || line.count < text.count
            return "'" + line.prefix(40) + (cut ? "..." : "") + "'"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    /// The scalar's text, if this is a scalar.
    package var scalar: String? {
        if case .scalar(let text, _) = kind { return text }
        return nil
    }

    /// Whether this is a plain `null`, `~` or empty scalar.
    package var isNull: Bool {
        if case .scalar(let text, let plain) = kind { return plain && YAMLNode.isNull(text) }
        return false
    }

    static func isNull(_ text: String) -> Bool {
        text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }
}

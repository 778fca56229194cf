/// Typed access to `YAMLNode`s that reports every mismatch to the sink and carries on.
///
/// The document path of a value is needed only for a diagnostic, so the typed readers take it as an autoclosure:
/// `path + ".nullable"` is built when something is reported, not for every key that is read.
package struct Reader {
    package var sink: DiagnosticSink

    package init(file: String) {
        sink = DiagnosticSink(file: file)
    }

    package mutating func report(_ entry: DiagnosticEntry, _ node: YAMLNode, _ path: String) {
        sink.report(entry, at: node.location, path: path)
    }

    package mutating func report(_ entry: DiagnosticEntry, at location: SourceLocation, _ path: String) {
        sink.report(entry, at: location, path: path)
    }

    /// The entries of a mapping with string keys; reports unknown keys when `allowed` is given.
    package mutating func mapping(_ node: YAMLNode, _ path: @autoclosure () -> String, allowed: [String]? = nil) -> [Entry]? {
        guard case .mapping(let pairs) = node.kind else {
            report(.wrongKind(expected: "a mapping", found: node.shown), node, path())
            return nil
        }
        var entries: [Entry] = []
        entries.reserveCapacity(pairs.count)
        for pair in pairs {
            guard let key = pair.key.scalar else {
                report(.wrongKind(expected: "a string key", found: pair.key.shown), pair.key, path())
                continue
            }
            if let allowed, !allowed.contains(key) {
                report(.unknownKey(key, allowed: allowed), pair.key, path())
                continue
            }
            entries.append(Entry(key: key, keyNode: pair.key, value: pair.value))
        }
        return entries
    }

    /// A scalar's text; nil (with an error) for lists and mappings, and for null unless allowed.
    package mutating func string(_ node: YAMLNode, _ path: @autoclosure () -> String, what: String = "a string") -> String? {
        guard case .scalar(let text, _) = node.kind, !node.isNull else {
            report(.wrongKind(expected: what, found: node.shown), node, path())
            return nil
        }
        return text
    }

    package mutating func bool(_ node: YAMLNode, _ path: @autoclosure () -> String) -> Bool? {
        if case .scalar(let text, let plain) = node.kind, plain {
            switch text {
            case "true", "True", "TRUE": return true
            case "false", "False", "FALSE": return false
            default: break
            }
        }
        report(.wrongKind(expected: "true or false", found: node.shown), node, path())
        return nil
    }

    package mutating func int(_ node: YAMLNode, _ path: @autoclosure () -> String) -> Int? {
        if case .scalar(let text, true) = node.kind, let value = Int(text) { return value }
        report(.wrongKind(expected: "an integer", found: node.shown), node, path())
        return nil
    }

    /// A list of strings; a single scalar counts as a list of one.
    package mutating func stringList(_ node: YAMLNode, _ path: @autoclosure () -> String) -> [(String, YAMLNode)]? {
        switch node.kind {
        case .scalar:
            guard let text = string(node, path()) else { return nil }
            return [(text, node)]
        case .sequence(let items):
            var result: [(String, YAMLNode)] = []
            for (offset, item) in items.enumerated() {
                if let text = string(item, "\(path())[\(offset)]") { result.append((text, item)) }
            }
            return result
        case .mapping:
            report(.wrongKind(expected: "a string or a list of strings", found: "mapping"), node, path())
            return nil
        }
    }

    package mutating func list(_ node: YAMLNode, _ path: @autoclosure () -> String) -> [YAMLNode]? {
        if case .sequence(let items) = node.kind { return items }
        report(.wrongKind(expected: "a list", found: node.shown), node, path())
        return nil
    }
}

/// One key of a mapping with its nodes.
package struct Entry {
    package var key: String
    package var keyNode: YAMLNode
    package var value: YAMLNode
}

extension Array where Element == Entry {
    package subscript(key: String) -> Entry? {
        first { $0.key == key }
    }
}

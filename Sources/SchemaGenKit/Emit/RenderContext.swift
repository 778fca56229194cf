import Mustache

/// A template context turned, once, into dictionaries and arrays the Mustache renderer looks names up in by hash.
///
/// The renderer finds `{{name}}` in a struct by building a `Mirror` and scanning its children, for every lookup and
/// again at every level of the context stack it climbs: with thousands of tables that is most of the run. Walking
/// the context once gives the same lookups: a stored property becomes a key; an absent optional becomes no key, so
/// the lookup climbs to the enclosing object exactly as it does when the Mirror finds `nil`; a present optional is
/// unwrapped as the Mirror lookup unwraps it. Values the renderer treats specially (strings, numbers, booleans,
/// anything with its own description, Mustache's own protocols) stay as they are, and so does an array whose
/// elements need no change, so its transforms (`sorted`) keep working.
enum RenderContext {
    /// Deep enough for any context; a cycle through classes stops here and is left to the Mirror lookups.
    static let maximumDepth = 64

    static func prepare(_ context: Any) -> Any {
        var converter = Converter()
        return converter.convert(context, depth: 0) ?? context
    }

    /// What a type is to the conversion; decided once per type, since the dynamic casts are what cost.
    private enum Kind {
        case leaf, optional, array, object
    }

    private struct Converter {
        var kinds: [ObjectIdentifier: Kind] = [:]

        /// The converted value, or nil when it is used as it is.
        mutating func convert(_ value: Any, depth: Int) -> Any? {
            if depth > RenderContext.maximumDepth { return nil }
            switch kind(of: value) {
            case .leaf:
                return nil
            case .optional:
                guard let wrapped = (value as? AnyOptionalValue)?.wrappedValue else { return nil }
                return convert(wrapped, depth: depth + 1) ?? wrapped
            case .array:
                guard let array = value as? [Any] else { return nil }
                var changed = false
                let elements = array.map { element -> Any in
                    guard let converted = convert(element, depth: depth + 1) else { return element }
                    changed = true
                    return converted
                }
                return changed ? elements : nil
            case .object:
                let mirror = Mirror(reflecting: value)
                var object: [String: Any] = [:]
                object.reserveCapacity(Int(mirror.children.count))
                for child in mirror.children {
                    guard let label = child.label, object[label] == nil else { continue }
                    var stored = child.value
                    if kind(of: stored) == .optional {
                        guard let wrapped = (stored as? AnyOptionalValue)?.wrappedValue else { continue }
                        stored = wrapped
                    }
                    object[label] = convert(stored, depth: depth + 1) ?? stored
                }
                return object
            }
        }

        mutating func kind(of value: Any) -> Kind {
            let type = ObjectIdentifier(Swift.type(of: value))
            if let known = kinds[type] { return known }
            let kind: Kind
            if value is AnyOptionalValue {
                kind = .optional
            } else if value is [Any] {
                // Before the leaf test: arrays describe themselves.
                kind = .array
            } else if RenderContext.isLeaf(value) {
                kind = .leaf
            } else {
                let mirror = Mirror(reflecting: value)
                let isObject = (mirror.displayStyle == .struct || mirror.displayStyle == .class) && mirror.superclassMirror == nil
                kind = isObject ? .object : .leaf
            }
            kinds[type] = kind
            return kind
        }
    }

    static func isLeaf(_ value: Any) -> Bool {
        value is String || value is Substring || value is Bool || value is Int
            || value is CustomStringConvertible || value is CustomDebugStringConvertible || value is TextOutputStreamable
            || value is MustacheParent || value is MustacheCustomRepresentation || value is MustacheCustomRenderable
            || value is MustacheLambda
    }
}

/// An optional of any type, to unwrap without a Mirror.
private protocol AnyOptionalValue {
    var wrappedValue: Any? { get }
}

extension Optional: AnyOptionalValue {
    fileprivate var wrappedValue: Any? { self.map { $0 as Any } }
}

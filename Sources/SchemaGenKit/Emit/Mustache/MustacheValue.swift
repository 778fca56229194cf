/// A value a template renders: what a context becomes, once, before rendering.
///
/// The contexts are `Encodable` structs; `MustacheValue.encode` turns one into this tree through its synthesized
/// `encode(to:)`, so no field is found by reflection. An object keeps its fields in declaration order and is looked up
/// by comparing keys, which for the few fields of a context type is faster than hashing.
package enum MustacheValue: Sendable {
    case string(String)
    case bool(Bool)
    case int(Int)
    case double(Double)
    case list([MustacheValue])
    /// Fields in declaration order; `type` tells objects of different context types apart.
    case object(MustacheObject)
    /// An optional field without a value: it renders as nothing, is false in a section, and ends the name lookup
    /// (the name does not climb to an enclosing object).
    case absent

    /// What an optional field without a value becomes.
    package enum AbsentFields: Sendable {
        /// No field: a lookup of its name climbs to the enclosing objects.
        case omitted
        /// An `absent` field: a lookup of its name ends there.
        case absent
    }

    /// The value of an `Encodable` context.
    package static func encode<T: Encodable>(_ context: T, absentFields: AbsentFields = .omitted) throws -> MustacheValue {
        let encoder = ValueEncoder(absentFields: absentFields)
        try context.encode(to: encoder)
        return encoder.value(type: ObjectIdentifier(T.self))
    }
}

/// A context that builds its own `MustacheValue`: the built-in emitters' contexts, which are rendered on every
/// run, skip the generic `Encoder` machinery (and the runtime's first lookups of its generic types).
package protocol MustacheRepresentable {
    var mustacheValue: MustacheValue { get }
}

extension MustacheValue {
    /// An object of type `type` with fields `keys` (shared by every object of the type) and their values.
    static func object<T>(_ type: T.Type, keys: [String], values: [MustacheValue]) -> MustacheValue {
        .object(MustacheObject(type: ObjectIdentifier(type), keys: keys, values: values))
    }

    /// A list of strings.
    static func strings(_ strings: [String]) -> MustacheValue {
        .list(strings.map { .string($0) })
    }
}

/// The fields of an object, in declaration order (a class, so a value on the render stack is one reference).
package final class MustacheObject: Sendable {
    let type: ObjectIdentifier
    let keys: [String]
    let values: [MustacheValue]

    init(type: ObjectIdentifier, keys: [String], values: [MustacheValue]) {
        self.type = type
        self.keys = keys
        self.values = values
    }

    @inline(__always)
    func field(_ name: String) -> MustacheValue? {
        var index = 0
        while index < keys.count {
            if keys[index] == name { return values[index] }
            index += 1
        }
        return nil
    }
}

/// Builds a `MustacheValue` from a value's `encode(to:)`.
private final class ValueEncoder: Encoder {
    enum Kind {
        case empty, single, keyed, unkeyed
    }

    let absentFields: MustacheValue.AbsentFields
    var kind = Kind.empty
    var single = MustacheValue.absent
    var keys: [String] = []
    var values: [MustacheValue] = []
    var codingPath: [CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(absentFields: MustacheValue.AbsentFields) {
        self.absentFields = absentFields
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if kind != .keyed { kind = .keyed; keys = []; values = [] }
        return KeyedEncodingContainer(KeyedContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        if kind != .unkeyed { kind = .unkeyed; values = [] }
        return UnkeyedContainer(encoder: self)
    }

    /// What was encoded; `type` names an object's type.
    func value(type: ObjectIdentifier) -> MustacheValue {
        switch kind {
        case .empty: return .absent
        case .single: return single
        case .keyed: return .object(MustacheObject(type: type, keys: keys, values: values))
        case .unkeyed: return .list(values)
        }
    }

    func singleValueContainer() -> SingleValueEncodingContainer { SingleContainer(encoder: self) }

    func append(_ key: String, _ value: MustacheValue) {
        keys.append(key)
        values.append(value)
    }

    func append(_ value: MustacheValue) {
        values.append(value)
    }

    func value<T: Encodable>(of value: T) throws -> MustacheValue {
        // Comparing the type first spares the dynamic casts for the common nested structs and arrays.
        if T.self == String.self, let string = value as? String { return .string(string) }
        if T.self == Bool.self, let bool = value as? Bool { return .bool(bool) }
        if T.self == Int.self, let int = value as? Int { return .int(int) }
        let nested = ValueEncoder(absentFields: absentFields)
        try value.encode(to: nested)
        return nested.value(type: ObjectIdentifier(T.self))
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: ValueEncoder
        var codingPath: [CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws { absent(key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { encoder.append(key.stringValue, .bool(value)) }
        mutating func encode(_ value: String, forKey key: Key) throws { encoder.append(key.stringValue, .string(value)) }
        mutating func encode(_ value: Double, forKey key: Key) throws { encoder.append(key.stringValue, .double(value)) }
        mutating func encode(_ value: Float, forKey key: Key) throws { encoder.append(key.stringValue, .double(Double(value))) }
        mutating func encode(_ value: Int, forKey key: Key) throws { encoder.append(key.stringValue, .int(value)) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            encoder.append(key.stringValue, try encoder.value(of: value))
        }
        mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) } else { absent(key) }
        }
        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) } else { absent(key) }
        }
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) } else { absent(key) }
        }
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) } else { absent(key) }
        }

        private func absent(_ key: Key) {
            if encoder.absentFields == .absent { encoder.append(key.stringValue, .absent) }
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey> {
            // Not used by synthesized conformances; the nested object is encoded on its own.
            let nested = ValueEncoder(absentFields: encoder.absentFields)
            let container = nested.container(keyedBy: keyType)
            encoder.append(key.stringValue, .absent)
            return container
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
            let nested = ValueEncoder(absentFields: encoder.absentFields)
            return nested.unkeyedContainer()
        }

        mutating func superEncoder() -> Encoder { encoder }
        mutating func superEncoder(forKey key: Key) -> Encoder { encoder }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let encoder: ValueEncoder
        var codingPath: [CodingKey] { [] }
        var count: Int { encoder.values.count }

        mutating func encodeNil() throws { encoder.append(.absent) }
        mutating func encode(_ value: String) throws { encoder.append(.string(value)) }
        mutating func encode(_ value: Bool) throws { encoder.append(.bool(value)) }
        mutating func encode(_ value: Int) throws { encoder.append(.int(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { encoder.append(try encoder.value(of: value)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            ValueEncoder(absentFields: encoder.absentFields).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
            ValueEncoder(absentFields: encoder.absentFields).unkeyedContainer()
        }

        mutating func superEncoder() -> Encoder { encoder }
    }

    struct SingleContainer: SingleValueEncodingContainer {
        let encoder: ValueEncoder
        var codingPath: [CodingKey] { [] }

        mutating func encodeNil() throws { set(.absent) }
        mutating func encode(_ value: String) throws { set(.string(value)) }
        mutating func encode(_ value: Bool) throws { set(.bool(value)) }
        mutating func encode(_ value: Int) throws { set(.int(value)) }
        mutating func encode(_ value: Double) throws { set(.double(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { set(try encoder.value(of: value)) }

        private func set(_ value: MustacheValue) {
            encoder.kind = .single
            encoder.single = value
        }
    }
}

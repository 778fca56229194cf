// The part of the Swift round-trip programs that does not depend on a schema: reading the JSON PostgreSQL wrote,
// checking decoded values, writing what the generated types encode. Compiled with a generated Models.swift and one
// program (pixcrawler.swift, swift-types.swift) as main.swift by SwiftRoundTripTests.
import Foundation

/// One run of a round-trip program over the files the test wrote in `directory`.
struct RoundTrip {
    let directory: URL
    let decoder = SchemaCoding.makeDecoder()
    let encoder = SchemaCoding.makeEncoder()
    private(set) var failures: [String] = []
    private(set) var checks = 0

    init(arguments: [String]) {
        directory = URL(fileURLWithPath: arguments.count > 2 ? arguments[2] : ".")
    }

    /// The rows PostgreSQL wrote for a table with `json_agg` (`<table><suffix>.json`); nil when they do not decode.
    mutating func rows<Row: Decodable>(_ type: Row.Type, _ table: String, suffix: String = "") -> [Row]? {
        let url = directory.appendingPathComponent(table + suffix + ".json")
        do {
            return try decoder.decode([Row].self, from: try Data(contentsOf: url))
        } catch {
            failures.append("\(table)\(suffix): cannot decode [\(Row.self)]: \(error)")
            return nil
        }
    }

    /// Decodes a table's rows as written in UTC and as written in another time zone (`.tz`), checks both give the
    /// same values, and writes them back with the generated encoding to `<table>.out.json`.
    mutating func roundTrip<Row: Codable & Equatable>(_ type: Row.Type, _ table: String) -> [Row] {
        guard let rows = rows(type, table) else { return [] }
        if let zoned = self.rows(type, table, suffix: ".tz") {
            checks += 1
            if zoned.count != rows.count {
                failures.append("\(table): \(zoned.count) rows in another time zone, \(rows.count) in UTC")
            }
            // Compared as encoded too, because a NaN column makes a row unequal to itself.
            for (utc, other) in zip(rows, zoned) where utc != other && (try? encoder.encode(utc)) != (try? encoder.encode(other)) {
                failures.append("\(table): written in another time zone, a row decodes differently: \(Self.differences(other, utc))")
            }
        }
        write(rows, table + ".out")
        return rows
    }

    /// Checks a decoded row against the expected one, naming the properties that differ.
    mutating func expect<Row>(_ actual: Row?, equals expected: Row, _ what: String) where Row: Equatable {
        checks += 1
        guard let actual else {
            failures.append("\(what): no such row")
            return
        }
        if actual != expected { failures.append("\(what): \(Self.differences(actual, expected))") }
    }

    mutating func expect(_ condition: Bool, _ what: @autoclosure () -> String) {
        checks += 1
        if !condition { failures.append(what()) }
    }

    /// Writes a value with the generated encoding to `<name>.json`.
    mutating func write<T: Encodable>(_ value: T, _ name: String) {
        do {
            try encoder.encode(value).write(to: directory.appendingPathComponent(name + ".json"))
        } catch {
            failures.append("\(name): cannot encode: \(error)")
        }
    }

    /// Prints the outcome and exits with 1 when a check failed.
    func finish() -> Never {
        if failures.isEmpty {
            print("\(checks) checks passed")
            exit(0)
        }
        print(failures.joined(separator: "\n"))
        print("\(failures.count) of \(checks) checks failed")
        exit(1)
    }

    /// `property: actual != expected` for each stored property that differs.
    static func differences(_ actual: Any, _ expected: Any) -> String {
        let parts = zip(Mirror(reflecting: actual).children, Mirror(reflecting: expected).children).compactMap { pair -> String? in
            let (left, right) = pair
            let leftText = String(describing: left.value)
            let rightText = String(describing: right.value)
            return leftText == rightText ? nil : "\(left.label ?? "?"): \(leftText) != expected \(rightText)"
        }
        return parts.isEmpty ? "\(actual) != expected \(expected)" : parts.joined(separator: "; ")
    }
}

/// The instant of a timestamp written as in the SQL that inserted it.
func at(_ text: String) -> Date {
    SchemaCoding.parseTimestamp(text) ?? .distantPast
}

/// A UUID literal.
func uuid(_ text: String) -> UUID {
    UUID(uuidString: text) ?? UUID()
}

/// A decimal literal, from its digits.
func decimal(_ text: String) -> Decimal {
    Decimal(string: text) ?? .nan
}

/// The row with an id.
func find<Row: Identifiable>(_ rows: [Row], _ id: Row.ID) -> Row? {
    rows.first { $0.id == id }
}

import Foundation

/// The recorded state of the last migration: the validated schema as deterministic, readable JSON (sorted keys,
/// indented), without what changes with every edit of the file (source places, the file's hash).
public enum MigrationSnapshot {
    /// The snapshot's file name inside the migrations directory.
    public static let fileName = "schema.snapshot.json"
    /// The integrity file's name inside the migrations directory.
    public static let sumFileName = "schemagen.sum"

    /// The version of the snapshot format this schemagen writes, recorded as `formatVersion`. Version 1 (no
    /// `formatVersion` key) predates extensions, sequences, declared types, domains, views, the
    /// `constraint_names` setting and the migration settings; those are read with their defaults (none, the
    /// PostgreSQL naming, the default settings). A snapshot of a newer version is refused.
    public static let formatVersion = 2
    /// The key of the format version in the snapshot.
    static let formatVersionKey = "formatVersion"

    /// A snapshot that cannot be read.
    public struct Unreadable: Error, CustomStringConvertible {
        /// What is wrong with it.
        public var reason: String
        public var description: String { reason }
    }

    /// The schema as snapshot text.
    public static func encode(_ schema: Schema) throws -> String {
        var recorded = schema
        recorded.origins = nil
        recorded.sourceHash = ""
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(recorded)
        guard var tree = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Unreadable(reason: "the schema does not encode as a JSON object")
        }
        tree.removeValue(forKey: "sourceHash")
        tree = strip(tree) as? [String: Any] ?? tree
        tree[formatVersionKey] = formatVersion
        let text = try JSONSerialization.data(withJSONObject: tree, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: text, as: UTF8.self) + "\n"
    }

    /// Reads a snapshot back; a file edited into something else is an error saying what is wrong.
    public static func decode(_ text: String) throws -> Schema {
        let tree: Any
        do {
            tree = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw Unreadable(reason: "it is not valid JSON (\(error.localizedDescription))")
        }
        guard var object = tree as? [String: Any] else { throw Unreadable(reason: "it is not a JSON object") }
        object["sourceHash"] = ""
        let version: Int
        switch object.removeValue(forKey: formatVersionKey) {
        case nil: version = 1
        case let number as Int: version = number
        default: throw Unreadable(reason: ".\(formatVersionKey) is not an integer")
        }
        guard version >= 1 else { throw Unreadable(reason: ".\(formatVersionKey) \(version) is not a snapshot format version") }
        guard version <= formatVersion else {
            throw Unreadable(reason: "it was written in snapshot format \(version) by a newer schemagen; this one reads formats up to \(formatVersion) (upgrade schemagen)")
        }
        object = withDefaults(object)
        let filled = restore(object)
        do {
            let data = try JSONSerialization.data(withJSONObject: filled)
            return try JSONDecoder().decode(Schema.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw Unreadable(reason: "\(path(context.codingPath + [key])) is missing")
        } catch let DecodingError.typeMismatch(_, context) {
            throw Unreadable(reason: "\(path(context.codingPath)) has the wrong type")
        } catch let DecodingError.valueNotFound(_, context) {
            throw Unreadable(reason: "\(path(context.codingPath)) is null")
        } catch let DecodingError.dataCorrupted(context) {
            throw Unreadable(reason: "\(path(context.codingPath)): \(context.debugDescription)")
        } catch {
            throw Unreadable(reason: "\(error)")
        }
    }

    static func path(_ keys: [CodingKey]) -> String {
        keys.isEmpty ? "the document" : keys.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
    }

    /// Fills the keys a snapshot of an earlier format (or one trimmed by hand) may lack with the defaults the IR
    /// declares for them, so that fields added to the IR with a default do not make older snapshots unreadable.
    static func withDefaults(_ object: [String: Any]) -> [String: Any] {
        var object = object
        for key in ["extensions", "sequences", "declaredTypes", "domains", "views"] where object[key] == nil {
            object[key] = [Any]()
        }
        if var settings = object["settings"] as? [String: Any] {
            if settings["constraintNames"] == nil { settings["constraintNames"] = ConstraintNaming.postgres.rawValue }
            let defaults = MigrationSettings()
            var migrations = settings["migrations"] as? [String: Any] ?? [:]
            if migrations["directory"] == nil { migrations["directory"] = defaults.directory }
            if migrations["format"] == nil { migrations["format"] = defaults.format.rawValue }
            if migrations["concurrentIndexes"] == nil { migrations["concurrentIndexes"] = defaults.concurrentIndexes }
            if migrations["validateSeparately"] == nil { migrations["validateSeparately"] = defaults.validateSeparately }
            if settings["migrations"] == nil || settings["migrations"] is [String: Any] { settings["migrations"] = migrations }
            object["settings"] = settings
        }
        for key in ["tables", "externalTables"] {
            guard let tables = object[key] as? [Any] else { continue }
            object[key] = tables.map { item -> Any in
                guard var table = item as? [String: Any] else { return item }
                if let columns = table["columns"] as? [Any] {
                    table["columns"] = columns.map { item -> Any in
                        guard var column = item as? [String: Any] else { return item }
                        if column["isProtected"] == nil { column["isProtected"] = false }
                        return column
                    }
                }
                guard let relations = table["relations"] as? [Any] else { return table }
                table["relations"] = relations.map { item -> Any in
                    guard var relation = item as? [String: Any] else { return item }
                    if relation["inDrizzle"] == nil { relation["inDrizzle"] = true }
                    if relation["inSQLAlchemy"] == nil { relation["inSQLAlchemy"] = true }
                    return relation
                }
                return table
            }
        }
        return object
    }

    /// Removes every `location` (places in the schema file).
    static func strip(_ value: Any) -> Any {
        if var object = value as? [String: Any] {
            object.removeValue(forKey: "location")
            for (key, item) in object { object[key] = strip(item) }
            return object
        }
        if let array = value as? [Any] { return array.map(strip) }
        return value
    }

    /// Puts a neutral place back into every named object, which the IR's types require.
    static func restore(_ value: Any) -> Any {
        if var object = value as? [String: Any] {
            if object["name"] != nil, object["location"] == nil, object["target"] == nil {
                object["location"] = ["line": 0, "column": 0]
            }
            for (key, item) in object { object[key] = restore(item) }
            return object
        }
        if let array = value as? [Any] { return array.map(restore) }
        return value
    }
}

/// The integrity file: a checksum of each migration, and of them all, so an edited or removed migration is noticed
/// (like Atlas's `atlas.sum`).
public enum MigrationSum {
    /// One line per migration: `<file> sha256:<hex>`, sorted, after a line with the total.
    public static func render(_ files: [(name: String, contents: String)]) -> String {
        let sorted = files.sorted { $0.name < $1.name }
        let lines = sorted.map { "\($0.name) sha256:\(SHA256.hex(Array($0.contents.utf8)))" }
        let total = SHA256.hex(Array(lines.joined(separator: "\n").utf8))
        return "total sha256:\(total)\n" + lines.map { $0 + "\n" }.joined()
    }

    /// The problems of the migrations on disk against the integrity file: edited, missing or unrecorded files.
    public static func verify(_ sum: String, files: [(name: String, contents: String)]) -> [String] {
        var recorded: [String: String] = [:]
        var problems: [String] = []
        var total: String?
        for line in sum.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 2 else {
                problems.append("\(MigrationSnapshot.sumFileName): unreadable line '\(line)'")
                continue
            }
            if parts[0] == "total" { total = String(parts[1]) } else { recorded[String(parts[0])] = String(parts[1]) }
        }
        for file in files.sorted(by: { $0.name < $1.name }) {
            let hash = "sha256:" + SHA256.hex(Array(file.contents.utf8))
            guard let expected = recorded.removeValue(forKey: file.name) else {
                problems.append("\(file.name): not in \(MigrationSnapshot.sumFileName) (added by hand, or by another branch)")
                continue
            }
            if expected != hash { problems.append("\(file.name): edited after it was generated (its checksum differs)") }
        }
        for name in recorded.keys.sorted() { problems.append("\(name): recorded in \(MigrationSnapshot.sumFileName) but missing") }
        if problems.isEmpty, let total, total != render(files).split(separator: "\n").first.map({ String($0.dropFirst("total ".count)) }) {
            problems.append("\(MigrationSnapshot.sumFileName): its total does not match its lines (edited by hand)")
        }
        return problems
    }
}

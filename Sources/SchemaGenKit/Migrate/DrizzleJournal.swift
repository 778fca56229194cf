import Foundation

/// drizzle-kit's `meta/_journal.json`: the list of migrations drizzle-orm's migrator applies, in order. Each entry
/// names its file (`<tag>.sql`) and carries `when`, the milliseconds the migrator records as `created_at` in
/// `drizzle.__drizzle_migrations` beside the SHA-256 of the file's text; it applies every entry whose `when` is
/// greater than the `created_at` of the last row.
public struct DrizzleJournal: Sendable, Equatable {
    /// The file, relative to the migrations directory.
    public static let fileName = "meta/_journal.json"
    /// The line between two statements of a migration; the migrator runs each part on its own.
    public static let breakpoint = "--> statement-breakpoint"
    /// Where the migrator records applied migrations (its defaults).
    public static let table = "drizzle.__drizzle_migrations"

    /// The journal's version (`"7"`), also written into each new entry.
    public var version: String
    /// The SQL dialect (`postgresql`).
    public var dialect: String
    /// The migrations, in the order the migrator applies them.
    public var entries: [Entry]

    /// One migration of the journal.
    public struct Entry: Sendable, Equatable, Codable {
        /// Its position.
        public var idx: Int
        /// The journal version it was written with.
        public var version: String
        /// Milliseconds since 1970: the migrator's order and its `created_at`.
        public var when: Int64
        /// The file's name without `.sql`.
        public var tag: String
        /// Whether statements are separated by breakpoints.
        public var breakpoints: Bool

        /// Creates an entry.
        public init(idx: Int, version: String, when: Int64, tag: String, breakpoints: Bool) {
            self.idx = idx
            self.version = version
            self.when = when
            self.tag = tag
            self.breakpoints = breakpoints
        }

        /// The migration file's name.
        public var fileName: String { tag + ".sql" }
    }

    private struct Document: Codable {
        var version: String
        var dialect: String
        var entries: [Entry]
    }

    /// Creates a journal.
    public init(version: String = "7", dialect: String = "postgresql", entries: [Entry] = []) {
        self.version = version
        self.dialect = dialect
        self.entries = entries
    }

    /// Reads the journal's text; throws a one-line message when it is not a drizzle-kit journal.
    public static func parse(_ text: String) throws -> DrizzleJournal {
        do {
            let document = try JSONDecoder().decode(Document.self, from: Data(text.utf8))
            return DrizzleJournal(version: document.version, dialect: document.dialect, entries: document.entries)
        } catch {
            throw JournalError(message: "\(fileName) cannot be read as drizzle-kit's journal (version, dialect, entries "
                               + "with idx, version, when, tag, breakpoints): \(error)")
        }
    }

    /// The journal's text as drizzle-kit writes it: `JSON.stringify(journal, null, 2)`, no final newline.
    public func render() -> String {
        let list = entries.map { Self.render($0, indent: "    ") }.joined(separator: ",\n")
        return "{\n  \"version\": \(JSONText.quote(version)),\n  \"dialect\": \(JSONText.quote(dialect)),\n"
            + (entries.isEmpty ? "  \"entries\": []\n}" : "  \"entries\": [\n\(list)\n  ]\n}")
    }

    /// `text` (this journal's file) with `entry` appended, the rest of the file left as it is; nil when the text is
    /// not laid out as drizzle-kit writes it (the caller then renders the whole journal).
    public static func appending(_ entry: Entry, to text: String) -> String? {
        guard let close = text.range(of: "]", options: .backwards),
              let last = text.range(of: "}", options: .backwards, range: text.startIndex..<close.lowerBound),
              let open = text.range(of: "{", options: .backwards, range: text.startIndex..<last.lowerBound) else { return nil }
        let lineStart = text[..<open.lowerBound].lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        let indent = String(text[lineStart..<open.lowerBound])
        guard indent.allSatisfy({ $0 == " " || $0 == "\t" }), !indent.isEmpty else { return nil }
        let result = String(text[..<last.upperBound]) + ",\n" + render(entry, indent: indent) + String(text[last.upperBound...])
        guard let parsed = try? parse(result), let before = try? parse(text), parsed.entries == before.entries + [entry] else { return nil }
        return result
    }

    /// The next entry for a migration named `name` written at `milliseconds`: the next idx, its number as the
    /// tag's four-digit prefix, and a `when` after every earlier one, or the migrator would skip it.
    public func nextEntry(name: String, milliseconds: Int64) -> Entry {
        let idx = (entries.last?.idx ?? -1) + 1
        let when = max(milliseconds, (entries.map(\.when).max() ?? 0) + 1)
        let number = String(idx)
        let prefix = String(repeating: "0", count: max(0, 4 - number.count)) + number
        return Entry(idx: idx, version: version, when: when, tag: "\(prefix)_\(name)", breakpoints: true)
    }

    /// The parts the migrator runs of a migration's text, each with the line it starts on.
    public static func statements(_ contents: String) -> [SQLStatementSplitter.Statement] {
        var result: [SQLStatementSplitter.Statement] = []
        var line = 1
        for part in contents.components(separatedBy: breakpoint) {
            let skipped = part.prefix { $0.isWhitespace }
            let text = part.trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { result.append(.init(text: text, line: line + skipped.filter(\.isNewline).count)) }
            line += part.filter(\.isNewline).count
        }
        return result
    }

    /// The hash the migrator records: SHA-256 of the file's text, in hex.
    public static func hash(_ contents: String) -> String {
        SHA256.hex(Array(contents.utf8))
    }

    private static func render(_ entry: Entry, indent: String) -> String {
        let inner = indent + "  "
        return "\(indent){\n\(inner)\"idx\": \(entry.idx),\n\(inner)\"version\": \(JSONText.quote(entry.version)),\n"
            + "\(inner)\"when\": \(entry.when),\n\(inner)\"tag\": \(JSONText.quote(entry.tag)),\n"
            + "\(inner)\"breakpoints\": \(entry.breakpoints)\n\(indent)}"
    }

    /// A journal that cannot be read.
    public struct JournalError: Error, Sendable {
        /// What is wrong.
        public var message: String
    }
}

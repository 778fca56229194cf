/// Where schemagen took over a migrations directory another tool wrote (the Supabase CLI, drizzle-kit, Alembic): the
/// last version of that history (a Supabase version, a drizzle-kit journal entry's `when`, an Alembic head revision),
/// and the versions the database had applied whose files are gone (squashed or deleted). `migrate apply` and `status`
/// treat both as history: what another tool recorded for them is not compared with the files.
public struct MigrationBaseline: Sendable, Equatable {
    /// The file in the migrations directory.
    public static let fileName = "schemagen.baseline"

    /// The last migration version when the baseline was taken (nil: the directory had none).
    public var version: String?
    /// The Alembic head revision when the baseline was taken (its ancestors are the history).
    public var revision: String?
    /// Versions applied to the database with no file in the directory.
    public var appliedWithoutFile: [String]

    /// Creates a baseline.
    public init(version: String?, revision: String? = nil, appliedWithoutFile: [String]) {
        self.version = version
        self.revision = revision
        self.appliedWithoutFile = appliedWithoutFile
    }

    /// Whether a version is part of the history before the baseline.
    public func isHistory(_ version: String) -> Bool {
        // Versions are digits: a shorter one is the smaller number.
        appliedWithoutFile.contains(version) || self.version.map { (version.count, version) <= ($0.count, $0) } == true
    }

    /// The file's text.
    public func render() -> String {
        var lines = [
            "# The migrations up to this version were written and applied before schemagen managed this directory",
            "# (schemagen migrate baseline). They are history: never run again, never compared with what was recorded.",
        ]
        if let version { lines.append("version \(version)") }
        if let revision { lines.append("revision \(revision)") }
        for applied in appliedWithoutFile.sorted() { lines.append("applied-without-file \(applied)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads the file's text; throws a message for a line it does not know.
    public static func parse(_ text: String) throws -> MigrationBaseline {
        var baseline = MigrationBaseline(version: nil, appliedWithoutFile: [])
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            let allowed: (Character) -> Bool = parts.first == "revision" ? { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
                : { $0.isASCII && $0.isNumber }
            guard parts.count == 2, parts[1].allSatisfy(allowed), !parts[1].isEmpty else {
                throw BaselineError(message: "\(fileName):\(index + 1): unreadable line '\(line)'")
            }
            switch parts[0] {
            case "version": baseline.version = parts[1]
            case "revision": baseline.revision = parts[1]
            case "applied-without-file": baseline.appliedWithoutFile.append(parts[1])
            default: throw BaselineError(message: "\(fileName):\(index + 1): unknown entry '\(parts[0])'")
            }
        }
        return baseline
    }

    /// A baseline file that cannot be read.
    public struct BaselineError: Error, Sendable {
        /// What is wrong, with the file and line.
        public var message: String
    }
}

import Foundation

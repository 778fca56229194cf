/// A table's row-level security.
public struct RowLevelSecurity: Sendable, Equatable, Codable {
    /// Whether `ENABLE ROW LEVEL SECURITY` is emitted.
    public var enabled: Bool
    /// Whether `FORCE ROW LEVEL SECURITY` is emitted (applies RLS to the table owner too).
    public var forced: Bool
    /// Whether a table with RLS and no policy is meant to be deny-all (silences the warning).
    public var denyAllIntended: Bool
    /// The owner column of the owner shorthand, if used.
    public var ownerColumn: String?
    /// Policies: the expanded owner shorthand first, then explicit ones, in declaration order.
    public var policies: [Policy]
}

/// A row-level security policy.
public struct Policy: Sendable, Equatable, Codable {
    /// The policy name (free text, quoted in SQL).
    public var name: String
    /// The command it applies to.
    public var command: Command
    /// The roles it applies to (`authenticated`); empty means `PUBLIC`.
    public var roles: [String]
    /// The `USING` expression, verbatim SQL.
    public var using: String?
    /// The `WITH CHECK` expression, verbatim SQL.
    public var withCheck: String?
    /// Whether the policy is permissive (or restrictive).
    public var permissive: Bool
    /// Where the policy was declared in the schema file.
    public var location: SourceLocation

    /// The SQL command a policy applies to.
    public enum Command: String, Sendable, Equatable, Codable, CaseIterable {
        case select
        case insert
        case update
        case delete
        case all

        /// The SQL spelling (`SELECT`).
        public var sql: String { rawValue.uppercased() }
    }
}

/// A position in the schema file (1-based line and column).
public struct SourceLocation: Sendable, Hashable, Codable, Comparable {
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int

    /// Creates a location.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

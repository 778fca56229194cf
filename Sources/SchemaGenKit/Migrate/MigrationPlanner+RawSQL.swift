import Foundation

/// Raw `sql:` blocks, planned by the objects their statements define rather than by replaying their text: a
/// statement already in the last migration's blocks is not run again; a changed function is replaced
/// (`CREATE OR REPLACE`, or dropped and created when its result type changes), a changed trigger replaced
/// (`CREATE OR REPLACE TRIGGER`), a changed policy or view dropped and created; an object whose statement is gone is
/// dropped (a function or trigger destructively), a grant that is gone revoked, a table that leaves a publication
/// dropped from it. A statement that defines nothing schemagen can name is run when new, and announced when gone.
extension MigrationPlanner {
    mutating func diffRawSQL() {
        let before = old.rawSQL.flatMap { block in RawStatement.all(in: block) }
        let after = new.rawSQL.flatMap { block in RawStatement.all(in: block) }
        let oldTexts = Set(before.map(\.normalized))
        let oldByKey = Dictionary(before.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let newKeys = Set(after.map(\.key))
        let location = section("sql")
        // A function dropped and created again loses its grants and comment: the statements that give them run again.
        let recreated = after.compactMap { statement -> String? in
            guard case .function(let name, _)? = statement.object, let previous = oldByKey[statement.key],
                  previous.resultType != statement.resultType else { return nil }
            return name
        }
        for statement in after where !oldTexts.contains(statement.normalized)
            || (statement.object?.isGrantOrComment == true && recreated.contains { statement.sql.contains($0) }) {
            var phase: Phase = statement.placement == .beforeTables ? .rawSQLBeforeTables : .rawSQL
            // A function taking or returning a table's row type cannot exist before the table.
            if phase == .rawSQLBeforeTables, case .function(_, let arguments)? = statement.object {
                let signature = RawStatement.words(arguments + " " + (statement.resultType ?? ""))
                if new.tables.contains(where: { signature.contains($0.name.name.lowercased()) || signature.contains($0.name.description.lowercased()) }) {
                    phase = .functionsAfterTables
                }
            }
            let previous = oldByKey[statement.key]
            let note = "raw SQL block '\(statement.block)': \(statement.object.map { "\($0.description) " } ?? "a statement ")"
                + (oldTexts.contains(statement.normalized) ? "runs again (its function is created again)" : previous == nil ? "is new" : "changed")
            if case .function? = statement.object {
                // A SQL function's body is checked against tables the same migration creates later (pg_dump's setting).
                add(.settings, "SET check_function_bodies = off;", at: location)
            }
            switch (statement.object, previous) {
            case (.function(let name, let arguments)?, let previous?):
                if previous.resultType != statement.resultType {
                    add(.dropTriggers, "DROP FUNCTION IF EXISTS \(name)(\(arguments));", at: location,
                        notes: ["function \(name)(\(arguments)): its result type changes, so it is dropped and created again"])
                }
                add(phase, statement.replacing(), at: location, notes: [note])
            case (.trigger(let name, let table, let constraint)?, _?):
                if constraint {
                    add(.dropTriggers, "DROP TRIGGER IF EXISTS \(name) ON \(table);", at: location, notes: [note])
                    add(phase, statement.sql, at: location)
                } else {
                    add(phase, statement.replacing(), at: location, notes: [note])
                }
            case (.policy(let name, let table)?, _?):
                add(.dropPolicies, "DROP POLICY IF EXISTS \(name) ON \(table);", at: location, notes: [note])
                add(phase, statement.sql, at: location)
            case (.view(let name, let materialized)?, _?) where !statement.replaces:
                add(.dropViews, "DROP \(materialized ? "MATERIALIZED " : "")VIEW IF EXISTS \(name);", at: location, notes: [note])
                add(phase, statement.sql, at: location)
            case (.index(let name)?, _?):
                add(.dropIndexes, "DROP INDEX IF EXISTS \(name);", at: location, notes: [note])
                add(phase, statement.sql, at: location)
            default:
                add(phase, statement.replacing(), at: location, notes: [note])
            }
        }
        let newTexts = Set(after.map(\.normalized))
        for statement in before where !newTexts.contains(statement.normalized) && !newKeys.contains(statement.key) {
            let note = "raw SQL block '\(statement.block)': \(statement.object.map { "\($0.description) " } ?? "")is gone"
            switch statement.object {
            case .function(let name, let arguments)?:
                add(.dropFunctions, "DROP \(statement.isProcedure ? "PROCEDURE" : "FUNCTION") IF EXISTS \(name)(\(arguments));",
                    at: location, destructive: "drops \(statement.isProcedure ? "procedure" : "function") \(name)(\(arguments)), which schema.yaml no longer declares",
                    notes: [note])
            case .trigger(let name, let table, _)?:
                add(.dropTriggers, "DROP TRIGGER IF EXISTS \(name) ON \(table);", at: location,
                    destructive: "drops trigger \(name) on \(table), which schema.yaml no longer declares", notes: [note])
            case .policy(let name, let table)?:
                add(.dropPolicies, "DROP POLICY IF EXISTS \(name) ON \(table);", at: location, notes: [note])
            case .view(let name, let materialized)?:
                add(.dropViews, "DROP \(materialized ? "MATERIALIZED " : "")VIEW IF EXISTS \(name);", at: location, notes: [note])
            case .index(let name)?:
                add(.dropIndexes, "DROP INDEX IF EXISTS \(name);", at: location, notes: [note])
            case .grant?:
                if let revoke = statement.revoke { add(.revokes, revoke + ";", at: location, notes: [note]) }
            case .publicationTable?:
                if let dropped = statement.publicationDrop { add(.publications, dropped + ";", at: location, notes: [note]) }
            case .comment?:
                break
            case nil:
                report(.rawStatementRemoved(statement.block, statement.summary), at: location)
            }
        }
    }
}

/// One statement of a raw block, and the object it defines when schemagen can name it.
struct RawStatement {
    enum Object: Hashable, CustomStringConvertible {
        case function(name: String, arguments: String)
        case trigger(name: String, table: String, constraint: Bool)
        case policy(name: String, table: String)
        case view(name: String, materialized: Bool)
        case index(name: String)
        case grant(String)
        case publicationTable(String)
        case comment(String)

        var isGrantOrComment: Bool {
            switch self {
            case .grant, .comment: return true
            default: return false
            }
        }

        var description: String {
            switch self {
            case .function(let name, let arguments): return "function \(name)(\(arguments))"
            case .trigger(let name, let table, _): return "trigger \(name) on \(table)"
            case .policy(let name, let table): return "policy \(name) on \(table)"
            case .view(let name, _): return "view \(name)"
            case .index(let name): return "index \(name)"
            case .grant: return "a grant"
            case .publicationTable: return "a publication change"
            case .comment(let target): return "comment on \(target)"
            }
        }
    }

    var block: String
    var placement: RawSQLBlock.Placement
    var sql: String
    var object: Object?

    /// The statement with its whitespace collapsed, to tell a changed statement from a re-indented one.
    var normalized: String { sql.split(whereSeparator: \.isWhitespace).joined(separator: " ") }

    /// What the statement is matched by across the two sides.
    var key: String {
        switch object {
        case .grant(let text)?, .publicationTable(let text)?: return text
        case .comment(let target)?: return "comment on " + target
        case let object?: return object.description
        case nil: return normalized
        }
    }

    var summary: String {
        let line = normalized
        return line.count > 80 ? String(line.prefix(77)) + "..." : line
    }

    var isProcedure: Bool { Self.match(sql, #"^CREATE\s+(?:OR\s+REPLACE\s+)?PROCEDURE\b"#) != nil }

    /// Whether the statement already replaces what exists (`CREATE OR REPLACE`).
    var replaces: Bool { Self.match(sql, #"^CREATE\s+OR\s+REPLACE\b"#) != nil }

    /// A function's result type, as written, folded to lower case.
    var resultType: String? {
        Self.match(sql, #"\bRETURNS\s+((?:SETOF\s+)?(?:TABLE\s*\([^)]*\)|[^\s(]+(?:\s*\([^)]*\))?(?:\[\])?))"#)?[1]
            .lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The statement as one that replaces the object it defines: `CREATE` becomes `CREATE OR REPLACE` for a function,
    /// procedure, trigger or view.
    func replacing() -> String {
        guard !replaces, let match = Self.match(sql, #"^CREATE\s+(?=(?:FUNCTION|PROCEDURE|TRIGGER|VIEW)\b)"#) else { return sql }
        return "CREATE OR REPLACE " + sql.dropFirst(match[0].count)
    }

    /// The statement without its final semicolon.
    var body: String { sql.hasSuffix(";") ? String(sql.dropLast()) : sql }

    /// The `REVOKE` undoing a `GRANT`.
    var revoke: String? {
        guard let parts = Self.match(body, #"^GRANT\s+(.+?)\s+TO\s+(.+?)(?:\s+WITH\s+GRANT\s+OPTION)?(?:\s+GRANTED\s+BY\s+\S+)?$"#) else { return nil }
        return "REVOKE \(parts[1]) FROM \(parts[2])"
    }

    /// The `ALTER PUBLICATION ... DROP TABLE` undoing an `ADD TABLE`.
    var publicationDrop: String? {
        guard let parts = Self.match(body, #"^ALTER\s+PUBLICATION\s+(\S+)\s+ADD\s+TABLE\s+(.+)$"#) else { return nil }
        return "ALTER PUBLICATION \(parts[1]) DROP TABLE \(parts[2])"
    }

    static func all(in block: RawSQLBlock) -> [RawStatement] {
        SQLStatementSplitter.split(block.sql).map { statement in
            let sql = statement.text
            return RawStatement(block: block.name, placement: block.placement, sql: sql + ";", object: object(of: sql))
        }
    }

    private static let name = #"((?:"(?:[^"]|"")*"|[^\s"(;]+)(?:\.(?:"(?:[^"]|"")*"|[^\s"(;]+))?)"#

    static func object(of sql: String) -> Object? {
        if let parts = match(sql, #"^CREATE\s+(?:OR\s+REPLACE\s+)?(?:FUNCTION|PROCEDURE)\s+"# + name + #"\s*\("#) {
            guard let arguments = arguments(of: sql, after: parts[0].count) else { return nil }
            return .function(name: parts[1], arguments: arguments)
        }
        if let parts = match(sql, #"^CREATE\s+(?:OR\s+REPLACE\s+)?(CONSTRAINT\s+)?TRIGGER\s+"# + name + #"\s.*?\bON\s+"# + name) {
            return .trigger(name: parts[2], table: parts[3], constraint: !parts[1].isEmpty)
        }
        if let parts = match(sql, #"^CREATE\s+POLICY\s+"# + name + #"\s+ON\s+"# + name) {
            return .policy(name: parts[1], table: parts[2])
        }
        if let parts = match(sql, #"^CREATE\s+(?:OR\s+REPLACE\s+)?(MATERIALIZED\s+)?VIEW\s+(?:IF\s+NOT\s+EXISTS\s+)?"# + name) {
            return .view(name: parts[2], materialized: !parts[1].isEmpty)
        }
        if let parts = match(sql, #"^CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?"# + name + #"\s+ON\b"#) {
            return .index(name: parts[1])
        }
        if match(sql, #"^GRANT\s"#) != nil { return .grant(sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")) }
        if match(sql, #"^ALTER\s+PUBLICATION\s+\S+\s+ADD\s+TABLE\s"#) != nil {
            return .publicationTable(sql.split(whereSeparator: \.isWhitespace).joined(separator: " "))
        }
        if let parts = match(sql, #"^COMMENT\s+ON\s+(.+?)\s+IS\s"#) { return .comment(parts[1]) }
        return nil
    }

    /// A function's argument list as `DROP FUNCTION` takes it: the text between the parentheses after its name,
    /// without defaults, whitespace collapsed.
    static func arguments(of sql: String, after offset: Int) -> String? {
        let scalars = Array(sql.unicodeScalars)
        var depth = 1, index = offset, quote: Unicode.Scalar?
        var text = String.UnicodeScalarView()
        while index < scalars.count {
            let scalar = scalars[index]
            if let open = quote {
                if scalar == open { quote = nil }
            } else if scalar == "'" || scalar == "\"" {
                quote = scalar
            } else if scalar == "(" {
                depth += 1
            } else if scalar == ")" {
                depth -= 1
                if depth == 0 { break }
            }
            text.append(scalar)
            index += 1
        }
        guard depth == 0 else { return nil }
        let arguments = splitTopLevel(String(text)).map { argument -> String in
            var argument = argument
            if let cut = match(argument, #"(?i)\s+DEFAULT\s|\s*=\s*"#), let range = argument.range(of: cut[0]) {
                argument = String(argument[..<range.lowerBound])
            }
            return argument.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        return arguments.filter { !$0.isEmpty }.joined(separator: ", ")
    }

    /// The names in a signature, folded to lower case, unquoted, with their schema and without (`public.accounts`,
    /// `accounts`).
    static func words(_ text: String) -> Set<String> {
        var words: Set<String> = []
        for token in text.lowercased().split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == "(" || $0 == ")" || $0 == "[" || $0 == "]" }) {
            let name = token.replacingOccurrences(of: "\"", with: "")
            words.insert(name)
            if let last = name.split(separator: ".").last { words.insert(String(last)) }
        }
        return words
    }

    static func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = [], current = "", depth = 0, quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "(" {
                depth += 1
            } else if character == ")" {
                depth -= 1
            } else if character == ",", depth == 0 {
                parts.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        parts.append(current)
        return parts
    }

    /// The groups of a case-insensitive match at the start of `text` (`[0]` the whole match; an unmatched group is
    /// empty), or nil.
    static func match(_ text: String, _ pattern: String) -> [String]? {
        guard let expression = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive, .dotMatchesLineSeparators]),
              let result = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return (0..<result.numberOfRanges).map { index in
            Range(result.range(at: index), in: text).map { String(text[$0]) } ?? ""
        }
    }
}

/// The differences between a live database and schema.yaml, both read into the IR: what `schemagen status` reports.
///
/// A pure comparison of two `Schema` values. Tables, views and enums are compared in the schemas that schema.yaml
/// manages (the schemas of its tables, views and enums and the ones it creates), so the database's other schemas
/// (`auth`, `storage`, ...) are not extra. Expressions (defaults, checks, generated columns, index predicates, policies)
/// are compared after the rewriting PostgreSQL does when it stores them is undone as far as text allows: case of
/// unquoted words, needless quotes, grouping parentheses and casts of literals. A change that only regroups an
/// expression is therefore not seen.
public struct Drift: Sendable, Equatable {
    /// How an object differs.
    public enum Kind: String, Sendable, Equatable, Codable {
        /// schema.yaml has it and the database does not.
        case missing
        /// The database has it and schema.yaml does not.
        case extra
        /// Both have it, with different definitions.
        case different
    }

    /// One difference.
    public struct Difference: Sendable, Equatable {
        /// Missing, extra or different.
        public var kind: Kind
        /// The object it belongs to, for grouping: `table public.notes`, `enum public.mood`, `view public.recent`.
        public var area: String
        /// What differs inside it (`column body`, `index notes_body_idx`), or nil for the object itself.
        public var member: String?
        /// How it differs (`type text in schema.yaml, varchar(80) in the database`), for `.different`.
        public var detail: String?
        /// Where schema.yaml declares it, or its table, or line 1.
        public var location: SourceLocation

        /// The difference as one line, without the area: `missing in the database: column body`.
        public var message: String {
            switch kind {
            case .missing: return "missing in the database" + (member.map { ": \($0)" } ?? "")
            case .extra: return "in the database but not in schema.yaml" + (member.map { ": \($0)" } ?? "")
            case .different: return (member.map { "\($0) differs: " } ?? "differs: ") + (detail ?? "")
            }
        }
    }

    /// Every difference, grouped by area in schema.yaml's order, then the database's extra objects.
    public var differences: [Difference]

    /// Whether the database matches schema.yaml.
    public var isEmpty: Bool { differences.isEmpty }

    /// Compares the database's IR (`database`) with schema.yaml's (`schema`).
    public static func compare(database: Schema, schema: Schema) -> Drift {
        var comparison = Comparison(database: database, schema: schema)
        comparison.run()
        return Drift(differences: comparison.differences)
    }

    /// The differences as diagnostics at schema.yaml's locations, for `--diagnostics-format json|sarif`.
    public func diagnostics(file: String) -> [Diagnostic] {
        differences.map { difference in
            DiagnosticEntry.databaseDrift(difference.kind.rawValue, area: difference.area, difference.message)
                .at(file, difference.location)
        }
    }

    /// An expression as comparable text: tokens, lower-cased words, needless quotes, grouping parentheses and casts
    /// of literals dropped (`(price > (0)::numeric)` and `price > 0` are the same).
    public static func normalizedExpression(_ expression: String) -> String {
        let tokens = SQLLexer.tokenize(expression)
        var words: [SQLLexer.Token] = tokens.map { token in
            switch token.kind {
            case .word:
                return SQLLexer.Token(kind: .word, text: token.text.lowercased())
            case .quoted where token.text.range(of: #"^[a-z_][a-z0-9_$]*$"#, options: .regularExpression) != nil:
                return SQLLexer.Token(kind: .word, text: token.text)
            default:
                return token
            }
        }
        // Grouping parentheses are dropped; the ones of a call, `IN (...)` or `EXISTS (...)` stay.
        let operators: Set<String> = ["and", "or", "not", "is", "when", "then", "else", "case", "select", "where", "from",
                                      "on", "as", "like", "ilike", "between", "having", "by", "distinct", "all", "any", "some"]
        var kept: [SQLLexer.Token] = []
        var stack: [Bool] = []
        for token in words {
            if token.kind == .symbol, token.text == "(" {
                let isCall = kept.last.map { ($0.kind == .word && !operators.contains($0.text)) || $0.kind == .quoted } ?? false
                stack.append(isCall)
                if isCall { kept.append(token) }
            } else if token.kind == .symbol, token.text == ")" {
                if stack.popLast() ?? true { kept.append(token) }
            } else {
                kept.append(token)
            }
        }
        words = kept
        // Casts PostgreSQL adds: of literals to any type, and of anything to text or character varying.
        let typedLiterals: Set<String> = ["interval", "date", "time", "timestamp", "timestamptz", "numeric", "text", "boolean",
                                          "uuid", "json", "jsonb", "inet", "bytea", "integer", "bigint", "smallint"]
        var result: [SQLLexer.Token] = []
        var index = 0
        while index < words.count {
            let token = words[index]
            // A typed literal (`interval '1 day'`), which PostgreSQL stores as a cast (`'1 day'::interval`).
            if token.kind == .word, typedLiterals.contains(token.text), index + 1 < words.count, words[index + 1].kind == .string {
                index += 1
                continue
            }
            // The column alias PostgreSQL gives a sub-select's call: `( SELECT auth.uid() AS uid)`.
            if token.kind == .word, token.text == "as", result.last?.text == ")", index + 1 < words.count,
               words[index + 1].kind == .word || words[index + 1].kind == .quoted {
                index += 2
                continue
            }
            if token.kind == .symbol, token.text == "::", let previous = result.last {
                let (typeEnd, typeText) = castType(words, from: index + 1)
                let literal = previous.kind == .string || previous.kind == .number
                if literal || ["text", "character varying", "varchar"].contains(typeText) {
                    index = typeEnd
                    continue
                }
            }
            result.append(token)
            index += 1
        }
        return result.map { token in
            switch token.kind {
            case .quoted: return "\"" + token.text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            case .string: return unquotedString(token.text)
            default: return token.text
            }
        }.joined(separator: " ")
    }

    /// The end index and text of the type name after `::` (`character varying(80)[]`, `public.mood`).
    private static func castType(_ tokens: [SQLLexer.Token], from start: Int) -> (Int, String) {
        // The words that continue a type name of several words (`double precision`, `timestamp with time zone`).
        let continuations: Set<String> = ["varying", "precision", "with", "without", "time", "zone"]
        var index = start
        var parts: [String] = []
        while index < tokens.count {
            let token = tokens[index]
            if token.kind == .word || token.kind == .quoted {
                let first = parts.isEmpty || parts.last == "."
                if !first && !(token.kind == .word && continuations.contains(token.text)) { break }
                if !first { parts.append(" ") }
                parts.append(token.text)
            } else if token.kind == .symbol, token.text == "." || token.text == "[" || token.text == "]" {
                parts.append(token.text)
            } else if token.kind == .symbol, token.text == "(", index + 2 < tokens.count, tokens[index + 1].kind == .number {
                // A type modifier: `(80)`, `(10, 2)`.
                var end = index + 1
                while end < tokens.count, !(tokens[end].kind == .symbol && tokens[end].text == ")") { end += 1 }
                index = end + 1
                continue
            } else {
                break
            }
            index += 1
        }
        return (index, parts.joined())
    }

    /// A string literal's value in one spelling: `'it''s'`, `E'it\'s'` and `$$it's$$` all become `'it''s'`.
    private static func unquotedString(_ source: String) -> String {
        var text = Substring(source)
        if text.hasPrefix("$") {
            if let end = text.dropFirst().firstIndex(of: "$") {
                let tag = text[...end]
                text = text.dropFirst(tag.count).dropLast(tag.count)
            }
            return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        }
        return source
    }
}

/// The walk behind `Drift.compare`.
private struct Comparison {
    let database: Schema
    let schema: Schema
    var differences: [Drift.Difference] = []
    let managedSchemas: Set<String>

    init(database: Schema, schema: Schema) {
        self.database = database
        self.schema = schema
        managedSchemas = Set(schema.tables.map(\.name.schema) + schema.enums.map(\.name.schema)
                             + schema.views.map(\.name.schema) + schema.createdSchemas + (schema.settings.schemas ?? []))
    }

    var origins: SchemaOrigins { schema.origins ?? SchemaOrigins() }

    func place(_ kind: String, _ owner: QualifiedName, _ member: String? = nil, fallback: SourceLocation? = nil) -> SourceLocation {
        origins.location(kind, owner, member) ?? fallback ?? origins.location("table", owner) ?? SourceLocation(line: 1, column: 1)
    }

    mutating func add(_ kind: Drift.Kind, _ area: String, _ member: String? = nil, _ detail: String? = nil, at location: SourceLocation) {
        differences.append(Drift.Difference(kind: kind, area: area, member: member, detail: detail, location: location))
    }

    mutating func run() {
        compareEnums()
        compareTables()
        compareViews()
    }

    // MARK: Enums

    mutating func compareEnums() {
        for item in schema.enums {
            let area = "enum \(item.name)"
            let location = place("enum", item.name)
            guard let live = database.enums.first(where: { $0.name == item.name }) else {
                add(.missing, area, at: location)
                continue
            }
            for value in item.values where !live.values.contains(value) {
                add(.missing, area, "value '\(value)'", at: location)
            }
            for value in live.values where !item.values.contains(value) {
                add(.extra, area, "value '\(value)'", at: location)
            }
            let common = item.values.filter(live.values.contains), liveOrder = live.values.filter(item.values.contains)
            if common != liveOrder {
                add(.different, area, "the order of its values", "\(common.joined(separator: ", ")) in schema.yaml, "
                    + "\(liveOrder.joined(separator: ", ")) in the database", at: location)
            }
        }
        for live in database.enums where managedSchemas.contains(live.name.schema) && schema.enumType(live.name) == nil {
            add(.extra, "enum \(live.name)", at: SourceLocation(line: 1, column: 1))
        }
    }

    // MARK: Views

    mutating func compareViews() {
        for view in schema.views {
            let kind = view.materialized ? "materialized view" : "view"
            let area = "\(kind) \(view.name)"
            let location = place("view", view.name)
            guard let live = database.views.first(where: { $0.name == view.name }) else {
                add(.missing, area, at: location)
                continue
            }
            if live.materialized != view.materialized {
                add(.different, area, nil, "\(kind) in schema.yaml, \(live.materialized ? "materialized view" : "view") in the database",
                    at: location)
            } else if Drift.normalizedExpression(stripSemicolon(live.sql)) != Drift.normalizedExpression(stripSemicolon(view.sql)) {
                add(.different, area, "its query", "\(oneLine(view.sql)) in schema.yaml, \(oneLine(live.sql)) in the database",
                    at: location)
            }
        }
        for live in database.views where managedSchemas.contains(live.name.schema)
            && !schema.views.contains(where: { $0.name == live.name }) {
            add(.extra, "\(live.materialized ? "materialized view" : "view") \(live.name)", at: SourceLocation(line: 1, column: 1))
        }
    }

    // MARK: Tables

    mutating func compareTables() {
        for table in schema.tables {
            let area = "table \(table.name)"
            guard let live = database.tables.first(where: { $0.name == table.name }) else {
                add(.missing, area, at: place("table", table.name, fallback: table.location))
                continue
            }
            compareColumns(table, live, area)
            compareConstraints(table, live, area)
            compareIndexes(table, live, area)
            compareSecurity(table, live, area)
        }
        for live in database.tables where managedSchemas.contains(live.name.schema) && !schema.tables.contains(where: { $0.name == live.name })
            && !schema.externalTables.contains(where: { $0.name == live.name }) {
            add(.extra, "table \(live.name)", at: SourceLocation(line: 1, column: 1))
        }
    }

    mutating func compareColumns(_ table: Table, _ live: Table, _ area: String) {
        for column in table.columns {
            let location = place("column", table.name, column.name, fallback: table.location)
            guard let other = live.column(column.name) else {
                add(.missing, area, "column \(column.name)", at: location)
                continue
            }
            let member = "column \(column.name)"
            let (type, defaultText) = Self.typeAndDefault(column, table.name)
            let (liveType, liveDefault) = Self.typeAndDefault(other, table.name)
            if type != liveType {
                add(.different, area, member, "type \(type) in schema.yaml, \(liveType) in the database", at: location)
            }
            if column.nullable != other.nullable {
                add(.different, area, member, column.nullable ? "nullable in schema.yaml, NOT NULL in the database"
                    : "NOT NULL in schema.yaml, nullable in the database", at: location)
            }
            if defaultText.map(Drift.normalizedExpression) != liveDefault.map(Drift.normalizedExpression) {
                add(.different, area, member, "default \(defaultText ?? "none") in schema.yaml, \(liveDefault ?? "none") in the database",
                    at: location)
            }
            if column.identity != other.identity {
                add(.different, area, member, "\(Self.identityText(column.identity)) in schema.yaml, "
                    + "\(Self.identityText(other.identity)) in the database", at: location)
            }
            if column.generated.map(Drift.normalizedExpression) != other.generated.map(Drift.normalizedExpression) {
                add(.different, area, member, "generated \(column.generated.map { "as (\(oneLine($0)))" } ?? "no") in schema.yaml, "
                    + "\(other.generated.map { "as (\(oneLine($0)))" } ?? "not generated") in the database", at: location)
            }
        }
        for other in live.columns where table.column(other.name) == nil {
            add(.extra, area, "column \(other.name)", at: place("table", table.name, fallback: table.location))
        }
    }

    /// The column's SQL type and default, with a serial column as its integer type and the default of its sequence.
    static func typeAndDefault(_ column: Column, _ table: QualifiedName) -> (String, String?) {
        let serialBase: [String: String] = ["smallserial": "smallint", "serial": "integer", "bigserial": "bigint"]
        let type = SQLDefault.type(column.type)
        if let base = serialBase[type] {
            let sequence = QualifiedName(schema: table.schema, name: "\(table.name)_\(column.name)_seq")
            return (base, SQLDefault.nextval(sequence))
        }
        return (type, SQLDefault.expression(for: column))
    }

    static func identityText(_ identity: Identity?) -> String {
        switch identity {
        case .always: return "GENERATED ALWAYS AS IDENTITY"
        case .byDefault: return "GENERATED BY DEFAULT AS IDENTITY"
        case nil: return "no identity"
        }
    }

    mutating func compareConstraints(_ table: Table, _ live: Table, _ area: String) {
        let location = place("table", table.name, fallback: table.location)
        var mine: [(String, String)] = []
        var theirs: [(String, String)] = []
        if let key = table.primaryKey { mine.append(("primary key \(key.name)", SQLDefinitions.primaryKey(key))) }
        if let key = live.primaryKey { theirs.append(("primary key \(key.name)", SQLDefinitions.primaryKey(key))) }
        mine += table.uniques.map { ("unique constraint \($0.name)", SQLDefinitions.unique($0)) }
        theirs += live.uniques.map { ("unique constraint \($0.name)", SQLDefinitions.unique($0)) }
        mine += table.checks.map { ("check constraint \($0.name)", SQLDefinitions.check($0)) }
        theirs += live.checks.map { ("check constraint \($0.name)", SQLDefinitions.check($0)) }
        mine += table.foreignKeys.map { ("foreign key \($0.name)", SQLDefinitions.foreignKey($0)) }
        theirs += live.foreignKeys.map { ("foreign key \($0.name)", SQLDefinitions.foreignKey($0)) }
        compareDefinitions(mine, theirs, area, location)
    }

    mutating func compareIndexes(_ table: Table, _ live: Table, _ area: String) {
        let location = place("table", table.name, fallback: table.location)
        let qualified = SQLSyntax.qualified(table.name)
        func definition(_ index: Index) -> String { String(SQLDefinitions.createIndex(index, table: qualified).dropLast()) }
        compareDefinitions(table.indexes.map { ("index \($0.name)", definition($0)) },
                           live.indexes.map { ("index \($0.name)", definition($0)) },
                           area, location)
    }

    /// Named objects compared by name, then by their normalised definition.
    mutating func compareDefinitions(_ mine: [(String, String)], _ theirs: [(String, String)], _ area: String, _ location: SourceLocation) {
        for (name, definition) in mine {
            guard let other = theirs.first(where: { $0.0 == name }) else {
                add(.missing, area, name, at: location)
                continue
            }
            if Drift.normalizedExpression(definition) != Drift.normalizedExpression(other.1) {
                add(.different, area, name, "\(oneLine(definition)) in schema.yaml, \(oneLine(other.1)) in the database", at: location)
            }
        }
        for (name, _) in theirs where !mine.contains(where: { $0.0 == name }) {
            add(.extra, area, name, at: location)
        }
    }

    mutating func compareSecurity(_ table: Table, _ live: Table, _ area: String) {
        let location = place("rls", table.name, fallback: place("table", table.name, fallback: table.location))
        if table.rls.enabled && !live.rls.enabled {
            add(.different, area, "row-level security", "schema.yaml turns it on, it is off in the database", at: location)
        }
        if table.rls.forced && !live.rls.forced {
            add(.different, area, "row-level security", "schema.yaml forces it for the table owner, the database does not", at: location)
        }
        for policy in table.rls.policies {
            let member = "policy \(policy.name)"
            guard let other = live.rls.policies.first(where: { $0.name == policy.name }) else {
                add(.missing, area, member, at: policy.location)
                continue
            }
            var details: [String] = []
            if policy.command != other.command {
                details.append("FOR \(policy.command.sql) in schema.yaml, FOR \(other.command.sql) in the database")
            }
            if policy.permissive != other.permissive {
                details.append("\(policy.permissive ? "PERMISSIVE" : "RESTRICTIVE") in schema.yaml, "
                    + "\(other.permissive ? "PERMISSIVE" : "RESTRICTIVE") in the database")
            }
            if Set(policy.roles.map { $0 == "public" ? "" : $0 }) != Set(other.roles.map { $0 == "public" ? "" : $0 }) {
                details.append("TO \(SQLDefinitions.policyRoles(policy)) in schema.yaml, TO \(SQLDefinitions.policyRoles(other)) in the database")
            }
            if policy.using.map(Drift.normalizedExpression) != other.using.map(Drift.normalizedExpression) {
                details.append("\(policy.using.map { "USING (\(oneLine($0)))" } ?? "no USING") in schema.yaml, "
                    + "\(other.using.map { "USING (\(oneLine($0)))" } ?? "no USING") in the database")
            }
            if policy.withCheck.map(Drift.normalizedExpression) != other.withCheck.map(Drift.normalizedExpression) {
                details.append("\(policy.withCheck.map { "WITH CHECK (\(oneLine($0)))" } ?? "no WITH CHECK") in schema.yaml, "
                    + "\(other.withCheck.map { "WITH CHECK (\(oneLine($0)))" } ?? "no WITH CHECK") in the database")
            }
            if !details.isEmpty { add(.different, area, member, details.joined(separator: "; "), at: policy.location) }
        }
        for other in live.rls.policies where !table.rls.policies.contains(where: { $0.name == other.name }) {
            add(.extra, area, "policy \(other.name)", at: location)
        }
    }

    func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    func stripSemicolon(_ text: String) -> String {
        var result = Substring(text)
        while let last = result.last, last.isWhitespace || last == ";" { result = result.dropLast() }
        return String(result)
    }
}

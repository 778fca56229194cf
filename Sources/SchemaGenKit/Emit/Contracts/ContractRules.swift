/// What an API contract (the Pydantic and Zod outputs) knows about a table: per column, the kind of value it holds,
/// whether a client may send it on insert and on update, and the rules PostgreSQL enforces on it that have an exact
/// equivalent in a validator. Checks with no exact equivalent are kept aside, never guessed.
package struct ContractTable {
    /// The table.
    package var table: Table
    /// One field per column, in declaration order.
    package var fields: [ContractField]
    /// The table's checks that were translated into field rules.
    package var translatedChecks: [CheckConstraint]
    /// The table's checks with no exact equivalent: listed in the models' documentation, not enforced by them.
    package var untranslatedChecks: [CheckConstraint]

    /// The contract of a table of `schema`.
    package init(_ table: Table, in schema: Schema) {
        self.table = table
        var rules: [String: [ContractRule]] = [:]
        var refusesNull: Set<String> = []
        translatedChecks = []
        untranslatedChecks = []
        let columnNames = Set(table.columns.map(\.name))
        var patterned: Set<String> = []
        for check in table.checks {
            // One regular expression per column: Pydantic holds one `pattern`, and no lookahead can join two.
            if let translated = CheckTranslator.translate(check.expression, columns: columnNames, types: Dictionary(
                table.columns.map { ($0.name, $0.type.valueType) }, uniquingKeysWith: { first, _ in first })),
               translated.rules.allSatisfy({ item in
                   if case .pattern = item.rule { return !patterned.contains(item.column) }
                   return true
               }) {
                for item in translated.rules { if case .pattern = item.rule { patterned.insert(item.column) } }
                for (column, rule) in translated.rules { rules[column, default: []].append(rule) }
                refusesNull.formUnion(translated.notNull)
                translatedChecks.append(check)
            } else {
                untranslatedChecks.append(check)
            }
        }
        fields = table.columns.map { column in
            var columnRules = rules[column.name] ?? []
            var notNull = !column.nullable || refusesNull.contains(column.name)
            var domainChecks: [CheckConstraint] = []
            var domainDefault = false
            if case .domain(let name, let base) = column.type, let domain = schema.domains.first(where: { $0.name == name }) {
                notNull = notNull || !domain.nullable
                domainDefault = domain.defaultValue != nil
                for check in domain.checks {
                    if let translated = CheckTranslator.translate(check.expression, columns: ["value"], types: ["value": base.valueType]) {
                        columnRules += translated.rules.map(\.rule)
                        notNull = notNull || translated.notNull.contains("value")
                    } else {
                        domainChecks.append(check)
                    }
                }
            }
            return ContractField(column: column, value: ContractValue(column.type.valueType, schema: schema),
                                 rules: columnRules, refusesNull: notNull, untranslatedDomainChecks: domainChecks,
                                 hasDomainDefault: domainDefault)
        }
    }

    /// What an Insert or Update model (`thing`: "model", "schema") is, and the checks it does not enforce. The
    /// wording is the same in every output: the differential tests find the models by it.
    package func writeDocumentation(insert: Bool, thing: String) -> String {
        var about = insert
            ? "What a client may send to insert a row into \(table.name.description): an omitted field gets the column's default."
            : "What a client may send to update a row of \(table.name.description): an omitted field is left unchanged."
        let unenforced = unenforcedChecks
        if !unenforced.isEmpty {
            about += "\n\nChecks the database enforces that this \(thing) does not (no exact equivalent):\n"
            about += unenforced.map { "- " + $0 }.joined(separator: "\n")
        }
        return about
    }

    /// Every check the contract does not enforce, as `name: expression`: the table's, then its columns' domains'.
    package var unenforcedChecks: [String] {
        untranslatedChecks.map { "\($0.name): \($0.expression)" } + fields.flatMap { field in
            field.untranslatedDomainChecks.map { "\($0.name) (domain of \(field.column.name)): \($0.expression)" }
        }
    }
}

/// One column as an API contract sees it.
package struct ContractField {
    /// The column.
    package var column: Column
    /// The kind of value it holds.
    package var value: ContractValue
    /// Rules on a non-null value, from checks (PostgreSQL passes a check that is NULL).
    package var rules: [ContractRule]
    /// Whether an explicit null is refused: NOT NULL, a NOT NULL domain, or a check `col IS NOT NULL`.
    package var refusesNull: Bool
    /// Checks of the column's domain with no exact equivalent.
    package var untranslatedDomainChecks: [CheckConstraint]
    /// Whether the column's domain has a default, which an insert that omits the column gets.
    package var hasDomainDefault: Bool = false

    /// Whether a client sends the column on insert and must send it.
    package var onInsert: Presence {
        if column.isReadOnly || column.isProtected { return .absent }
        let defaulted = column.defaultValue != nil || hasDomainDefault || column.identity != nil || column.type.isSerial
        return !defaulted && refusesNull ? .required : .optional
    }

    /// Whether a client may change the column.
    package var onUpdate: Presence {
        column.isReadOnly || column.isProtected ? .absent : .optional
    }

    /// `onInsert` or `onUpdate`.
    package func presence(insert: Bool) -> Presence {
        insert ? onInsert : onUpdate
    }

    /// The strictest bounds of the rules comparing the value with numbers.
    package var numericBounds: Bounds {
        var bounds = Bounds()
        for rule in rules {
            if case .compare(let op, .number(let number)) = rule { bounds.add(op, number) }
        }
        return bounds
    }

    /// Whether a field appears in a model and whether it must be given.
    package enum Presence: Equatable {
        case required
        case optional
        case absent
    }
}

/// The kind of value a column holds, with the limits its type sets.
package indirect enum ContractValue: Equatable {
    /// Text; `maxLength` characters at most (`varchar(n)`, `char(n)`).
    case string(maxLength: Int?)
    /// An integer within the type's range.
    case integer(min: Int64, max: Int64)
    /// A binary float (`real`, `double precision`).
    case float
    /// `numeric(precision, scale)`: rounded to `scale` digits, then at most `precision - scale` before the point.
    case decimal(precision: Int?, scale: Int?)
    case boolean
    case uuid
    case date
    case time
    case timestamp
    case timestamptz
    /// JSON, with its declared content type.
    case json(JSONType)
    /// A member of an enum.
    case enumeration(EnumType)
    /// A one-dimensional array.
    case array(ContractValue)
    /// `interval`.
    case interval
    /// `bytea`.
    case bytes
    /// `inet`: an address, with or without a prefix length.
    case inet
    /// `cidr`: a network.
    case cidr
    /// Anything else, sent as its text form.
    case text(sqlType: String)

    init(_ type: ColumnType, schema: Schema) {
        switch type {
        case .text, .citext: self = .string(maxLength: nil)
        case .varchar(let length), .char(let length): self = .string(maxLength: length ?? (type == .char(length: nil) ? 1 : nil))
        case .smallint, .smallserial: self = .integer(min: Int64(Int16.min), max: Int64(Int16.max))
        case .integer, .serial: self = .integer(min: Int64(Int32.min), max: Int64(Int32.max))
        case .bigint, .bigserial: self = .integer(min: Int64.min, max: Int64.max)
        case .real, .doublePrecision: self = .float
        case .numeric(let precision, let scale): self = .decimal(precision: precision, scale: precision == nil ? nil : (scale ?? 0))
        case .boolean: self = .boolean
        case .uuid: self = .uuid
        case .date: self = .date
        case .time: self = .time
        case .timestamp: self = .timestamp
        case .timestamptz: self = .timestamptz
        case .json(let content), .jsonb(let content): self = .json(content)
        case .enumeration(let name):
            if let item = schema.enums.first(where: { $0.name == name }) {
                self = .enumeration(item)
            } else {
                self = .string(maxLength: nil)
            }
        case .array(let element): self = .array(ContractValue(element, schema: schema))
        case .domain(_, let base): self = ContractValue(base, schema: schema)
        case .timetz: self = .time
        case .interval: self = .interval
        case .bytea: self = .bytes
        case .inet: self = .inet
        case .cidr: self = .cidr
        default: self = .text(sqlType: "\(type)")
        }
    }
}

/// A rule on a non-null value with an exact equivalent in a validator.
package enum ContractRule: Equatable {
    /// `value <op> constant`.
    case compare(ComparisonOperator, ContractLiteral)
    /// `value IN (...)` or `value = constant`.
    case oneOf([ContractLiteral])
    /// `char_length(value) <op> n`.
    case length(ComparisonOperator, Int)
    /// `value ~ 'pattern'` (`~*`: case-insensitive), in the subset where PostgreSQL's, Rust's and JavaScript's
    /// regular expressions agree.
    case pattern(String, caseInsensitive: Bool)

    /// A comparison operator.
    package enum ComparisonOperator: String, Equatable {
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case notEqual = "<>"

        /// The operator with its operands swapped (`3 < x` is `x > 3`).
        var flipped: ComparisonOperator {
            switch self {
            case .less: return .greater
            case .lessOrEqual: return .greaterOrEqual
            case .greater: return .less
            case .greaterOrEqual: return .lessOrEqual
            case .notEqual: return .notEqual
            }
        }
    }
}

/// A constant of a check.
package enum ContractLiteral: Equatable {
    /// A number, as decimal text without a leading `+`.
    case number(String)
    /// A string, unescaped.
    case string(String)
}

/// Translates a check into rules on single columns, or gives up: only conjunctions of comparisons with constants,
/// `BETWEEN`, `IN` lists, `char_length`/`length` bounds, `~` and `~*` regular expressions, `<>` and `IS NOT NULL`
/// have exact equivalents.
package enum CheckTranslator {
    /// The rules of a translated check, and the columns it refuses NULL for.
    package struct Translation {
        package var rules: [(column: String, rule: ContractRule)] = []
        package var notNull: Set<String> = []
    }

    /// The check's rules, or nil when some part of it has no exact equivalent.
    package static func translate(_ expression: String, columns: Set<String>, types: [String: ColumnType]) -> Translation? {
        // An E'...' string's backslashes are escapes the lexer keeps as written; such checks are not translated.
        if expression.range(of: #"(^|[^A-Za-z0-9_$])[eE]'"#, options: .regularExpression) != nil { return nil }
        var parser = Parser(tokens: SQLLexer.tokenize(expression), columns: columns, types: types)
        guard let translation = parser.conjunction(), parser.index == parser.tokens.count else { return nil }
        return translation
    }

    struct Parser {
        var tokens: [SQLLexer.Token]
        var columns: Set<String>
        var types: [String: ColumnType]
        var index = 0

        var current: SQLLexer.Token? { index < tokens.count ? tokens[index] : nil }

        func isWord(_ word: String, at offset: Int = 0) -> Bool {
            let position = index + offset
            return position < tokens.count && tokens[position].kind == .word && tokens[position].text.lowercased() == word
        }

        func isSymbol(_ symbol: String, at offset: Int = 0) -> Bool {
            let position = index + offset
            return position < tokens.count && tokens[position].kind == .symbol && tokens[position].text == symbol
        }

        mutating func conjunction() -> Translation? {
            guard var result = term() else { return nil }
            while isWord("and") {
                index += 1
                guard let next = term() else { return nil }
                result.rules += next.rules
                result.notNull.formUnion(next.notNull)
            }
            return result
        }

        mutating func term() -> Translation? {
            let start = index
            if isSymbol("(") {
                index += 1
                if let inner = conjunction(), isSymbol(")") {
                    index += 1
                    return inner
                }
                index = start
            }
            return predicate()
        }

        mutating func predicate() -> Translation? {
            if let (column, isLength) = operandColumn() {
                return predicate(column: column, isLength: isLength, constantOnLeft: nil)
            }
            // `constant <op> column`.
            guard let constant = literal(), let op = comparison(), let (column, isLength) = operandColumn() else { return nil }
            return predicate(column: column, isLength: isLength, constantOnLeft: (constant, op))
        }

        mutating func predicate(column: String, isLength: Bool, constantOnLeft: (ContractLiteral, ContractRule.ComparisonOperator?)?) -> Translation? {
            var translation = Translation()
            let type = types[column] ?? .text
            if let (constant, op) = constantOnLeft {
                guard let rule = comparisonRule(op?.flipped, constant, type: type, isLength: isLength, equals: op == nil) else { return nil }
                translation.rules.append((column, rule))
                return translation
            }
            if isLength, isWord("between") {
                index += 1
                guard let low = literal(), isWord("and") else { return nil }
                index += 1
                guard let high = literal(), case .number(let lowText) = low, case .number(let highText) = high,
                      let lowCount = Int(lowText), let highCount = Int(highText) else { return nil }
                translation.rules.append((column, .length(.greaterOrEqual, lowCount)))
                translation.rules.append((column, .length(.lessOrEqual, highCount)))
                return translation
            }
            if isLength {
                guard let op = comparison(), let constant = literal(),
                      let rule = comparisonRule(op, constant, type: type, isLength: true, equals: false) else { return nil }
                translation.rules.append((column, rule))
                return translation
            }
            if isWord("is"), isWord("not", at: 1), isWord("null", at: 2) {
                index += 3
                translation.notNull.insert(column)
                return translation
            }
            if isWord("between") {
                index += 1
                guard isNumeric(type), let low = literal(), isWord("and") else { return nil }
                index += 1
                guard let high = literal(), case .number = low, case .number = high else { return nil }
                translation.rules.append((column, .compare(.greaterOrEqual, low)))
                translation.rules.append((column, .compare(.lessOrEqual, high)))
                return translation
            }
            if isWord("in"), isSymbol("(", at: 1) {
                index += 2
                var values: [ContractLiteral] = []
                while true {
                    guard let value = literal(), fits(value, type) else { return nil }
                    values.append(value)
                    if isSymbol(",") { index += 1; continue }
                    guard isSymbol(")") else { return nil }
                    index += 1
                    break
                }
                translation.rules.append((column, .oneOf(values)))
                return translation
            }
            if isSymbol("~") {
                index += 1
                // `~*` folds case by the database's locale, which the validators cannot follow.
                let caseInsensitive = isSymbol("*")
                guard !caseInsensitive, isText(type), let value = literal(), case .string(let pattern) = value,
                      RegexSubset.isPortable(pattern) else { return nil }
                translation.rules.append((column, .pattern(pattern, caseInsensitive: caseInsensitive)))
                return translation
            }
            let isEquals = isSymbol("=") && !isSymbol(">", at: 1)
            if isEquals {
                index += 1
                guard let constant = literal(), fits(constant, type) else { return nil }
                translation.rules.append((column, .oneOf([constant])))
                return translation
            }
            guard let op = comparison(), let constant = literal(),
                  let rule = comparisonRule(op, constant, type: type, isLength: false, equals: false) else { return nil }
            translation.rules.append((column, rule))
            return translation
        }

        /// The rule `column <op> constant`; comparisons other than `<>` only for numbers (string order depends on
        /// the collation), and none on `real` with a fraction (PostgreSQL compares the rounded binary value).
        func comparisonRule(_ op: ContractRule.ComparisonOperator?, _ constant: ContractLiteral, type: ColumnType, isLength: Bool,
                            equals: Bool) -> ContractRule? {
            if isLength {
                guard isText(type), case .number(let text) = constant, let count = Int(text), let op, !equals else { return nil }
                // A bound no length meets refuses every value: no field rule says that.
                if (op == .less && count <= 0) || (op == .lessOrEqual && count < 0) { return nil }
                return .length(op, count)
            }
            if equals {
                return fits(constant, type) ? .oneOf([constant]) : nil
            }
            guard let op, fits(constant, type) else { return nil }
            if op == .notEqual { return .compare(.notEqual, constant) }
            guard isNumeric(type), case .number(let text) = constant else { return nil }
            if type == .real, text.contains(".") || text.lowercased().contains("e") { return nil }
            return .compare(op, constant)
        }

        func fits(_ constant: ContractLiteral, _ type: ColumnType) -> Bool {
            switch constant {
            case .number: return isNumeric(type)
            case .string: return isText(type) || { if case .enumeration = type { return true }; return false }()
            }
        }

        func isNumeric(_ type: ColumnType) -> Bool {
            switch type {
            case .smallint, .integer, .bigint, .smallserial, .serial, .bigserial, .real, .doublePrecision, .numeric: return true
            default: return false
            }
        }

        func isText(_ type: ColumnType) -> Bool {
            switch type {
            case .text, .varchar: return true
            default: return false
            }
        }

        /// `=` is not an operator here (it is an equality, handled by the caller); `<>`/`!=` are.
        mutating func comparison() -> ContractRule.ComparisonOperator?? {
            guard let token = current, token.kind == .symbol else { return nil }
            let next = index + 1 < tokens.count && tokens[index + 1].kind == .symbol ? tokens[index + 1].text : ""
            switch (token.text, next) {
            case ("<", ">"), ("!", "="): index += 2; return .some(.notEqual)
            case ("<", "="): index += 2; return .some(.lessOrEqual)
            case (">", "="): index += 2; return .some(.greaterOrEqual)
            case ("<", _): index += 1; return .some(.less)
            case (">", _): index += 1; return .some(.greater)
            case ("=", _): index += 1; return .some(nil)
            default: return nil
            }
        }

        /// A column reference (possibly cast to a text type or parenthesised), or `char_length(column)`/`length(column)`.
        mutating func operandColumn() -> (String, Bool)? {
            let start = index
            if let token = current, token.kind == .word, ["char_length", "character_length", "length"].contains(token.text.lowercased()),
               isSymbol("(", at: 1) {
                index += 2
                if let column = columnReference(), isSymbol(")") {
                    index += 1
                    return (column, true)
                }
                index = start
                return nil
            }
            if let column = columnReference() { return (column, false) }
            index = start
            return nil
        }

        mutating func columnReference() -> String? {
            let start = index
            var parenthesised = false
            if isSymbol("(") { index += 1; parenthesised = true }
            guard let token = current, token.kind == .word || token.kind == .quoted else { index = start; return nil }
            let name = token.kind == .word ? token.text.lowercased() : token.text
            guard columns.contains(name), !(token.kind == .word && isSymbol("(", at: 1)) else { index = start; return nil }
            index += 1
            if parenthesised {
                guard isSymbol(")") else { index = start; return nil }
                index += 1
            }
            // `status::text` compares an enum's label as text, which is the same test.
            if isSymbol("::") {
                index += 1
                guard skipTextType() else { index = start; return nil }
            }
            return name
        }

        /// A number or a string literal, possibly negated, parenthesised or cast to its own kind of type.
        mutating func literal() -> ContractLiteral? {
            let start = index
            if isSymbol("(") {
                index += 1
                if let value = literal(), isSymbol(")") {
                    index += 1
                    return value
                }
                index = start
                return nil
            }
            var sign = ""
            if isSymbol("-") || isSymbol("+") {
                sign = current?.text == "-" ? "-" : ""
                index += 1
            }
            guard let token = current else { index = start; return nil }
            let value: ContractLiteral
            switch token.kind {
            case .number:
                guard Self.isDecimal(token.text) else { index = start; return nil }
                value = .number(sign + token.text)
            case .string where sign.isEmpty:
                guard let text = Self.unquote(token.text) else { index = start; return nil }
                value = .string(text)
            default:
                index = start
                return nil
            }
            index += 1
            if isSymbol("::") {
                index += 1
                let ok: Bool
                switch value {
                case .number: ok = skipNumericType()
                case .string: ok = skipTextType()
                }
                guard ok else { index = start; return nil }
            }
            return value
        }

        mutating func skipTextType() -> Bool {
            if isWord("text") || isWord("varchar") { index += 1; return true }
            if isWord("character"), isWord("varying", at: 1) { index += 2; return true }
            return false
        }

        mutating func skipNumericType() -> Bool {
            for word in ["integer", "int", "int4", "int2", "int8", "bigint", "smallint", "numeric"] where isWord(word) {
                index += 1
                return !isSymbol("(")
            }
            return false
        }

        static func isDecimal(_ text: String) -> Bool {
            var seenDot = false
            var digits = 0
            for character in text {
                if character == "." {
                    if seenDot { return false }
                    seenDot = true
                } else if character.isASCII, character.isNumber {
                    digits += 1
                } else {
                    return false
                }
            }
            return digits > 0
        }

        /// A standard string's text; dollar-quoted strings too.
        static func unquote(_ text: String) -> String? {
            if text.hasPrefix("'"), text.hasSuffix("'"), text.count >= 2 {
                return String(text.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
            }
            if text.hasPrefix("$"), let tagEnd = text.dropFirst().firstIndex(of: "$") {
                let tag = text[...tagEnd]
                guard text.count >= tag.count * 2, text.hasSuffix(tag) else { return nil }
                return String(text.dropFirst(tag.count).dropLast(tag.count))
            }
            return nil
        }
    }
}

/// The regular expressions PostgreSQL, Rust's `regex` (Pydantic) and JavaScript (Zod, with the `u` and `s` flags)
/// read the same way: literal characters, `.`, `^`, `$`, bracket expressions of literal characters and ranges, groups,
/// alternation and the quantifiers `* + ? {m,n}` (greedy). Class escapes (`\d`, `\w`), POSIX classes, back-references
/// and lookarounds differ between them (by locale, by Unicode tables) and are not translated.
package enum RegexSubset {
    /// Characters an escape may quote: each means itself in all three.
    static let escapable: Set<Character> = ["\\", ".", "^", "$", "*", "+", "?", "(", ")", "[", "]", "{", "}", "|", "/"]

    /// Whether the pattern is in the portable subset.
    package static func isPortable(_ pattern: String) -> Bool {
        let characters = Array(pattern)
        var index = 0
        var depth = 0
        var previousAtom = false
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\\":
                guard index + 1 < characters.count, escapable.contains(characters[index + 1]) else { return false }
                index += 2
                previousAtom = true
                continue
            case "[":
                guard let end = bracketEnd(characters, from: index) else { return false }
                index = end + 1
                previousAtom = true
                continue
            case "(":
                if index + 1 < characters.count, characters[index + 1] == "?" {
                    guard index + 2 < characters.count, characters[index + 2] == ":" else { return false }
                    index += 3
                } else {
                    index += 1
                }
                depth += 1
                previousAtom = false
                continue
            case ")":
                guard depth > 0 else { return false }
                depth -= 1
                previousAtom = true
            case "*", "+", "?":
                guard previousAtom else { return false }
                // A second quantifier (`a*?`, `a++`) is lazy or possessive somewhere, an error elsewhere.
                if index + 1 < characters.count, ["*", "+", "?", "{"].contains(characters[index + 1]) { return false }
                previousAtom = false
            case "{":
                guard previousAtom, let end = characters[index...].firstIndex(of: "}") else { return false }
                let body = String(characters[(index + 1)..<end])
                let parts = body.split(separator: ",", omittingEmptySubsequences: false)
                guard (1...2).contains(parts.count), !parts[0].isEmpty,
                      parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } && $0.count <= 3 }) else { return false }
                if end + 1 < characters.count, ["*", "+", "?", "{"].contains(characters[end + 1]) { return false }
                index = end + 1
                previousAtom = false
                continue
            case "}", "]":
                return false
            case "|", "^", "$":
                previousAtom = false
            default:
                // Line breaks and other controls behave alike, but a literal newline is hard to read in every output.
                guard character.isASCII, !(character.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? true) else { return false }
                previousAtom = true
            }
            index += 1
        }
        return depth == 0
    }

    /// The index of the `]` closing a bracket expression of literal characters and ranges.
    static func bracketEnd(_ characters: [Character], from start: Int) -> Int? {
        var index = start + 1
        if index < characters.count, characters[index] == "^" { index += 1 }
        var first = true
        while index < characters.count {
            let character = characters[index]
            if character == "]" && !first { return index }
            // `[` opens POSIX classes and collating elements in PostgreSQL; `\` is an escape in JavaScript and
            // Rust but a literal in PostgreSQL brackets; `]` first is literal in PostgreSQL only.
            guard character != "[", character != "\\", character != "]", character.isASCII,
                  !(character.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? true) else { return nil }
            // `&&`, `--` and `~~` are set operations in Rust classes.
            if index + 1 < characters.count, ["&", "-", "~"].contains(character), characters[index + 1] == character { return nil }
            first = false
            index += 1
        }
        return nil
    }
}

/// The names bound in one generated module (or one class): each unique, numbered from 2 when taken. A name can claim
/// derived names with it (`Foo` with `FooInsert` and `FooUpdate`), so a later name cannot take those.
struct ClaimedNames {
    private(set) var taken: Set<String>

    init(reserved: Set<String> = []) {
        taken = reserved
    }

    /// `name`, or `name2`, `name3`, ... when it or one of its derived names is taken.
    mutating func claim(_ name: String, reserving suffixes: [String] = []) -> String {
        var candidate = name
        var number = 2
        while taken.contains(candidate) || suffixes.contains(where: { taken.contains(candidate + $0) }) {
            candidate = name + String(number)
            number += 1
        }
        taken.insert(candidate)
        for suffix in suffixes { taken.insert(candidate + suffix) }
        return candidate
    }
}

/// The strictest lower and upper bound of a set of comparisons with numbers.
package struct Bounds {
    var lower: (value: String, inclusive: Bool)?
    var upper: (value: String, inclusive: Bool)?

    mutating func add(_ op: ContractRule.ComparisonOperator, _ value: String) {
        switch op {
        case .greater, .greaterOrEqual:
            let inclusive = op == .greaterOrEqual
            if let current = lower, let order = Self.compare(value, current.value), order < 0 || (order == 0 && (inclusive || !current.inclusive)) {
                return
            }
            lower = (value, inclusive)
        case .less, .lessOrEqual:
            let inclusive = op == .lessOrEqual
            if let current = upper, let order = Self.compare(value, current.value), order > 0 || (order == 0 && (inclusive || !current.inclusive)) {
                return
            }
            upper = (value, inclusive)
        case .notEqual:
            break
        }
    }

    /// The order of two decimal numbers, exactly.
    static func compare(_ left: String, _ right: String) -> Int? {
        func parts(_ text: String) -> (negative: Bool, integer: String, fraction: String) {
            var body = Substring(text)
            let negative = body.hasPrefix("-")
            if negative || body.hasPrefix("+") { body = body.dropFirst() }
            let split = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            var integer = String(split[0].drop { $0 == "0" })
            if integer.isEmpty { integer = "" }
            var fraction = split.count > 1 ? String(split[1]) : ""
            while fraction.hasSuffix("0") { fraction.removeLast() }
            return (negative && !(integer.isEmpty && fraction.isEmpty), integer, fraction)
        }
        let a = parts(left), b = parts(right)
        if a.negative != b.negative { return a.negative ? -1 : 1 }
        var order: Int
        if a.integer.count != b.integer.count {
            order = a.integer.count < b.integer.count ? -1 : 1
        } else if a.integer != b.integer {
            order = a.integer < b.integer ? -1 : 1
        } else {
            let width = max(a.fraction.count, b.fraction.count)
            let fa = a.fraction.padding(toLength: width, withPad: "0", startingAt: 0)
            let fb = b.fraction.padding(toLength: width, withPad: "0", startingAt: 0)
            order = fa == fb ? 0 : (fa < fb ? -1 : 1)
        }
        return a.negative ? -order : order
    }
}

import Foundation

/// Row-level security: defaults, the owner shorthand, explicit policies and the offline security lints.
extension Validator {
    static let rlsKeys = ["enabled", "force", "deny_all", "owner", "allow", "noun", "policies"]
    static let policyKeys = ["name", "command", "roles", "using", "with_check", "restrictive"]

    mutating func readRowLevelSecurity() {
        for d in drafts.indices where !drafts[d].table.isExternal {
            let exposed = settings.exposedSchemas.contains(drafts[d].table.name.schema)
            drafts[d].table.rls.enabled = exposed
            guard let node = drafts[d].rlsNode else { continue }
            let path = drafts[d].path + ".rls"
            if case .scalar(let text, true) = node.kind, text == "false" || text == "true" {
                drafts[d].table.rls.enabled = text == "true"
                continue
            }
            guard let fields = reader.mapping(node, path, allowed: Validator.rlsKeys) else { continue }
            drafts[d].rlsEntries = fields
            if let value = fields["enabled"], let flag = reader.bool(value.value, path + ".enabled") { drafts[d].table.rls.enabled = flag }
            if let value = fields["force"], let flag = reader.bool(value.value, path + ".force") { drafts[d].table.rls.forced = flag }
            if let value = fields["deny_all"], let flag = reader.bool(value.value, path + ".deny_all") {
                drafts[d].table.rls.denyAllIntended = flag
            }
            if let owner = fields["owner"] { readOwner(owner, fields: fields, draft: d, path: path) } else {
                for key in ["allow", "noun"] where fields[key] != nil {
                    reader.report(.invalidValue("'\(key)' needs 'owner'"), fields[key]?.keyNode ?? node, path)
                }
            }
            if let policies = fields["policies"] {
                for (offset, item) in (reader.list(policies.value, path + ".policies") ?? []).enumerated() {
                    readPolicy(item, draft: d, path: "\(path).policies[\(offset)]")
                }
            }
            if !drafts[d].table.rls.enabled && !drafts[d].table.rls.policies.isEmpty {
                reader.report(.invalidValue("policies are declared but row-level security is disabled"), node, path)
            }
        }
        let names = drafts.indices.map { drafts[$0].table.rls.policies.map(\.name) }
        for (d, policyNames) in zip(drafts.indices, names) {
            var seen = Set<String>()
            for (offset, name) in policyNames.enumerated() where !seen.insert(name).inserted {
                let location = drafts[d].table.rls.policies[offset].location
                reader.report(.duplicateName("policy", name), at: location, drafts[d].path + ".rls")
            }
        }
        lintPolicies()
    }

    mutating func readOwner(_ owner: Entry, fields: [Entry], draft d: Int, path: String) {
        guard let column = reader.string(owner.value, path + ".owner") else { return }
        guard requireColumn(column, in: drafts[d], owner.value, path + ".owner") else { return }
        drafts[d].ownerNode = owner.value
        drafts[d].table.rls.ownerColumn = column
        var commands: [Policy.Command] = [.select, .insert, .update, .delete]
        if let allow = fields["allow"] {
            commands = []
            for (text, node) in reader.stringList(allow.value, path + ".allow") ?? [] {
                let allowed = ["select", "insert", "update", "delete", "all"]
                guard let command = Policy.Command(rawValue: text.lowercased()) else {
                    reader.report(.invalidValue("'\(text)' is not a command",
                                                hint: Suggest.hint(for: text, in: allowed) ?? "use: \(allowed.joined(separator: ", "))"),
                                  node, path + ".allow")
                    continue
                }
                if command == .all { commands = [.select, .insert, .update, .delete] } else if !commands.contains(command) {
                    commands.append(command)
                }
            }
        }
        var noun = Naming.words(drafts[d].table.name.name).map { word in
            settings.acronyms.first { $0.lowercased() == word } ?? word
        }.joined(separator: " ")
        if let value = fields["noun"], let text = reader.string(value.value, path + ".noun") { noun = text }
        let check = "(select auth.uid()) = \(SQLSyntax.quoteIdent(column))"
        let verbs: [Policy.Command: String] = [.select: "view", .insert: "create", .update: "update", .delete: "delete"]
        for command in [Policy.Command.select, .insert, .update, .delete] where commands.contains(command) {
            drafts[d].table.rls.policies.append(Policy(
                name: "Users can \(verbs[command] ?? "use") own \(noun)", command: command, roles: ["authenticated"],
                using: command == .insert ? nil : check,
                withCheck: command == .insert || command == .update ? check : nil,
                permissive: true, location: owner.keyNode.location))
        }
    }

    mutating func readPolicy(_ node: YAMLNode, draft d: Int, path: String) {
        guard let fields = reader.mapping(node, path, allowed: Validator.policyKeys) else { return }
        guard let nameNode = fields["name"], let name = reader.string(nameNode.value, path + ".name") else {
            if fields["name"] == nil { reader.report(.missingKey("name"), node, path) }
            return
        }
        if name.utf8.count > 63 { reader.report(.identifierTooLong(name, bytes: name.utf8.count), nameNode.value, path + ".name") }
        if name.isEmpty { reader.report(.invalidIdentifier(name, "names cannot be empty"), nameNode.value, path + ".name") }
        var command = Policy.Command.all
        if let value = fields["command"], let text = reader.string(value.value, path + ".command") {
            if let parsed = Policy.Command(rawValue: text.lowercased()) { command = parsed } else {
                reader.report(.invalidValue("'\(text)' is not a command", hint: Suggest.hint(for: text.lowercased(), in: Policy.Command.allCases.map(\.rawValue))),
                              value.value, path + ".command")
            }
        }
        var roles: [String] = []
        if let value = fields["roles"] {
            for (role, roleNode) in reader.stringList(value.value, path + ".roles") ?? [] {
                if !self.roles.contains(role) {
                    reader.report(.unknownRole(role, known: self.roles), roleNode, path + ".roles")
                }
                roles.append(role)
            }
        }
        let using = fields["using"].flatMap { reader.string($0.value, path + ".using") }
        let withCheck = fields["with_check"].flatMap { reader.string($0.value, path + ".with_check") }
        if command == .insert && using != nil {
            reader.report(.invalidValue("an INSERT policy takes only 'with_check'"), fields["using"]?.keyNode ?? node, path)
        }
        if command == .select || command == .delete, withCheck != nil {
            reader.report(.invalidValue("a \(command.sql) policy takes only 'using'"), fields["with_check"]?.keyNode ?? node, path)
        }
        if using == nil && withCheck == nil {
            reader.report(.missingKey(command == .insert ? "with_check" : "using"), node, path)
        }
        for (expression, key) in [(using, "using"), (withCheck, "with_check")] {
            guard let expression, let exprNode = fields[key]?.value else { continue }
            for column in Validator.bareColumns(in: expression) where drafts[d].table.column(column) == nil {
                reader.report(.unknownColumn(column, table: drafts[d].table.name.description,
                                             candidates: drafts[d].table.columns.map(\.name)), exprNode, "\(path).\(key)")
            }
        }
        let restrictive = fields["restrictive"].flatMap { reader.bool($0.value, path + ".restrictive") } ?? false
        drafts[d].table.rls.policies.append(Policy(name: name, command: command, roles: roles, using: using,
                                                   withCheck: withCheck, permissive: !restrictive, location: node.location))
    }

    /// The column names a simple policy expression uses; empty when it has a subquery (names there belong to other tables).
    static func bareColumns(in expression: String) -> [String] {
        let lowered = expression.lowercased()
        if lowered.contains("select") || lowered.contains("from") || lowered.contains("\"") { return [] }
        let keywords: Set<String> = ["and", "or", "not", "null", "is", "true", "false", "in", "any", "all", "like", "ilike",
                                     "between", "case", "when", "then", "else", "end", "distinct", "from", "current_user",
                                     "session_user", "current_date", "current_timestamp", "now", "coalesce", "array",
                                     "interval", "exists", "text", "uuid", "integer", "bigint", "boolean", "jsonb", "json",
                                     "date", "timestamptz", "timestamp", "varchar", "numeric", "localtime", "localtimestamp"]
        var result: [String] = []
        var index = expression.startIndex
        var previous: Character = " "
        while index < expression.endIndex {
            let character = expression[index]
            if character == "'" {
                index = expression.index(after: index)
                while index < expression.endIndex, expression[index] != "'" { index = expression.index(after: index) }
                if index < expression.endIndex { index = expression.index(after: index) }
                previous = "'"
                continue
            }
            if character.isLetter || character == "_" {
                var end = index
                while end < expression.endIndex, expression[end].isLetter || expression[end].isNumber || expression[end] == "_" {
                    end = expression.index(after: end)
                }
                let word = String(expression[index..<end])
                var next = end
                while next < expression.endIndex, expression[next] == " " { next = expression.index(after: next) }
                let followedBy = next < expression.endIndex ? expression[next] : " "
                let afterCast = previous == ":"
                if followedBy != "(" && followedBy != "." && previous != "." && !afterCast && !keywords.contains(word.lowercased())
                    && !result.contains(word) {
                    result.append(word)
                }
                previous = expression[expression.index(before: end)]
                index = end
                continue
            }
            if !character.isWhitespace { previous = character }
            index = expression.index(after: index)
        }
        return result
    }

    mutating func lintPolicies() {
        for d in drafts.indices where !drafts[d].table.isExternal {
            let table = drafts[d].table
            let path = drafts[d].path + ".rls"
            let exposed = settings.exposedSchemas.contains(table.name.schema)
            if exposed && !table.rls.enabled {
                reader.report(.exposedWithoutRLS(table.name.description), at: drafts[d].rlsNode?.location ?? table.location, path)
            }
            if table.rls.enabled && table.rls.policies.isEmpty && !table.rls.denyAllIntended {
                reader.report(.rlsWithoutPolicy(table.name.description), at: drafts[d].rlsNode?.location ?? table.location, path)
            }
            for policy in table.rls.policies {
                for expression in [policy.using, policy.withCheck].compactMap({ $0 }) {
                    for function in Validator.perRowAuthCalls(in: expression) {
                        reader.report(.perRowAuthCall(function), at: policy.location, path)
                    }
                }
                if (policy.command == .insert || policy.command == .update || policy.command == .all) && policy.withCheck == nil {
                    reader.report(.missingWithCheck(policy.command.sql), at: policy.location, path)
                }
                if policy.roles.isEmpty || policy.roles.contains("public") {
                    reader.report(.policyToPublic(), at: policy.location, path)
                }
            }
            var permissive: [String: [Policy]] = [:]
            var order: [String] = []
            for policy in table.rls.policies where policy.permissive {
                let roles = policy.roles.isEmpty ? ["public"] : policy.roles
                let commands: [Policy.Command] = policy.command == .all ? [.select, .insert, .update, .delete] : [policy.command]
                for role in roles {
                    for command in commands {
                        let key = "\(role)|\(command.sql)"
                        if permissive[key] == nil { order.append(key) }
                        permissive[key, default: []].append(policy)
                    }
                }
            }
            var reported = Set<String>()
            for key in order {
                guard let policies = permissive[key], policies.count > 1 else { continue }
                let parts = key.split(separator: "|").map(String.init)
                let names = policies.map(\.name)
                if !reported.insert(names.joined(separator: "\u{0}") + parts[0]).inserted { continue }
                reader.report(.multiplePermissive(parts[0], parts[1], names), at: policies[1].location, path)
            }
            if let owner = table.rls.ownerColumn, !Validator.isLeadingIndexed(owner, in: table, pending: drafts[d].pendingIndexes.map(\.0)) {
                reader.report(.unindexedPolicyColumn(table.name.name, owner), at: drafts[d].ownerNode?.location ?? table.location, path)
            }
        }
    }

    /// `auth.uid()`, `auth.jwt()` and `auth.role()` calls not wrapped in `(select ...)`.
    static func perRowAuthCalls(in expression: String) -> [String] {
        var found: [String] = []
        let lowered = expression.lowercased()
        for function in ["auth.uid()", "auth.jwt()", "auth.role()", "current_setting("] {
            var search = lowered.startIndex
            while let range = lowered.range(of: function, range: search..<lowered.endIndex) {
                let before = lowered[lowered.startIndex..<range.lowerBound].trimmingCharacters(in: .whitespaces)
                if !before.hasSuffix("select") {
                    let name = function.hasSuffix("(") ? "current_setting()" : function
                    if !found.contains(name) { found.append(name) }
                }
                search = range.upperBound
            }
        }
        return found
    }

    /// Whether a column leads some index, primary key or unique constraint of the table.
    static func isLeadingIndexed(_ column: String, in table: Table, pending: [Index] = []) -> Bool {
        table.primaryKey?.columns.first == column
            || table.uniques.contains { $0.columns.first == column }
            || (table.indexes + pending).contains { $0.parts.first?.column == column && $0.predicate == nil }
    }
}

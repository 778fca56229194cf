import Foundation

/// Row-level security: defaults, the owner shorthand, explicit policies and the offline security lints.
///
/// Secure by default: a table in an exposed schema has RLS unless its `rls` says `false` (or `enabled: false`);
/// an `rls` mapping turns RLS on in any schema.
extension Validator {
    static let rlsKeys = ["enabled", "force", "deny_all", "owner", "allow", "noun", "policies"]
    static let policyKeys = ["name", "command", "roles", "using", "with_check", "restrictive"]
    static let ownerCommands: [Policy.Command] = [.select, .insert, .update, .delete]

    /// Where one policy's parts were written, for diagnostics.
    struct PolicyNodes {
        /// The document path of the policy (`tables.x.rls.policies[0]`, or `tables.x.rls.owner` for the shorthand).
        var path: String
        /// The node the policy as a whole is reported at.
        var declaration: YAMLNode
        /// The node of each role, parallel to the policy's roles; empty when the roles are the default.
        var roles: [YAMLNode] = []
        var using: YAMLNode?
        var withCheck: YAMLNode?
    }

    mutating func readRowLevelSecurity() {
        for d in drafts.indices where !drafts[d].table.isExternal {
            drafts[d].table.rls.enabled = settings.exposedSchemas.contains(drafts[d].table.name.schema)
            guard let node = drafts[d].rlsNode else { continue }
            let path = drafts[d].path + ".rls"
            if case .scalar = node.kind {
                if let flag = reader.bool(node, path) { drafts[d].table.rls.enabled = flag }
                continue
            }
            guard let fields = reader.mapping(node, path, allowed: Validator.rlsKeys) else { continue }
            drafts[d].rlsEntries = fields
            drafts[d].table.rls.enabled = true
            if let value = fields["enabled"], let flag = reader.bool(value.value, path + ".enabled") { drafts[d].table.rls.enabled = flag }
            if let value = fields["force"], let flag = reader.bool(value.value, path + ".force") { drafts[d].table.rls.forced = flag }
            if let value = fields["deny_all"], let flag = reader.bool(value.value, path + ".deny_all") {
                drafts[d].table.rls.denyAllIntended = flag
            }
            if let owner = fields["owner"] {
                readOwner(owner, fields: fields, draft: d, path: path)
            } else {
                for key in ["allow", "noun"] where fields[key] != nil {
                    reader.report(.invalidValue("'\(key)' needs 'owner'"), fields[key]?.keyNode ?? node, path)
                }
            }
            if let policies = fields["policies"] {
                for (offset, item) in (reader.list(policies.value, path + ".policies") ?? []).enumerated() {
                    readPolicy(item, draft: d, path: "\(path).policies[\(offset)]")
                }
            }
            let rls = drafts[d].table.rls
            if let disabled = fields["enabled"], !rls.enabled {
                if !rls.policies.isEmpty || fields["owner"] != nil || fields["policies"] != nil {
                    reader.report(.policiesWithoutRLS(drafts[d].table.name.description), disabled.value, path + ".enabled")
                }
                if rls.forced, let force = fields["force"] {
                    reader.report(.conflictingKeys("enabled: false", "force: true"), force.keyNode, path)
                }
                if rls.denyAllIntended, let denyAll = fields["deny_all"] {
                    reader.report(.conflictingKeys("enabled: false", "deny_all: true"), denyAll.keyNode, path)
                }
            }
            if rls.denyAllIntended, let denyAll = fields["deny_all"] {
                for key in ["owner", "policies"] where fields[key] != nil {
                    reader.report(.conflictingKeys("deny_all: true", key), denyAll.keyNode, path)
                }
            }
        }
        for d in drafts.indices {
            var seen = Set<String>()
            for (policy, nodes) in zip(drafts[d].table.rls.policies, drafts[d].policyNodes) where !seen.insert(policy.name).inserted {
                reader.report(.duplicateName("policy", policy.name), nodes.declaration, nodes.path)
            }
        }
        lintPolicies()
        lintPrivilegedColumns()
    }

    /// Expands `owner:` into one policy per allowed command, named as the seed names them.
    mutating func readOwner(_ owner: Entry, fields: [Entry], draft d: Int, path: String) {
        guard let column = reader.string(owner.value, path + ".owner") else { return }
        guard requireColumn(column, in: drafts[d], owner.value, path + ".owner") else { return }
        if let type = drafts[d].table.column(column)?.type, type != .uuid {
            reader.report(.ownerNotUUID(drafts[d].table.name.description, column, type.sqlName), owner.value, path + ".owner")
            return
        }
        drafts[d].ownerNode = owner.value
        drafts[d].table.rls.ownerColumn = column
        var commands = Validator.ownerCommands
        if let allow = fields["allow"] {
            commands = []
            let list = reader.stringList(allow.value, path + ".allow") ?? []
            if list.isEmpty, case .sequence = allow.value.kind {
                reader.report(.emptyList("'allow'"), allow.value, path + ".allow")
            }
            for (text, node) in list {
                let allowed = Policy.Command.allCases.map(\.rawValue)
                guard let command = Policy.Command(rawValue: text.lowercased()) else {
                    reader.report(.invalidValue("'\(text)' is not a command",
                                                hint: Suggest.hint(for: text, in: allowed) ?? "use: \(allowed.joined(separator: ", "))"),
                                  node, path + ".allow")
                    continue
                }
                for expanded in command == .all ? Validator.ownerCommands : [command] where !commands.contains(expanded) {
                    commands.append(expanded)
                }
            }
        }
        var noun = Naming.words(drafts[d].table.name.name).map { word in
            settings.acronyms.first { $0.lowercased() == word } ?? word
        }.joined(separator: " ")
        var nounNode = owner.value
        if let value = fields["noun"], let text = reader.string(value.value, path + ".noun") {
            noun = text
            nounNode = value.value
        }
        let check = "(select auth.uid()) = \(SQLSyntax.quoteIdent(column))"
        let verbs: [Policy.Command: String] = [.select: "view", .insert: "create", .update: "update", .delete: "delete"]
        for command in Validator.ownerCommands where commands.contains(command) {
            let name = "Users can \(verbs[command] ?? command.rawValue) own \(noun)"
            guard checkPolicyName(name, nounNode, path + (fields["noun"] == nil ? ".owner" : ".noun")) else { return }
            drafts[d].table.rls.policies.append(Policy(
                name: name, command: command, roles: ["authenticated"],
                using: command == .insert ? nil : check,
                withCheck: command == .insert || command == .update ? check : nil,
                permissive: true, location: owner.keyNode.location))
            drafts[d].policyNodes.append(PolicyNodes(path: path + ".owner", declaration: owner.keyNode))
        }
    }

    /// A policy name is an identifier: PostgreSQL truncates it past 63 bytes and rejects control characters.
    mutating func checkPolicyName(_ name: String, _ node: YAMLNode, _ path: String) -> Bool {
        checkIdentifier(name, node, path, rejectsDelete: true, needsWord: false)
    }

    mutating func readPolicy(_ node: YAMLNode, draft d: Int, path: String) {
        guard let fields = reader.mapping(node, path, allowed: Validator.policyKeys) else { return }
        guard let nameNode = fields["name"], let name = reader.string(nameNode.value, path + ".name") else {
            if fields["name"] == nil { reader.report(.missingKey("name"), node, path) }
            return
        }
        var valid = checkPolicyName(name, nameNode.value, path + ".name")
        var command = Policy.Command.all
        if let value = fields["command"], let text = reader.string(value.value, path + ".command") {
            if let parsed = Policy.Command(rawValue: text.lowercased()) { command = parsed } else {
                reader.report(.invalidValue("'\(text)' is not a command",
                                            hint: Suggest.hint(for: text.lowercased(), in: Policy.Command.allCases.map(\.rawValue))),
                              value.value, path + ".command")
                valid = false
            }
        }
        // Policies apply to signed-in users unless they say otherwise: Supabase's advice, and never anon by accident.
        var roles = ["authenticated"]
        var roleNodes: [YAMLNode] = []
        if let value = fields["roles"] {
            roles = []
            let list = reader.stringList(value.value, path + ".roles") ?? []
            if list.isEmpty, case .sequence = value.value.kind {
                reader.report(.emptyList("a policy's roles"), value.value, path + ".roles")
                valid = false
            }
            for (role, roleNode) in list {
                if !self.roles.contains(role) {
                    reader.report(.unknownRole(role, known: self.roles), roleNode, path + ".roles")
                    valid = false
                } else if roles.contains(role) {
                    reader.report(.duplicateName("role", role), roleNode, path + ".roles")
                    valid = false
                    continue
                }
                roles.append(role)
                roleNodes.append(roleNode)
            }
            // PostgreSQL keeps only PUBLIC when it is listed with other roles (with a warning), so pg_policies
            // would not show what the schema says.
            if roles.count > 1, let index = roles.firstIndex(of: "public") {
                reader.report(.publicWithOtherRoles(), roleNodes[index], path + ".roles")
                valid = false
            }
        }
        var expressions: [String: String] = [:]
        for key in ["using", "with_check"] {
            guard let entry = fields[key], let text = reader.string(entry.value, "\(path).\(key)") else { continue }
            let trimmed = text.trimmingWhitespaceAndNewlines()
            if trimmed.isEmpty {
                reader.report(.invalidValue("'\(key)' cannot be empty"), entry.value, "\(path).\(key)")
                valid = false
                continue
            }
            // The policy clause closes its parenthesis on a line of its own after a comment (SQLDefinitions).
            guard checkSQLFragment(trimmed, entry.value, "\(path).\(key)", what: "the policy's \(key)", closedOnItsOwnLine: true) else {
                valid = false
                continue
            }
            expressions[key] = trimmed
            let table = drafts[d].table
            let reading = policyReading(trimmed)
            for column in reading.columns where table.column(column) == nil {
                reader.report(.unknownColumn(column, table: table.name.description, candidates: table.columns.map(\.name)),
                              entry.value, "\(path).\(key)")
                valid = false
            }
            for reference in reading.qualifiedColumns {
                guard let target = policyRelation(reference.relation, of: table), !target.isExternal,
                      target.column(reference.column) == nil else { continue }
                reader.report(.unknownColumn(reference.column, table: target.name.description, candidates: target.columns.map(\.name)),
                              entry.value, "\(path).\(key)")
                valid = false
            }
        }
        let using = expressions["using"]
        let withCheck = expressions["with_check"]
        if command == .insert && fields["using"] != nil {
            reader.report(.invalidValue("an INSERT policy takes only 'with_check'"), fields["using"]?.keyNode ?? node, path)
            valid = false
        }
        if command == .select || command == .delete, fields["with_check"] != nil {
            reader.report(.invalidValue("a \(command.sql) policy takes only 'using'"), fields["with_check"]?.keyNode ?? node, path)
            valid = false
        }
        if command == .insert ? fields["with_check"] == nil : fields["using"] == nil && fields["with_check"] == nil {
            reader.report(.missingKey(command == .insert ? "with_check" : "using"), node, path)
            valid = false
        }
        let restrictive = fields["restrictive"].flatMap { reader.bool($0.value, path + ".restrictive") } ?? false
        guard valid else { return }
        drafts[d].table.rls.policies.append(Policy(name: name, command: command, roles: roles, using: using,
                                                   withCheck: withCheck, permissive: !restrictive, location: node.location))
        drafts[d].policyNodes.append(PolicyNodes(path: path, declaration: node, roles: roleNodes,
                                                 using: fields["using"]?.value, withCheck: fields["with_check"]?.value))
    }

    /// The offline counterparts of Supabase's security and performance advisors, as warnings.
    mutating func lintPolicies() {
        for d in drafts.indices where !drafts[d].table.isExternal {
            let draft = drafts[d]
            let table = draft.table
            let path = draft.path + ".rls"
            let rlsLocation = draft.rlsNode?.location ?? draft.node.location
            if settings.exposedSchemas.contains(table.name.schema) && !table.rls.enabled {
                if let enabled = draft.rlsEntries?["enabled"] {
                    reader.report(.exposedWithoutRLS(table.name.description), enabled.value, path + ".enabled")
                } else {
                    reader.report(.exposedWithoutRLS(table.name.description), at: rlsLocation, path)
                }
            }
            // Policies declared but rejected have their own errors; the table is not meant to be deny-all.
            var declaresPolicies = draft.rlsEntries?["owner"] != nil
            if case .sequence(let items) = draft.rlsEntries?["policies"]?.value.kind, !items.isEmpty { declaresPolicies = true }
            if table.rls.enabled && !declaresPolicies && !table.rls.denyAllIntended {
                reader.report(.rlsWithoutPolicy(table.name.description), at: rlsLocation, path)
            }
            var seenColumns: [String] = []
            for (policy, nodes) in zip(table.rls.policies, draft.policyNodes) {
                for (expression, node, key) in [(policy.using, nodes.using, "using"), (policy.withCheck, nodes.withCheck, "with_check")] {
                    guard let expression else { continue }
                    let at = node ?? nodes.declaration
                    let place = node == nil ? nodes.path : "\(nodes.path).\(key)"
                    let reading = policyReading(expression)
                    for function in reading.perRowAuthCalls {
                        reader.report(.perRowAuthCall(function, policy: policy.name), at, place)
                    }
                    for column in reading.columns where !seenColumns.contains(column) {
                        seenColumns.append(column)
                        if table.column(column) != nil && !Validator.isLeadingIndexed(column, in: table) {
                            reader.report(.unindexedPolicyColumn(table.name.name, column), at, place)
                        }
                    }
                }
                if (policy.command == .update || policy.command == .all) && policy.withCheck == nil {
                    reader.report(.missingWithCheck(policy.command.sql, policy: policy.name), nodes.declaration, nodes.path)
                }
                if let index = policy.roles.firstIndex(of: "public") {
                    let at = index < nodes.roles.count ? nodes.roles[index] : nodes.declaration
                    reader.report(.policyToPublic(policy: policy.name), at, nodes.path + ".roles")
                }
            }
            lintPolicyCombinations(table, nodes: draft.policyNodes)
        }
    }

    /// Several permissive policies for one role and command (each is evaluated for every row), and restrictive
    /// policies with no permissive policy to narrow (they deny everything).
    mutating func lintPolicyCombinations(_ table: Table, nodes: [PolicyNodes]) {
        func commands(_ policy: Policy) -> [Policy.Command] {
            policy.command == .all ? Validator.ownerCommands : [policy.command]
        }
        // PUBLIC applies to every role, so it overlaps with each API role and each role named on the table.
        var roles = ["anon", "authenticated"]
        for policy in table.rls.policies {
            for role in policy.roles where role != "public" && !roles.contains(role) { roles.append(role) }
        }
        func applies(_ policy: Policy, to role: String) -> Bool {
            policy.roles.contains(role) || policy.roles.contains("public")
        }
        var reported: [[Int]] = []
        for role in roles {
            for command in Validator.ownerCommands {
                let overlapping = table.rls.policies.indices.filter { index in
                    let policy = table.rls.policies[index]
                    return policy.permissive && applies(policy, to: role) && commands(policy).contains(command)
                }
                guard overlapping.count > 1, !reported.contains(overlapping) else { continue }
                reported.append(overlapping)
                let second = nodes[overlapping[1]]
                reader.report(.multiplePermissive(role, command.sql, overlapping.map { table.rls.policies[$0].name }),
                              second.declaration, second.path)
            }
        }
        for (policy, node) in zip(table.rls.policies, nodes) where !policy.permissive {
            let uncovered = commands(policy).filter { command in
                !table.rls.policies.contains { other in
                    other.permissive && commands(other).contains(command)
                        && (other.roles.contains("public") || policy.roles.contains("public") || !Set(other.roles).isDisjoint(with: policy.roles))
                }
            }
            if !uncovered.isEmpty {
                reader.report(.restrictiveWithoutPermissive(policy: policy.name, uncovered.map(\.sql)), node.declaration, node.path)
            }
        }
    }

    /// The reading of a policy expression, tokenised the first time it is seen.
    mutating func policyReading(_ expression: String) -> PolicyExpression.Reading {
        if let reading = policyReadings[expression] { return reading }
        let reading = PolicyExpression.Reading(expression)
        policyReadings[expression] = reading
        return reading
    }

    /// The table a qualifier in a policy names: the policy's own table by its bare name, another table by its
    /// name in `public` (the search path) or by `schema.name`; nil for anything else (a function, a made-up row).
    func policyRelation(_ relation: [String], of table: Table) -> Table? {
        let name: QualifiedName
        switch relation.count {
        case 1 where relation[0] == table.name.name: return table
        case 1: name = QualifiedName(schema: "public", name: relation[0])
        case 2: name = QualifiedName(schema: relation[0], name: relation[1])
        default: return nil
        }
        if name == table.name { return table }
        return draftIndex[name].map { drafts[$0].table }
    }

    /// Whether a column leads some index, primary key or unique constraint of the table.
    static func isLeadingIndexed(_ column: String, in table: Table) -> Bool {
        table.primaryKey?.columns.first == column
            || table.uniques.contains { $0.columns.first == column }
            || table.indexes.contains { $0.parts.first?.column == column && $0.predicate == nil }
    }
}

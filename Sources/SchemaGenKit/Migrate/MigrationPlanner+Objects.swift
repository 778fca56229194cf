/// Functions, triggers, privileges and publications, planned object by object from two inspected schemas (the live
/// database and the shadow built from schema.yaml), never by replaying a raw block's text: a changed function is
/// replaced, a changed trigger re-created, a privilege granted or revoked, and what disappeared dropped.
extension MigrationPlanner {
    mutating func diffObjects() {
        guard let before = old.objects, let after = new.objects else { return }
        diffFunctions(before, after)
        diffTriggers(before, after)
        diffGrants(before, after)
        diffPublications(before, after)
    }

    static func signature(_ function: DatabaseObjects.Function) -> String {
        "\(function.kind == "p" ? "PROCEDURE" : "FUNCTION") \(SQLSyntax.quoteIdent(function.schema)).\(SQLSyntax.quoteIdent(function.name))(\(function.arguments))"
    }

    mutating func diffFunctions(_ before: DatabaseObjects, _ after: DatabaseObjects) {
        let old = Dictionary(before.functions.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let new = Set(after.functions.map(\.key))
        let location = section("sql")
        var replacing = false
        for function in after.functions {
            let phase: Phase = function.usesRowTypes ? .functionsAfterTables : .rawSQLBeforeTables
            let signature = Self.signature(function)
            if let existing = old[function.key] {
                if existing.definition != function.definition {
                    if existing.result != function.result || existing.kind != function.kind {
                        // CREATE OR REPLACE cannot change what a function returns.
                        add(phase, "DROP \(signature);", at: location,
                            notes: ["\(signature.lowercased().hasPrefix("procedure") ? "procedure" : "function") \(function.key): its result changes, so it is dropped and created again"])
                    }
                    add(phase, function.definition + ";", at: location, notes: ["function \(function.key) differs"])
                    replacing = true
                }
                if existing.comment != function.comment {
                    add(.comments, "COMMENT ON \(signature) IS \(function.comment.map(SQLSyntax.literal) ?? "NULL");", at: location)
                }
            } else {
                add(phase, function.definition + ";", at: location, notes: ["function \(function.key) is missing"])
                if let comment = function.comment {
                    add(.comments, "COMMENT ON \(signature) IS \(SQLSyntax.literal(comment));", at: location)
                }
                replacing = true
            }
        }
        if replacing {
            // A SQL function's body is checked against tables the same migration creates later.
            add(.settings, "SET check_function_bodies = off;", at: location)
        }
        for function in before.functions where !new.contains(function.key) {
            add(.dropFunctions, "DROP \(Self.signature(function));", at: location,
                destructive: "drops \(Self.signature(function).lowercased().hasPrefix("procedure") ? "procedure" : "function") \(function.key), which schema.yaml does not declare")
        }
    }

    mutating func diffTriggers(_ before: DatabaseObjects, _ after: DatabaseObjects) {
        let old = Dictionary(before.triggers.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let new = Set(after.triggers.map(\.key))
        let location = section("sql")
        let droppedTables = Set(self.old.tables.map(\.name)).subtracting(tableMatches.values)
        for trigger in after.triggers {
            let table = "\(SQLSyntax.quoteIdent(trigger.tableSchema)).\(SQLSyntax.quoteIdent(trigger.tableName))"
            let name = SQLSyntax.quoteIdent(trigger.name)
            if let existing = old[trigger.key] {
                if existing.definition != trigger.definition {
                    if trigger.isConstraint || existing.isConstraint {
                        add(.dropTriggers, "DROP TRIGGER \(name) ON \(table);", at: location)
                        add(.triggers, trigger.definition + ";", at: location, notes: ["trigger \(trigger.name) on \(trigger.tableSchema).\(trigger.tableName) differs"])
                    } else {
                        add(.triggers, Self.replacing(trigger.definition) + ";", at: location,
                            notes: ["trigger \(trigger.name) on \(trigger.tableSchema).\(trigger.tableName) differs"])
                    }
                }
                if existing.enabled != trigger.enabled {
                    let state = ["D": "DISABLE", "R": "ENABLE REPLICA", "A": "ENABLE ALWAYS"][trigger.enabled] ?? "ENABLE"
                    add(.triggers, "ALTER TABLE \(table) \(state) TRIGGER \(name);", at: location)
                }
                if existing.comment != trigger.comment {
                    add(.triggers, "COMMENT ON TRIGGER \(name) ON \(table) IS \(trigger.comment.map(SQLSyntax.literal) ?? "NULL");", at: location)
                }
            } else {
                add(.triggers, trigger.definition + ";", at: location,
                    notes: ["trigger \(trigger.name) on \(trigger.tableSchema).\(trigger.tableName) is missing"])
                if trigger.enabled != "O" {
                    let state = ["D": "DISABLE", "R": "ENABLE REPLICA", "A": "ENABLE ALWAYS"][trigger.enabled] ?? "ENABLE"
                    add(.triggers, "ALTER TABLE \(table) \(state) TRIGGER \(name);", at: location)
                }
                if let comment = trigger.comment {
                    add(.triggers, "COMMENT ON TRIGGER \(name) ON \(table) IS \(SQLSyntax.literal(comment));", at: location)
                }
            }
        }
        for trigger in before.triggers where !new.contains(trigger.key) {
            if droppedTables.contains(QualifiedName(schema: trigger.tableSchema, name: trigger.tableName)) { continue }
            let table = "\(SQLSyntax.quoteIdent(trigger.tableSchema)).\(SQLSyntax.quoteIdent(trigger.tableName))"
            add(.dropTriggers, "DROP TRIGGER \(SQLSyntax.quoteIdent(trigger.name)) ON \(table);", at: location,
                destructive: "drops trigger \(trigger.name) on \(trigger.tableSchema).\(trigger.tableName), which schema.yaml does not declare")
        }
    }

    /// `CREATE TRIGGER` as `CREATE OR REPLACE TRIGGER` (PostgreSQL 14 and later).
    static func replacing(_ definition: String) -> String {
        definition.hasPrefix("CREATE TRIGGER ") ? "CREATE OR REPLACE TRIGGER " + definition.dropFirst("CREATE TRIGGER ".count) : definition
    }

    /// The object a privilege is on, as SQL: `TABLE public.notes`, `FUNCTION public.f(integer)`, `SCHEMA app`.
    static func grantObject(_ grant: DatabaseObjects.Grant) -> String {
        if grant.objectKind == "SCHEMA" { return "SCHEMA \(SQLSyntax.quoteIdent(grant.schema))" }
        let name = "\(SQLSyntax.quoteIdent(grant.schema)).\(SQLSyntax.quoteIdent(grant.name))"
        return "\(grant.objectKind) \(name)" + (grant.arguments.map { "(\($0))" } ?? "")
    }

    static func grantee(_ grant: DatabaseObjects.Grant) -> String {
        grant.grantee == "PUBLIC" ? "PUBLIC" : SQLSyntax.quoteIdent(grant.grantee)
    }

    mutating func diffGrants(_ before: DatabaseObjects, _ after: DatabaseObjects) {
        let location = section("sql")
        // Objects that exist after the migration: privileges on the others go with them.
        var existing = Set(after.grants.map(\.objectKey))
        for table in new.tables { existing.insert("TABLE \(table.name)") }
        for view in new.views { existing.insert("TABLE \(view.name)") }
        for sequence in new.sequences { existing.insert("SEQUENCE \(sequence.name)") }
        for function in after.functions { existing.insert("\(function.kind == "p" ? "PROCEDURE" : "FUNCTION") \(function.schema).\(function.name)(\(function.arguments))") }
        for name in new.createdSchemas { existing.insert("SCHEMA \(name)") }
        func key(_ grant: DatabaseObjects.Grant) -> DatabaseObjects.Grant { grant }
        let oldSet = Set(before.grants), newSet = Set(after.grants)
        let columns = Dictionary(new.tables.map { ("TABLE \($0.name)", Set($0.columns.map(\.name))) }, uniquingKeysWith: { first, _ in first })
        // A column that goes away takes its privileges with it.
        let revoked = before.grants.filter { grant in
            !newSet.contains(grant) && existing.contains(grant.objectKey)
                && (grant.column.map { columns[grant.objectKey]?.contains($0) ?? true } ?? true)
        }
        var granted = after.grants.filter { !oldSet.contains($0) }
        // A table-wide REVOKE takes the column privileges of that privilege with it: grant those again.
        for revoke in revoked where revoke.column == nil && revoke.objectKind == "TABLE" {
            granted += after.grants.filter {
                $0.column != nil && $0.objectKey == revoke.objectKey && $0.grantee == revoke.grantee && $0.privilege == revoke.privilege
                    && !granted.contains($0)
            }
        }
        for (statement, grants) in Self.grouped(revoked) {
            let first = grants[0]
            add(.revokes, "REVOKE \(statement) ON \(Self.grantObject(first)) FROM \(Self.grantee(first));", at: location,
                notes: ["\(first.grantee) holds \(grants.map(\.privilege).joined(separator: ", ")) on \(first.objectKey)\(first.column.map { " (\($0))" } ?? "") that schema.yaml does not give"])
        }
        for (statement, grants) in Self.grouped(granted) {
            let first = grants[0]
            add(.grants, "GRANT \(statement) ON \(Self.grantObject(first)) TO \(Self.grantee(first))\(first.grantable ? " WITH GRANT OPTION" : "");",
                at: location,
                notes: ["\(first.grantee) lacks \(grants.map(\.privilege).joined(separator: ", ")) on \(first.objectKey)\(first.column.map { " (\($0))" } ?? "")"])
        }
    }

    /// Privileges grouped by object, column, grantee and grant option, in order: `SELECT, INSERT` or `UPDATE (col)`.
    static func grouped(_ grants: [DatabaseObjects.Grant]) -> [(String, [DatabaseObjects.Grant])] {
        var order: [String] = []
        var groups: [String: [DatabaseObjects.Grant]] = [:]
        for grant in grants {
            let key = [grant.objectKey, grant.column ?? "", grant.grantee, grant.grantable ? "1" : "0"].joined(separator: "\u{0}")
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(grant)
        }
        return order.compactMap { key in
            guard let group = groups[key], let first = group.first else { return nil }
            // A column list belongs to each privilege: `INSERT (a), UPDATE (a)`, not `INSERT, UPDATE (a)`.
            let column = first.column.map { " (\(SQLSyntax.quoteIdent($0)))" } ?? ""
            return (group.map { $0.privilege + column }.joined(separator: ", "), group)
        }
    }

    mutating func diffPublications(_ before: DatabaseObjects, _ after: DatabaseObjects) {
        let location = section("sql")
        for publication in after.publications {
            guard let existing = before.publications.first(where: { $0.name == publication.name }) else { continue }
            let name = SQLSyntax.quoteIdent(publication.name)
            func quoted(_ table: String) -> String {
                let parts = table.split(separator: ".", maxSplits: 1).map(String.init)
                return parts.map(SQLSyntax.quoteIdent).joined(separator: ".")
            }
            for table in publication.tables where !existing.tables.contains(table) {
                add(.publications, "ALTER PUBLICATION \(name) ADD TABLE \(quoted(table));", at: location,
                    notes: ["publication \(publication.name) does not publish \(table)"])
            }
            for table in existing.tables where !publication.tables.contains(table) {
                add(.publications, "ALTER PUBLICATION \(name) DROP TABLE \(quoted(table));", at: location,
                    notes: ["publication \(publication.name) publishes \(table), which schema.yaml does not"])
            }
        }
    }
}

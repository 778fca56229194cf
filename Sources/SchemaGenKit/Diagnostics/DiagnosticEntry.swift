/// The catalogue of diagnostics: every message the compiler can print, built by a named factory.
package struct DiagnosticEntry: Sendable {
    package var severity: Diagnostic.Severity
    package var code: String
    package var message: String
    package var hint: String?

    static func error(_ code: String, _ message: String, hint: String? = nil) -> DiagnosticEntry {
        DiagnosticEntry(severity: .error, code: code, message: message, hint: hint)
    }

    static func warning(_ code: String, _ message: String, hint: String? = nil) -> DiagnosticEntry {
        DiagnosticEntry(severity: .warning, code: code, message: message, hint: hint)
    }

    // MARK: File and YAML

    package static func schemaFileMissing(_ path: String, defaultName: Bool) -> Self {
        .error("schema-file-unreadable", "cannot read the schema file: no such file",
               hint: defaultName
                ? "run `schemagen init` to write a starter schema.yaml here, or pass --schema PATH to name another file"
                : "check the path given to --schema, or run `schemagen init --schema \(path)` to write a starter schema there")
    }
    package static func schemaFileIsDirectory(_ path: String) -> Self {
        .error("schema-file-unreadable", "cannot read the schema file: it is a directory",
               hint: "pass --schema \(path.hasSuffix("/") ? path : path + "/")schema.yaml to name the file in it")
    }
    package static func schemaFileUnreadable(_ path: String, reason: String) -> Self {
        .error("schema-file-unreadable", "cannot read the schema file: \(reason)",
               hint: "check the file's permissions (ls -l \(path))")
    }
    package static func notUTF8() -> Self { .error("not-utf8", "the file is not valid UTF-8") }
    package static func emptyDocument() -> Self {
        .error("empty-document", "the schema is empty", hint: "declare at least 'tables:'")
    }
    package static func yamlSyntax(_ problem: String) -> Self { .error("yaml-syntax", "YAML syntax error: \(problem)") }
    package static func documentTooLarge(_ limit: Int) -> Self {
        .error("document-too-large", "YAML aliases expand the document beyond \(limit) nodes",
               hint: "an alias of an alias of a list multiplies its size; use mixins to share columns")
    }
    package static func nestingTooDeep(_ limit: Int) -> Self {
        .error("nesting-too-deep", "lists and mappings are nested more than \(limit) levels deep")
    }
    package static func duplicateKey(_ key: String, first: SourceLocation) -> Self {
        .error("duplicate-key", "duplicate key '\(key)'",
               hint: "first defined at line \(first.line), column \(first.column); remove or rename one of them")
    }
    package static func wrongKind(expected: String, found: String) -> Self {
        .error("wrong-kind", "expected \(expected), found \(found)")
    }
    package static func unknownKey(_ key: String, allowed: [String]) -> Self {
        .error("unknown-key", "unknown key '\(key)'",
               hint: Suggest.hint(for: key, in: allowed) ?? "allowed keys: \(allowed.joined(separator: ", "))")
    }
    package static func missingKey(_ key: String) -> Self { .error("missing-key", "missing required key '\(key)'") }
    package static func duplicateName(_ kind: String, _ name: String, first: SourceLocation? = nil, from origin: String? = nil) -> Self {
        let hint = first.map { "first declared at line \($0.line), column \($0.column)" + (origin.map { " by \($0)" } ?? "") }
        return .error("duplicate-name", "duplicate \(kind) '\(name)'", hint: hint)
    }
    package static func duplicateConstraint(_ kind: String, _ name: String, first: String, table: String) -> Self {
        .error("duplicate-name", "the \(kind) name '\(name)' is already used by a \(first) of table \(table)",
               hint: "give one of them another 'name:'")
    }
    package static func relationNameTaken(_ kind: String, _ name: String, by owner: String) -> Self {
        .error("duplicate-name", "the \(kind) name '\(name)' is already used by \(owner); PostgreSQL names indexes like tables, one namespace per schema",
               hint: "give it another 'name:'")
    }
    package static func enumNameTaken(_ name: String) -> Self {
        .error("duplicate-name", "enum \(name) has the name of a table; PostgreSQL gives every table a type of the same name",
               hint: "rename the enum or the table")
    }
    package static func typeNameTaken(_ kind: String, _ name: String, by other: String) -> Self {
        .error("duplicate-name", "\(kind) \(name) has the name of \(other); a column of that type would be ambiguous",
               hint: "rename one of them")
    }
    package static func invalidDeclaredType(_ key: String, _ value: String, _ expected: String) -> Self {
        .error("invalid-value", "invalid '\(key)' '\(value)' of a declared type", hint: "expected \(expected)")
    }
    package static func invalidValue(_ message: String, hint: String? = nil) -> Self {
        .error("invalid-value", message, hint: hint)
    }
    package static func pathOutsideProject(_ kind: String, _ path: String, directory: Bool) -> Self {
        .error("path-outside-project", "\(kind) '\(path)' must be a relative \(directory ? "" : "file ")path inside the project",
               hint: "paths are relative to the schema file's directory and cannot leave it: no leading '/' or '~', no '..'")
    }
    package static func duplicateOutputPath(_ path: String, _ target: String, other: String) -> Self {
        .error("duplicate-output-path", "outputs '\(target)' and '\(other)' are both written to '\(path)'",
               hint: "give one of them another path, or turn one off with false")
    }
    package static func invalidExpression(_ what: String, _ problem: String) -> Self {
        .error("invalid-expression", "\(what) is not one SQL expression: \(problem)",
               hint: "schemagen writes it into the DDL as it is; write a single expression")
    }
    package static func invalidViewQuery(_ problem: String) -> Self {
        .error("invalid-expression", "the view's sql is not one query: \(problem)",
               hint: "schemagen writes it into the DDL as it is; write a single SELECT")
    }
    package static func conflictingKeys(_ a: String, _ b: String) -> Self {
        .error("conflicting-keys", "'\(a)' and '\(b)' cannot be used together")
    }

    package static func invalidPlacement(_ value: String, allowed: [String]) -> Self {
        .error("invalid-placement", "unknown placement '\(value)' of a raw SQL block",
               hint: Suggest.hint(for: value, in: allowed) ?? "write one of \(allowed.joined(separator: ", "))")
    }

    // MARK: Names

    package static func invalidIdentifier(_ name: String, _ why: String) -> Self {
        .error("invalid-identifier", "invalid name '\(name)': \(why)")
    }
    package static func identifierTooLong(_ name: String, bytes: Int) -> Self {
        .error("identifier-too-long", "'\(name)' is \(bytes) bytes long; PostgreSQL truncates identifiers to 63 bytes",
               hint: "choose a shorter name")
    }
    package static func derivedNameTooLong(_ kind: String, _ name: String) -> Self {
        .error("identifier-too-long", "the derived \(kind) name '\(name)' is over PostgreSQL's 63-byte limit",
               hint: "give it a shorter 'name:'")
    }
    package static func nameCollision(first: String, second: String, becomes: [String], key: String) -> Self {
        let list = becomes.count <= 1 ? becomes.joined() : becomes.dropLast().joined(separator: ", ") + " and " + (becomes.last ?? "")
        return .error("name-collision", "\(first) and \(second) both become \(list)",
                      hint: "rename one of them, or give one 'names: { \(key): ... }'")
    }

    // MARK: Types, defaults, references

    package static func unknownType(_ type: String, candidates: [String]) -> Self {
        .error("unknown-type", "unknown type '\(type)'", hint: Suggest.hint(for: type, in: candidates))
    }
    package static func invalidTypeArguments(_ type: String, _ why: String) -> Self {
        .error("invalid-type", "invalid type '\(type)': \(why)")
    }
    package static func typeSplitAtComma(_ type: String) -> Self {
        .error("type-split-at-comma", "the type '\(type)' is cut at its comma: inside { ... } a comma ends the value",
               hint: "quote the type: type: \"\(type)\"")
    }
    package static func invalidDefault(_ value: String, type: String, _ why: String? = nil) -> Self {
        .error("invalid-default", "default \(value) does not fit type \(type)" + (why.map { ": \($0)" } ?? ""))
    }
    package static func notEnumMember(_ value: String, enumName: String, members: [String]) -> Self {
        .error("invalid-default", "'\(value)' is not a member of enum \(enumName)",
               hint: Suggest.hint(for: value, in: members) ?? "members: \(members.joined(separator: ", "))")
    }
    package static func unknownTable(_ name: String, candidates: [String]) -> Self {
        .error("unknown-table", "unknown table '\(name)'", hint: Suggest.hint(for: name, in: candidates)
               ?? "declare it under 'tables:', or under 'external:' if another system owns it, like auth.users")
    }
    package static func unknownColumn(_ name: String, table: String, candidates: [String]) -> Self {
        .error("unknown-column", "table \(table) has no column '\(name)'", hint: Suggest.hint(for: name, in: candidates))
    }
    package static func unknownSequence(_ name: String, candidates: [String]) -> Self {
        .error("unknown-sequence", "unknown sequence '\(name)'",
               hint: Suggest.hint(for: name, in: candidates) ?? "declare it under 'sequences:'")
    }
    package static func sequenceNameTaken(_ name: String, by owner: String, kind: String = "sequence") -> Self {
        .error("duplicate-name", "the \(kind) name '\(name)' is already used by \(owner); PostgreSQL names \(kind)s like tables, one namespace per schema",
               hint: "rename the \(kind)")
    }
    package static func unknownRelation(_ name: String, candidates: [String]) -> Self {
        .error("unknown-table", "unknown table or view '\(name)'", hint: Suggest.hint(for: name, in: candidates))
    }
    package static func viewCycle(_ names: [String]) -> Self {
        .error("view-cycle", "views depend on each other in a cycle: \(names.joined(separator: ", "))",
               hint: "a view can only read views created before it; check depends_on and the names in their sql")
    }
    package static func viewWithoutSecurityInvoker(_ name: String) -> Self {
        .warning("security-definer-view", "view \(name) is exposed through the API and runs with its owner's privileges, bypassing row-level security",
                 hint: "add 'security_invoker: true' so the querying user's privileges and policies apply")
    }
    package static func unknownMixin(_ name: String, candidates: [String]) -> Self {
        .error("unknown-mixin", "unknown mixin '\(name)'", hint: Suggest.hint(for: name, in: candidates))
    }
    package static func unknownShape(_ name: String, candidates: [String]) -> Self {
        .error("unknown-shape", "unknown JSON shape '\(name)'", hint: Suggest.hint(for: name, in: candidates))
    }
    package static func foreignKeyTypeMismatch(column: String, type: String, referenced: String, referencedType: String) -> Self {
        .error("fk-type-mismatch",
               "foreign key column \(column) has type \(type) but references \(referenced) of type \(referencedType)")
    }
    package static func foreignKeyArity(_ columns: Int, _ referenced: Int) -> Self {
        .error("fk-arity", "foreign key has \(columns) column(s) but references \(referenced)")
    }
    package static func foreignKeyNotUnique(_ target: String) -> Self {
        .error("fk-not-unique", "referenced columns \(target) are neither a primary key nor unique",
               hint: "PostgreSQL requires a unique constraint on the referenced columns")
    }
    package static func setNullOnNotNull(_ column: String) -> Self {
        .error("fk-set-null", "ON DELETE/UPDATE SET NULL on column \(column), which is NOT NULL",
               hint: "make the column nullable with '?'")
    }
    package static func duplicatePrimaryKey() -> Self {
        .error("duplicate-primary-key", "the table declares its primary key twice",
               hint: "use either 'primary_key: true' on columns or a table-level 'primary_key:' list")
    }
    package static func nullablePrimaryKey(_ column: String) -> Self {
        .error("nullable-primary-key", "primary key column \(column) cannot be nullable")
    }
    package static func identityNotInteger(_ type: String) -> Self {
        .error("invalid-identity", "identity columns must be smallint, integer or bigint, not \(type)")
    }
    package static func emptyList(_ what: String) -> Self { .error("empty-list", "\(what) cannot be empty") }
    package static func relationNameCollision(_ name: String, table: String) -> Self {
        .error("relation-collision", "relation '\(name)' on table \(table) collides with another relation or column",
               hint: "set 'relation:' or 'inverse:' on the foreign key to choose another name")
    }
    package static func ownerNotUUID(_ table: String, _ column: String, _ type: String) -> Self {
        .error("invalid-owner-column", "owner column \(table).\(column) has type \(type), but auth.uid() returns uuid",
               hint: "the owner column holds the id of an auth user")
    }
    package static func policiesWithoutRLS(_ table: String) -> Self {
        .error("rls-disabled-with-policies", "table \(table) declares policies but disables row-level security",
               hint: "remove 'enabled: false', or remove the policies")
    }
    package static func publicWithOtherRoles() -> Self {
        .error("invalid-roles", "role 'public' already includes every role; PostgreSQL would drop the others",
               hint: "list 'public' alone, or only the roles meant")
    }
    package static func protectedOnExternal(_ table: String, _ column: String) -> Self {
        .error("invalid-protected", "column \(table).\(column) is protected, but \(table) is external: schemagen writes no privileges for it",
               hint: "grant the column privileges where the table is managed, and remove 'protected'")
    }
    package static func protectedGenerated(_ table: String, _ column: String) -> Self {
        .error("invalid-protected", "column \(table).\(column) is protected, but it is generated: PostgreSQL never lets anyone write it",
               hint: "remove 'protected'; a generated column is already read-only")
    }
    package static func unknownRole(_ role: String, known: [String]) -> Self {
        .error("unknown-role", "unknown role '\(role)'", hint: Suggest.hint(for: role, in: known) ?? "declare it in settings.roles")
    }

    // MARK: Warnings

    /// The code of every warning the validator reports: what a `silence:` list may name.
    package static let warningCodes = [
        "no-primary-key", "unindexed-foreign-key", "rls-disabled-in-public", "rls-no-policy", "auth-rls-initplan",
        "policy-without-check", "policy-to-public", "multiple-permissive-policies", "restrictive-without-permissive",
        "enum-value-names-collide", "unindexed-policy-column", "security-definer-view", "python-attribute-renamed", "privileged-column-writable",
    ]

    package static func unknownWarningCode(_ code: String) -> Self {
        .error("unknown-warning-code", "'\(code)' is not the code of a warning that can be silenced",
               hint: Suggest.hint(for: code, in: warningCodes) ?? "the codes: \(warningCodes.joined(separator: ", "))")
    }

    package static func pythonAttributeRenamed(_ column: String, _ attribute: String) -> Self {
        .warning("python-attribute-renamed",
                 "column '\(column)' is mapped as the Python attribute '\(attribute)': SQLAlchemy does not map attributes starting with '__' or '_sa_'",
                 hint: "the database column keeps its name; set 'names: { python: ... }' to choose another attribute")
    }

    package static func noPrimaryKey(_ table: String) -> Self {
        .warning("no-primary-key", "table \(table) has no primary key")
    }
    package static func unindexedForeignKey(_ table: String, _ columns: [String]) -> Self {
        .warning("unindexed-foreign-key", "foreign key column \(table).\(columns.joined(separator: ", ")) has no index",
                 hint: "add 'index: true' to the column; deletes in the referenced table scan this one otherwise")
    }
    package static func exposedWithoutRLS(_ table: String) -> Self {
        .warning("rls-disabled-in-public", "table \(table) is exposed through the API without row-level security",
                 hint: "anyone with the anon key can read and write it; turn RLS on, or move the table to a schema that is not exposed")
    }
    package static func rlsWithoutPolicy(_ table: String) -> Self {
        .warning("rls-no-policy", "table \(table) has row-level security enabled but no policy, so the API denies every row",
                 hint: "add policies, or set 'rls: { deny_all: true }' if that is intended")
    }
    package static func perRowAuthCall(_ function: String, policy: String) -> Self {
        .warning("auth-rls-initplan", "policy '\(policy)' calls \(function) once per row",
                 hint: "write '(select \(function))' so PostgreSQL evaluates it once per statement")
    }
    package static func missingWithCheck(_ command: String, policy: String) -> Self {
        .warning("policy-without-check",
                 "\(command) policy '\(policy)' has no WITH CHECK, so PostgreSQL checks the rows it writes only against USING",
                 hint: "add 'with_check:' to say what a written row must satisfy")
    }
    package static func policyToPublic(policy: String) -> Self {
        .warning("policy-to-public", "policy '\(policy)' applies to PUBLIC, which includes the anon role",
                 hint: "use 'roles: [authenticated]', or list 'anon' explicitly if signed-out users are meant")
    }
    package static func multiplePermissive(_ role: String, _ command: String, _ names: [String]) -> Self {
        .warning("multiple-permissive-policies",
                 "several permissive policies for role \(role) and \(command): \(names.map { "'\($0)'" }.joined(separator: ", "))",
                 hint: "combine them into one policy; each is evaluated for every row")
    }
    package static func restrictiveWithoutPermissive(policy: String, _ commands: [String]) -> Self {
        .warning("restrictive-without-permissive",
                 "restrictive policy '\(policy)' has no permissive policy to narrow for \(commands.joined(separator: ", ")), so it denies every row",
                 hint: "a restrictive policy only narrows what permissive policies allow; add a permissive one")
    }
    package static func enumValueNamesCollide(_ enumName: String, _ first: String, _ second: String, target: String, name: String) -> Self {
        .warning("enum-value-names-collide",
                 "enum \(enumName): values '\(first)' and '\(second)' both become '\(name)' in \(target), so the second is numbered",
                 hint: "name them with 'value_names: { \"\(second)\": { \(target == "Swift" ? "swift" : "python"): ... } }'")
    }
    package static func privilegedColumnWritable(_ table: String, _ column: String, policy: String, command: String) -> Self {
        .warning("privileged-column-writable",
                 "\(command) policy '\(policy)' lets clients write \(table).\(column), whose name says only the backend should change it",
                 hint: "add 'protected: true' to the column; defaults, triggers and service_role can still write it")
    }
    package static func unindexedPolicyColumn(_ table: String, _ column: String) -> Self {
        .warning("unindexed-policy-column", "policy column \(table).\(column) has no index",
                 hint: "add 'index: true' to the column; every query filters on it")
    }

    // MARK: Templates

    package static func templateMissing(name: String, target: String) -> Self {
        .error("template-missing", "no template '\(name).mustache' for output '\(target)'",
               hint: "give the output a 'template:' file, or put \(name).mustache in the templates directory")
    }
    package static func templateUnknownField(_ field: String, template: String, hint: String?) -> Self {
        .error("template-unknown-field", "template '\(template).mustache' uses '\(field)', which is no field of the template context",
               hint: hint ?? "see docs/templates.md, or `schemagen context`")
    }
    package static func templateSyntax(name: String, problem: String) -> Self {
        .error("template-syntax", "template '\(name).mustache' cannot be parsed: \(problem)")
    }
}

// MARK: Migrations

extension DiagnosticEntry {
    package static func renameToItself(_ name: String) -> Self {
        .error("invalid-rename", "'renamed_from: \(name)' names the object itself", hint: "remove 'renamed_from'")
    }
    package static func renameFromExisting(_ kind: String, _ name: String) -> Self {
        .error("invalid-rename", "'renamed_from: \(name)' names \(kind) '\(name)', which is still declared",
               hint: "a rename keeps one \(kind); remove the old declaration or the 'renamed_from'")
    }
    package static func renameTwice(_ kind: String, _ name: String) -> Self {
        .error("invalid-rename", "\(kind) '\(name)' is renamed twice", hint: "keep one 'renamed_from: \(name)'")
    }
    package static func renameMatchesNothing(_ kind: String, _ name: String, candidates: [String]) -> Self {
        .error("rename-matches-nothing", "'renamed_from: \(name)' matches no \(kind) of the last migration's snapshot",
               hint: Suggest.hint(for: name, in: candidates) ?? "remove it if the rename is already in a migration")
    }
    package static func notNullWithoutDefault(_ table: String, _ column: String) -> Self {
        .error("not-null-without-default", "new column \(table).\(column) is NOT NULL without a default, and the table has rows: adding it fails",
               hint: "give it a 'default:', or add it nullable, backfill it, then make it NOT NULL in a later migration")
    }
    package static func destructiveChange(_ what: String) -> Self {
        .error("destructive-change", "destructive: \(what)", hint: "pass --allow-destructive once the data loss is intended")
    }
    package static func migrationWarning(_ what: String) -> Self {
        .warning("migration-lock", what)
    }
    package static func rawStatementRemoved(_ block: String, _ statement: String) -> Self {
        .warning("raw-sql-removed", "a statement of raw SQL block '\(block)' was removed (\(statement)); what it did stays in the database",
                 hint: "undo it by hand in the migration if it must go")
    }
    package static func domainBaseTypeChange(_ domain: String, from: String, to: String) -> Self {
        .error("domain-base-type-change", "domain \(domain) changes its base type from \(from) to \(to), which PostgreSQL cannot alter",
               hint: "declare a new domain under another name, move the columns to it (with 'using:' where needed), then remove the old one")
    }
    package static func partitioningChange(_ table: String, from: String, to: String) -> Self {
        .error("partitioning-change", "table \(table) changes from \(from) to \(to), which PostgreSQL cannot alter",
               hint: "create a new table with the new partitioning, copy the rows into it, then drop the old one")
    }

    // MARK: Synchronisation status (`schemagen status`)

    package static func staleOutput(_ reason: String) -> Self {
        .error("stale-output", reason, hint: "run schemagen to regenerate it")
    }
    package static func unmigratedSchemaChange(_ message: String) -> Self {
        .error("unmigrated-change", message)
    }
    package static func pendingMigration(_ fileName: String) -> Self {
        .error("pending-migration", "\(fileName) is not applied to the database", hint: "run schemagen migrate apply")
    }
    package static func migrationHistoryProblem(_ problem: String) -> Self {
        .error("migration-history", problem)
    }
    package static func databaseDrift(_ kind: String, area: String, _ message: String) -> Self {
        .error("drift-\(kind)", "\(area): \(message)")
    }

    /// The entry as a diagnostic of `file` at `location`.
    package func at(_ file: String, _ location: SourceLocation = SourceLocation(line: 1, column: 1), path: String = "") -> Diagnostic {
        Diagnostic(severity: severity, code: code, message: message, file: file, location: location, path: path, hint: hint)
    }
}

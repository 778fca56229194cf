import Foundation
import Testing
@testable import SchemaGenKit

/// The generated DDL of every valid fixture and of the root schema, applied to a fresh PostgreSQL database and read
/// back from the catalog, must describe exactly the IR: tables, columns (types, nullability, defaults, identity),
/// keys, uniques, checks, foreign keys with their actions, indexes, enums with their label order and comments.
///
/// Both sides are reduced to the same list of facts (`public.orders.status type = public.order_status`). The IR side
/// never reuses the DDL emitter: types are spelled here the way `format_type` spells them, literal defaults are
/// written here as PostgreSQL input text and compared by value, and SQL the user wrote verbatim (checks, predicates,
/// index expressions, raw defaults) is normalised by PostgreSQL itself on scratch copies of the tables.
@Suite struct CatalogTests {
    static let root = "(root schema.yaml)"

    /// The root schema and every fixture that compiles without errors into a schema.sql.
    static func cases() -> [String] {
        [root] + TestEnvironment.fixtureNames().filter { name in
            guard let result = try? TestEnvironment.compileFixture(name, targets: ["sql"]) else { return false }
            return !result.hasErrors && result.outputs.contains { $0.target == "sql" }
        }
    }

    @Test(arguments: cases())
    func catalogMatchesTheIR(_ name: String) throws {
        let (schema, sql) = try Self.compile(name)
        let database = try TestDatabase.create("catalog_" + name)
        defer { database.drop() }
        try Self.createExternalTables(schema, in: database)
        // A case needing an extension this server does not have (pgvector) cannot be applied here.
        guard TestDatabase.canSetUp(name) else { return }
        try database.setUp(name)
        try database.apply(sql)
        let differences = try Self.differences(schema, in: database)
        #expect(differences.isEmpty, "\(name): the database differs from the IR:\n\(differences.joined(separator: "\n"))")
    }

    /// The comparison is only worth something if it notices changes: break the applied kitchen sink in several ways.
    @Test func differencesAreNamed() throws {
        let (schema, sql) = try Self.compile("kitchen-sink")
        let database = try TestDatabase.create("catalog_negative")
        defer { database.drop() }
        try Self.createExternalTables(schema, in: database)
        try database.apply(sql)
        #expect(try Self.differences(schema, in: database).isEmpty)
        try database.run(sql: """
            DROP INDEX inventory.products_name_lower_idx;
            COMMENT ON TABLE public.customers IS 'People who buy';
            ALTER TABLE public.orders ALTER COLUMN total SET DEFAULT 1;
            ALTER TABLE public.order_lines ALTER COLUMN note SET NOT NULL;
            ALTER TABLE public.orders DROP CONSTRAINT orders_customer_id_fkey,
                ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id) ON DELETE SET NULL;
            ALTER TYPE public.order_status ADD VALUE 'lost';
            ALTER TABLE public.orders ADD COLUMN extra text;
            CREATE TABLE public.stray (id int);
            """)
        let found = try Self.differences(schema, in: database)
        let expected = [
            "inventory.products index products_name_lower_idx: missing from the database (the IR says: USING btree (lower(name)))",
            "public.customers comment: the IR says 'People who buy; ''customers'' in the UI.', the database has 'People who buy'",
            "public.order_lines.note nullable: the IR says NULL, the database has NOT NULL",
            "public.orders columns: the IR says id, customer_id, status, number, placed_at, total, options, history, shipping_window, client_ip, created_at, updated_at, the database has id, customer_id, status, number, placed_at, total, options, history, shipping_window, client_ip, created_at, updated_at, extra",
            "public.orders constraint orders_customer_id_fkey: the IR says FOREIGN KEY (customer_id) REFERENCES public.customers(id) ON UPDATE NO ACTION ON DELETE CASCADE, the database has FOREIGN KEY (customer_id) REFERENCES public.customers(id) ON UPDATE NO ACTION ON DELETE SET NULL",
            "public.orders.extra: not in the IR (the database has: column)",
            "public.orders.extra comment: not in the IR (the database has: (none))",
            "public.orders.extra default: not in the IR (the database has: (none))",
            "public.orders.extra identity: not in the IR (the database has: (none))",
            "public.orders.extra nullable: not in the IR (the database has: NULL)",
            "public.orders.extra type: not in the IR (the database has: text)",
            "public.orders.total default: the IR says = 0.00, the database has = 1.00",
            "public.stray: not in the IR (the database has: table)",
        ]
        for line in expected {
            #expect(found.contains(line), "missing difference: \(line)\nfound:\n\(found.joined(separator: "\n"))")
        }
        #expect(found.contains { $0.hasPrefix("enum public.order_status: the IR says 'draft', 'placed', 'shipped', 'on hold', the database has") })
    }

    /// Domains are compared too: their base type, NOT NULL, default, checks and comment.
    @Test func domainDifferencesAreNamed() throws {
        let (schema, sql) = try Self.compile("domains")
        let database = try TestDatabase.create("catalog_negative_domains")
        defer { database.drop() }
        try database.apply(sql)
        #expect(try Self.differences(schema, in: database).isEmpty)
        try database.run(sql: """
            ALTER DOMAIN public.email DROP CONSTRAINT email_lower_case;
            ALTER DOMAIN public.positive_amount DROP NOT NULL;
            ALTER DOMAIN public.positive_amount SET DEFAULT 1;
            COMMENT ON DOMAIN public.email IS 'changed';
            CREATE DOMAIN public.stray AS integer;
            """)
        let found = try Self.differences(schema, in: database)
        let expected = [
            "domain public.email comment: the IR says 'An e-mail address, lower-case.', the database has 'changed'",
            "domain public.email constraint email_lower_case: missing from the database (the IR says: CHECK ((VALUE = lower(VALUE))))",
            "domain public.positive_amount default: the IR says = 0.00, the database has = 1.00",
            "domain public.positive_amount nullable: the IR says NOT NULL, the database has NULL",
            "domain public.stray: not in the IR (the database has: integer)",
        ]
        for line in expected {
            #expect(found.contains(line), "missing difference: \(line)\nfound:\n\(found.joined(separator: "\n"))")
        }
    }

    /// Partitions, partition keys and generation expressions are compared too.
    @Test func partitionAndGenerationDifferencesAreNamed() throws {
        let (partitioned, partitionedSQL) = try Self.compile("partitioned-tables")
        let database = try TestDatabase.create("catalog_negative_partitions")
        defer { database.drop() }
        try database.apply(partitionedSQL)
        #expect(try Self.differences(partitioned, in: database).isEmpty)
        try database.run(sql: """
            ALTER TABLE public.measurements DETACH PARTITION public.measurements_2025;
            ALTER TABLE public.measurements ATTACH PARTITION public.measurements_2025
                FOR VALUES FROM ('2025-01-01', 0) TO ('2026-01-01', 100);
            ALTER TABLE public.customers DETACH PARTITION public.customers_elsewhere;
            """)
        let found = try Self.differences(partitioned, in: database)
        let expected = [
            "public.customers partition public.customers_elsewhere: missing from the database (the IR says: FOR VALUES IN ('us', 'apac'))",
            "public.measurements partition public.measurements_2025: the IR says FOR VALUES FROM ('2025-01-01', 0) TO ('2026-01-01', MAXVALUE), "
                + "the database has FOR VALUES FROM ('2025-01-01', 0) TO ('2026-01-01', 100)",
            "public.customers_elsewhere: not in the IR (the database has: table)",
        ]
        for line in expected {
            #expect(found.contains(line), "missing difference: \(line)\nfound:\n\(found.joined(separator: "\n"))")
        }

        let (generated, generatedSQL) = try Self.compile("generated-columns")
        let other = try TestDatabase.create("catalog_negative_generated")
        defer { other.drop() }
        try other.apply(generatedSQL)
        #expect(try Self.differences(generated, in: other).isEmpty)
        try other.run(sql: "ALTER TABLE public.order_lines ALTER COLUMN total DROP EXPRESSION;")
        let changed = try Self.differences(generated, in: other)
        #expect(changed.contains("public.order_lines.total generated: the IR says STORED, the database has (none)"),
                "found:\n\(changed.joined(separator: "\n"))")
        #expect(changed.contains { $0.hasPrefix("public.order_lines.total default: the IR says ") && $0.hasSuffix("the database has (none)") },
                "found:\n\(changed.joined(separator: "\n"))")
    }

    // MARK: Compiling and preparing

    static func compile(_ name: String) throws -> (Schema, String) {
        let result: Pipeline.Result
        if name == root {
            let bytes = try [UInt8](Data(contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("schema.yaml")))
            result = Pipeline.run(bytes, fileName: "schema.yaml", templates: TestEnvironment.templates, targets: ["sql"])
        } else {
            result = try TestEnvironment.compileFixture(name, targets: ["sql"])
        }
        let schema = try #require(result.schema, "\(result.diagnostics)")
        let sql = try #require(result.outputs.first { $0.target == "sql" }?.contents, "no schema.sql for \(name)")
        return (schema, sql)
    }

    /// External tables the template database does not have are created from the IR (the DDL only references them).
    static func createExternalTables(_ schema: Schema, in database: TestDatabase) throws {
        for table in schema.externalTables {
            let exists = try database.scalar("SELECT to_regclass(\(literal(table.name.description))) IS NOT NULL")
            if exists == "t" { continue }
            var lines = table.columns.map { "\(ident($0.name)) \(formatType($0.type))" }
            if let key = table.primaryKey { lines.append("PRIMARY KEY (\(key.columns.map(ident).joined(separator: ", ")))") }
            for unique in table.uniques { lines.append("UNIQUE (\(unique.columns.map(ident).joined(separator: ", ")))") }
            try database.run(sql: "CREATE SCHEMA IF NOT EXISTS \(ident(table.name.schema));\n"
                             + "CREATE TABLE \(qualified(table.name)) (\(lines.joined(separator: ", ")));")
        }
    }

    // MARK: Facts

    /// Every difference between the IR and the database, one sentence each, sorted.
    static func differences(_ schema: Schema, in database: TestDatabase) throws -> [String] {
        var schemas = Set(schema.tables.map(\.name.schema) + schema.enums.map(\.name.schema) + schema.domains.map(\.name.schema)
                          + schema.sequences.map(\.name.schema) + schema.views.map(\.name.schema) + ["public"])
        schemas.subtract(schema.externalTables.map(\.name.schema).filter { $0 != "public" })
        let external = Set(schema.externalTables.map(\.name.description))
        var catalog = try readCatalog(database, schemas: schemas.sorted())
        let (expected, values) = try expectedFacts(schema, catalog: catalog, in: database)
        // Literal defaults are compared by value: what the database's default expression evaluates to.
        for t in catalog.tables.indices {
            for c in catalog.tables[t].columns.indices {
                let table = catalog.tables[t]
                catalog.tables[t].columns[c].evaluated = values["\(table.schema).\(table.name).\(table.columns[c].name) have"]
            }
        }
        for d in catalog.domains.indices {
            catalog.domains[d].evaluated = values["domain \(catalog.domains[d].schema).\(catalog.domains[d].name) have"]
        }
        let actual = facts(of: catalog, declaredExtensions: Set(schema.extensions.map(\.name)),
                           declaredVersions: Set(schema.extensions.filter { $0.version != nil }.map(\.name)),
                           declaredSequences: Set(schema.sequences.map(\.name.description)),
                           declaredViews: Set(schema.views.map(\.name.description))).filter { !external.contains($0.key.split(separator: " ")[0].split(separator: ".").prefix(2).joined(separator: ".")) }
        var result: [String] = []
        for key in Set(expected.keys).union(actual.keys).sorted() {
            switch (expected[key], actual[key]) {
            case let (want?, have?) where want != have:
                result.append("\(key): the IR says \(want), the database has \(have)")
            case let (want?, nil):
                result.append("\(key): missing from the database (the IR says: \(want))")
            case let (nil, have?):
                result.append("\(key): not in the IR (the database has: \(have))")
            default:
                break
            }
        }
        return result
    }

    /// What the catalog says, as facts keyed by object.
    static func facts(of catalog: Catalog, declaredExtensions: Set<String> = [], declaredVersions: Set<String> = [],
                      declaredSequences: Set<String> = [], declaredViews: Set<String> = []) -> [String: String] {
        var facts: [String: String] = [:]
        for table in catalog.tables {
            let name = "\(table.schema).\(table.name)"
            facts[name] = "table"
            facts["\(name) comment"] = show(table.comment)
            facts["\(name) columns"] = table.columns.map(\.name).joined(separator: ", ")
            for column in table.columns {
                let key = "\(name).\(column.name)"
                facts[key] = "column"
                facts["\(key) type"] = column.type
                facts["\(key) nullable"] = column.notnull ? "NOT NULL" : "NULL"
                facts["\(key) default"] = column.evaluated.map { "= \($0)" } ?? column.default ?? "(none)"
                facts["\(key) identity"] = ["a": "ALWAYS", "d": "BY DEFAULT"][column.identity] ?? "(none)"
                facts["\(key) generated"] = column.generated == "s" ? "STORED" : "(none)"
                facts["\(key) comment"] = show(column.comment)
            }
            if let key = table.partitionKey { facts["\(name) partition key"] = key }
            for partition in table.partitions ?? [] {
                facts["\(name) partition \(partition.schema).\(partition.name)"] = partition.bound
                facts["\(name) partition \(partition.schema).\(partition.name) comment"] = show(partition.comment)
            }
            for constraint in table.constraints {
                facts["\(name) constraint \(constraint.name)"] = constraint.description
            }
            for index in table.indexes {
                facts["\(name) index \(index.name)"] = index.description
            }
        }
        for item in catalog.domains {
            let name = "domain \(item.schema).\(item.name)"
            facts[name] = item.base
            facts["\(name) nullable"] = item.notnull ? "NOT NULL" : "NULL"
            facts["\(name) default"] = item.evaluated.map { "= \($0)" } ?? item.default ?? "(none)"
            facts["\(name) comment"] = show(item.comment)
            for check in item.checks { facts["\(name) constraint \(check.name)"] = check.check }
        }
        for item in catalog.enums {
            facts["enum \(item.schema).\(item.name)"] = item.labels.map(literal).joined(separator: ", ")
            facts["enum \(item.schema).\(item.name) comment"] = show(item.comment)
        }
        // Raw SQL blocks may create views of their own; the declared ones must be there exactly as declared.
        for view in catalog.views where declaredViews.contains("\(view.schema).\(view.name)") {
            let name = "view \(view.schema).\(view.name)"
            facts[name] = view.kind == "m" ? (view.populated ? "MATERIALIZED VIEW WITH DATA" : "MATERIALIZED VIEW WITH NO DATA") : "VIEW"
            facts["\(name) columns"] = view.columns.map { "\($0.name) \($0.type)" }.joined(separator: ", ")
            facts["\(name) comment"] = show(view.comment)
            facts["\(name) options"] = view.options.isEmpty ? "(none)" : view.options.joined(separator: ", ")
            for column in view.columns { facts["\(name).\(column.name) comment"] = show(column.comment) }
        }
        for item in catalog.extensions where declaredExtensions.contains(item.name) {
            facts["extension \(item.name) schema"] = item.schema
            if declaredVersions.contains(item.name) { facts["extension \(item.name) version"] = item.version }
        }
        // Sequences of serial and identity columns belong to their columns; every other one must be declared.
        for item in catalog.sequences where item.dependency != "i" && !(item.dependency == "a" && !declaredSequences.contains("\(item.schema).\(item.name)")) {
            let name = "sequence \(item.schema).\(item.name)"
            facts[name] = "AS \(item.type) INCREMENT \(item.increment) MINVALUE \(item.min) MAXVALUE \(item.max) START \(item.start)"
                + " CACHE \(item.cache)\(item.cycle ? " CYCLE" : "")"
            facts["\(name) owned by"] = item.owner ?? "(none)"
            facts["\(name) comment"] = show(item.comment)
        }
        return facts
    }

    /// What the IR says, as the same facts; expressions the user wrote are normalised by PostgreSQL on scratch tables.
    static func expectedFacts(_ schema: Schema, catalog: Catalog, in database: TestDatabase) throws -> ([String: String], [String: String]) {
        let scratch = "scratch_" + UUID().uuidString.prefix(8).lowercased()
        var script = ["CREATE SCHEMA \(scratch);"]
        var defaultChecks: [(key: String, catalog: String, expected: String)] = []
        for (d, domain) in schema.domains.enumerated() {
            var text = "CREATE DOMAIN \(scratch).d\(d) AS \(formatType(domain.base))"
            switch domain.defaultValue {
            case .now: text += " DEFAULT now()"
            case .randomUUID: text += " DEFAULT gen_random_uuid()"
            case .sql(let expression): text += " DEFAULT (\(expression))"
            case .nextval(let sequence): text += " DEFAULT \(SQLDefault.nextval(sequence))"
            case .literal, .enumMember:
                if let value = domain.defaultValue,
                   let have = catalog.domains.first(where: { $0.schema == domain.name.schema && $0.name == domain.name.name })?.default {
                    let type = formatType(domain.base)
                    defaultChecks.append(("domain \(domain.name)", "((\(have))::\(type))::text", "(CAST(\(literal(inputText(value))) AS \(type)))::text"))
                }
            case nil: break
            }
            for (c, check) in domain.checks.enumerated() { text += " CONSTRAINT ck\(c) CHECK (\(check.expression))" }
            script.append(text + ";")
        }
        for (t, table) in schema.tables.enumerated() {
            var partitionBy = ""
            if let partitioning = table.partitioning {
                let keys = partitioning.keys.map { $0.column.map(ident) ?? $0.expression ?? "" }
                partitionBy = " PARTITION BY \(partitioning.strategy.rawValue.uppercased()) (\(keys.joined(separator: ", ")))"
            }
            script.append("CREATE TABLE \(scratch).t\(t) (LIKE \(qualified(table.name)))\(partitionBy);")
            // LIKE copies a generated column as a plain one: it is dropped and added again with its expression.
            for column in table.columns {
                guard let expression = column.generated else { continue }
                script.append("ALTER TABLE \(scratch).t\(t) DROP COLUMN \(ident(column.name));")
                script.append("ALTER TABLE \(scratch).t\(t) ADD COLUMN \(ident(column.name)) \(formatType(column.type)) GENERATED ALWAYS AS (\(expression)) STORED;")
            }
            for (p, partition) in (table.partitioning?.partitions ?? []).enumerated() {
                script.append("CREATE TABLE \(scratch).t\(t)_p\(p) PARTITION OF \(scratch).t\(t) \(boundText(partition.bound));")
            }
            for (c, check) in table.checks.enumerated() {
                script.append("ALTER TABLE \(scratch).t\(t) ADD CONSTRAINT ck\(c) CHECK (\(check.expression));")
            }
            for (i, index) in table.indexes.enumerated() {
                let parts = index.parts.map { part -> String in
                    var text = part.column.map(ident) ?? part.expression ?? ""
                    if let opclass = part.opclass { text += " " + opclass }
                    return text
                }
                let predicate = index.predicate.map { " WHERE (\($0))" } ?? ""
                script.append("CREATE INDEX ix\(t)_\(i) ON \(scratch).t\(t) USING \(index.method) (\(parts.joined(separator: ", ")))\(predicate);")
            }
            let catalogTable = catalog.tables.first { $0.schema == table.name.schema && $0.name == table.name.name }
            for column in table.columns {
                let key = "\(table.name).\(column.name)"
                switch column.defaultValue {
                case .now: script.append("ALTER TABLE \(scratch).t\(t) ALTER COLUMN \(ident(column.name)) SET DEFAULT now();")
                case .randomUUID: script.append("ALTER TABLE \(scratch).t\(t) ALTER COLUMN \(ident(column.name)) SET DEFAULT gen_random_uuid();")
                case .sql(let text): script.append("ALTER TABLE \(scratch).t\(t) ALTER COLUMN \(ident(column.name)) SET DEFAULT (\(text));")
                case .nextval(let sequence):
                    script.append("ALTER TABLE \(scratch).t\(t) ALTER COLUMN \(ident(column.name)) SET DEFAULT nextval(\(literal(qualified(sequence)))::regclass);")
                case .literal, .enumMember:
                    if let value = column.defaultValue, let have = catalogTable?.columns.first(where: { $0.name == column.name })?.default {
                        let type = formatType(column.type)
                        defaultChecks.append((key, "((\(have))::\(type))::text", "(CAST(\(literal(inputText(value))) AS \(type)))::text"))
                    }
                case nil: break
                }
            }
        }
        try database.apply(script.joined(separator: "\n"))
        let normalised = try readCatalog(database, schemas: [scratch])
        var values: [String: String] = [:]
        if !defaultChecks.isEmpty {
            let rows = defaultChecks.flatMap { ["(\(literal($0.key + " have")), \($0.catalog))", "(\(literal($0.key + " want")), \($0.expected))"] }
            let json = try database.scalar("SELECT json_object_agg(k, v) FROM (VALUES \(rows.joined(separator: ", "))) AS x(k, v)")
            values = try JSONDecoder().decode([String: String?].self, from: Data(json.utf8)).compactMapValues { $0 }
        }
        var facts: [String: String] = [:]
        for (t, table) in schema.tables.enumerated() {
            let name = table.name.description
            let copy = normalised.tables.first { $0.name == "t\(t)" }
            facts[name] = "table"
            facts["\(name) comment"] = show(table.comment)
            facts["\(name) columns"] = table.columns.map(\.name).joined(separator: ", ")
            if table.partitioning != nil {
                facts["\(name) partition key"] = copy?.partitionKey ?? "(scratch copy has none)"
            }
            for (p, partition) in (table.partitioning?.partitions ?? []).enumerated() {
                let key = "\(name) partition \(partition.name)"
                facts[key] = copy?.partitions?.first { $0.name == "t\(t)_p\(p)" }?.bound ?? "(scratch copy has none)"
                facts["\(key) comment"] = show(partition.comment)
            }
            for column in table.columns {
                let key = "\(name).\(column.name)"
                facts[key] = "column"
                facts["\(key) type"] = formatType(column.type)
                facts["\(key) nullable"] = column.nullable ? "NULL" : "NOT NULL"
                facts["\(key) identity"] = column.identity.map { $0 == .always ? "ALWAYS" : "BY DEFAULT" } ?? "(none)"
                facts["\(key) generated"] = column.generated == nil ? "(none)" : "STORED"
                facts["\(key) comment"] = show(column.comment)
                if column.generated != nil {
                    // The generation expression, as PostgreSQL normalised it on the scratch copy.
                    facts["\(key) default"] = copy?.columns.first { $0.name == column.name }?.default ?? "(scratch copy has none)"
                    continue
                }
                switch column.defaultValue {
                case .literal, .enumMember:
                    facts["\(key) default"] = values["\(key) want"].map { "= \($0)" } ?? "(cannot be evaluated)"
                case .now, .randomUUID, .sql, .nextval:
                    facts["\(key) default"] = copy?.columns.first { $0.name == column.name }?.default ?? "(scratch copy has none)"
                case nil:
                    if column.type.isSerial {
                        facts["\(key) default"] = "nextval(\(literal("\(table.name.schema).\(table.name.name)_\(column.name)_seq"))::regclass)"
                    } else {
                        facts["\(key) default"] = "(none)"
                    }
                }
            }
            if let key = table.primaryKey {
                facts["\(name) constraint \(key.name)"] = "PRIMARY KEY (\(key.columns.joined(separator: ", ")))"
            }
            for unique in table.uniques {
                facts["\(name) constraint \(unique.name)"] = "UNIQUE\(unique.nullsNotDistinct ? " NULLS NOT DISTINCT" : "") (\(unique.columns.joined(separator: ", ")))"
            }
            for (c, check) in table.checks.enumerated() {
                facts["\(name) constraint \(check.name)"] = copy?.constraints.first { $0.name == "ck\(c)" }?.description ?? "(scratch copy has none)"
            }
            for key in table.foreignKeys {
                facts["\(name) constraint \(key.name)"] = "FOREIGN KEY (\(key.columns.joined(separator: ", "))) REFERENCES \(key.referencedTable)"
                    + "(\(key.referencedColumns.joined(separator: ", "))) ON UPDATE \(key.onUpdate.sql) ON DELETE \(key.onDelete.sql)"
            }
            for (i, index) in table.indexes.enumerated() {
                guard var copyIndex = copy?.indexes.first(where: { $0.name == "ix\(t)_\(i)" }) else {
                    facts["\(name) index \(index.name)"] = "(scratch copy has none)"
                    continue
                }
                copyIndex.unique = index.unique
                copyIndex.descending = index.parts.map(\.descending)
                copyIndex.opclasses = index.parts.map(\.opclass)
                facts["\(name) index \(index.name)"] = copyIndex.description
            }
        }
        for (d, domain) in schema.domains.enumerated() {
            let name = "domain \(domain.name)"
            let copy = normalised.domains.first { $0.name == "d\(d)" }
            facts[name] = formatType(domain.base)
            facts["\(name) nullable"] = domain.nullable ? "NULL" : "NOT NULL"
            facts["\(name) comment"] = show(domain.comment)
            switch domain.defaultValue {
            case .literal, .enumMember: facts["\(name) default"] = values["\(name) want"].map { "= \($0)" } ?? "(cannot be evaluated)"
            case .now, .randomUUID, .sql, .nextval: facts["\(name) default"] = copy?.default ?? "(scratch copy has none)"
            case nil: facts["\(name) default"] = "(none)"
            }
            for (c, check) in domain.checks.enumerated() {
                facts["\(name) constraint \(check.name)"] = copy?.checks.first { $0.name == "ck\(c)" }?.check ?? "(scratch copy has none)"
            }
        }
        for item in schema.enums {
            facts["enum \(item.name)"] = item.values.map(literal).joined(separator: ", ")
            facts["enum \(item.name) comment"] = show(item.comment)
        }
        for item in schema.extensions {
            // Without a schema, PostgreSQL puts the extension in the first schema of the search path: public.
            facts["extension \(item.name) schema"] = item.schema ?? "public"
            if let version = item.version { facts["extension \(item.name) version"] = version }
        }
        for view in schema.views {
            let name = "view \(view.name)"
            facts[name] = view.materialized ? (view.withData ? "MATERIALIZED VIEW WITH DATA" : "MATERIALIZED VIEW WITH NO DATA") : "VIEW"
            // The declared row shape must be the one PostgreSQL derives from the query: names, types, order.
            facts["\(name) columns"] = view.columns.map { "\($0.name) \(formatType($0.type))" }.joined(separator: ", ")
            facts["\(name) comment"] = show(view.comment)
            facts["\(name) options"] = view.securityInvoker ? "security_invoker=true" : "(none)"
            for column in view.columns { facts["\(name).\(column.name) comment"] = show(column.comment) }
        }
        for item in schema.sequences {
            facts["sequence \(item.name)"] = "AS \(formatType(item.dataType)) INCREMENT \(item.effectiveIncrement)"
                + " MINVALUE \(item.effectiveMinValue) MAXVALUE \(item.effectiveMaxValue) START \(item.effectiveStart)"
                + " CACHE \(item.cache ?? 1)\(item.cycle ? " CYCLE" : "")"
            facts["sequence \(item.name) owned by"] = item.ownedBy.map { "\($0.table).\($0.column)" } ?? "(none)"
            facts["sequence \(item.name) comment"] = show(item.comment)
        }
        try database.run(sql: "DROP SCHEMA \(scratch) CASCADE;")
        return (facts, values)
    }

    /// A partition bound as SQL, written here rather than borrowed from the emitter.
    static func boundText(_ bound: PartitionBound) -> String {
        func values(_ items: [PartitionValue]) -> String {
            items.map { value -> String in
                switch value {
                case .number(let text): return text
                case .string(let text): return literal(text)
                case .boolean(let flag): return flag ? "true" : "false"
                case .null: return "NULL"
                case .minValue: return "MINVALUE"
                case .maxValue: return "MAXVALUE"
                }
            }.joined(separator: ", ")
        }
        switch bound {
        case .range(let from, let to): return "FOR VALUES FROM (\(values(from))) TO (\(values(to)))"
        case .list(let items): return "FOR VALUES IN (\(values(items)))"
        case .hash(let modulus, let remainder): return "FOR VALUES WITH (MODULUS \(modulus), REMAINDER \(remainder))"
        case .defaultPartition: return "DEFAULT"
        }
    }

    /// PostgreSQL's input text of a literal default (what `CAST('...' AS type)` reads), written without the emitter.
    static func inputText(_ value: ColumnDefault) -> String {
        switch value {
        case .enumMember(let member): return member
        case .literal(let literal): return inputText(literal)
        default: return ""
        }
    }

    static func inputText(_ literal: Literal) -> String {
        switch literal {
        case .string(let text), .decimal(let text), .json(let text): return text
        case .integer(let value): return String(value)
        case .boolean(let value): return value ? "true" : "false"
        case .array(let items):
            let elements = items.map { item -> String in
                let text = inputText(item)
                return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            }
            return "{" + elements.joined(separator: ",") + "}"
        }
    }

    /// A column type as `format_type` prints it with an empty search path.
    static func formatType(_ type: ColumnType) -> String {
        switch type {
        case .uuid: return "uuid"
        case .text: return "text"
        case .varchar(let n): return n.map { "character varying(\($0))" } ?? "character varying"
        case .char(let n): return "character(\(n ?? 1))"
        case .smallint, .smallserial: return "smallint"
        case .integer, .serial: return "integer"
        case .bigint, .bigserial: return "bigint"
        case .boolean: return "boolean"
        case .real: return "real"
        case .doublePrecision: return "double precision"
        case .numeric(let p, let s): return p.map { "numeric(\($0),\(s ?? 0))" } ?? "numeric"
        case .date: return "date"
        case .time(let p): return "time\(p.map { "(\($0))" } ?? "") without time zone"
        case .timetz(let p): return "time\(p.map { "(\($0))" } ?? "") with time zone"
        case .timestamp(let p): return "timestamp\(p.map { "(\($0))" } ?? "") without time zone"
        case .timestamptz(let p): return "timestamp\(p.map { "(\($0))" } ?? "") with time zone"
        case .interval(let p): return "interval" + (p.map { "(\($0))" } ?? "")
        case .json: return "json"
        case .jsonb: return "jsonb"
        case .bytea: return "bytea"
        case .inet: return "inet"
        case .enumeration(let name), .domain(let name, _): return qualified(name)
        case .citext: return "public.citext"
        case .tsvector: return "tsvector"
        case .tsquery: return "tsquery"
        case .xml: return "xml"
        case .money: return "money"
        case .oid: return "oid"
        case .cidr: return "cidr"
        case .macaddr: return "macaddr"
        case .macaddr8: return "macaddr8"
        case .geometric(let kind): return kind.rawValue
        case .bit(let n): return "bit(\(n ?? 1))"
        case .varbit(let n): return n.map { "bit varying(\($0))" } ?? "bit varying"
        case .range(let kind): return kind.rangeName
        case .multirange(let kind): return kind.multirangeName
        case .vector(let n): return n.map { "public.vector(\($0))" } ?? "public.vector"
        // The fixtures declare types of pg_catalog, which format_type never qualifies.
        case .declared(let type): return type.sql
        case .array(let inner): return formatType(inner) + "[]"
        }
    }

    static func show(_ comment: String?) -> String { comment.map(literal) ?? "(none)" }

    /// A standard-conforming string literal, written here rather than borrowed from the emitter.
    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    static func ident(_ name: String) -> String {
        let bare = name.range(of: "^[a-z_][a-z0-9_]*$", options: .regularExpression) != nil && !SQLSyntax.reservedKeywords.contains(name)
        return bare ? name : "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func qualified(_ name: QualifiedName) -> String { ident(name.schema) + "." + ident(name.name) }

    // MARK: Reading the catalog

    struct Catalog: Decodable {
        var tables: [CatalogTable]
        var enums: [CatalogEnum]
        var domains: [CatalogDomain]
        var extensions: [CatalogExtension]
        var sequences: [CatalogSequence]
        var views: [CatalogView]
    }

    struct CatalogView: Decodable {
        var schema: String
        var name: String
        /// `v` for a view, `m` for a materialized view.
        var kind: String
        var populated: Bool
        var comment: String?
        var options: [String]
        var columns: [CatalogViewColumn]
    }

    struct CatalogViewColumn: Decodable {
        var name: String
        var type: String
        var comment: String?
    }

    struct CatalogDomain: Decodable {
        var schema: String
        var name: String
        var comment: String?
        var base: String
        var notnull: Bool
        var `default`: String?
        var checks: [CatalogDomainCheck]
        /// A literal default's value as text, filled in after reading.
        var evaluated: String?
    }

    struct CatalogDomainCheck: Decodable {
        var name: String
        var check: String
    }

    struct CatalogExtension: Decodable {
        var name: String
        var schema: String
        var version: String
    }

    struct CatalogSequence: Decodable {
        var schema: String
        var name: String
        var type: String
        var start: String
        var increment: String
        var min: String
        var max: String
        var cache: String
        var cycle: Bool
        /// `schema.table.column` of the owning column, if any.
        var owner: String?
        /// `a` for an owning column (OWNED BY, serial), `i` for an identity column.
        var dependency: String?
        var comment: String?
    }

    struct CatalogTable: Decodable {
        var schema: String
        var name: String
        var comment: String?
        var columns: [CatalogColumn]
        var constraints: [CatalogConstraint]
        var indexes: [CatalogIndex]
        /// `pg_get_partkeydef` of a partitioned table.
        var partitionKey: String?
        var partitions: [CatalogPartition]?
    }

    struct CatalogPartition: Decodable {
        var schema: String
        var name: String
        var bound: String
        var comment: String?
    }

    struct CatalogColumn: Decodable {
        var name: String
        var type: String
        var notnull: Bool
        var `default`: String?
        var identity: String
        /// `s` for a stored generated column.
        var generated: String
        var comment: String?
        /// A literal default's value as text, filled in after reading.
        var evaluated: String?
    }

    struct CatalogConstraint: Decodable {
        var name: String
        var type: String
        var columns: [String]?
        var refTable: String?
        var refColumns: [String]?
        var onDelete: String
        var onUpdate: String
        var check: String?
        var nullsNotDistinct: Bool?

        static let actions = ["a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"]

        var description: String {
            let columns = (self.columns ?? []).joined(separator: ", ")
            switch type {
            case "p": return "PRIMARY KEY (\(columns))"
            case "u": return "UNIQUE\(nullsNotDistinct == true ? " NULLS NOT DISTINCT" : "") (\(columns))"
            case "c": return "CHECK \(check ?? "")"
            case "f":
                return "FOREIGN KEY (\(columns)) REFERENCES \(refTable ?? "?")(\((refColumns ?? []).joined(separator: ", ")))"
                    + " ON UPDATE \(Self.actions[onUpdate] ?? onUpdate) ON DELETE \(Self.actions[onDelete] ?? onDelete)"
            default: return "constraint of type \(type)"
            }
        }
    }

    struct CatalogIndex: Decodable {
        var name: String
        var unique: Bool
        var method: String
        var keys: [String]
        var descending: [Bool]
        var opclasses: [String?]
        var predicate: String?

        var description: String {
            let parts = keys.enumerated().map { offset, key -> String in
                var text = key
                if offset < opclasses.count, let opclass = opclasses[offset] { text += " " + opclass }
                if offset < descending.count, descending[offset] { text += " DESC" }
                return text
            }
            return "\(unique ? "UNIQUE " : "")USING \(method) (\(parts.joined(separator: ", ")))" + (predicate.map { " WHERE \($0)" } ?? "")
        }
    }

    struct CatalogEnum: Decodable {
        var schema: String
        var name: String
        var comment: String?
        var labels: [String]
    }

    /// Reads tables, columns, constraints, indexes, enums and comments of some schemas as one JSON document.
    static func readCatalog(_ database: TestDatabase, schemas: [String]) throws -> Catalog {
        let list = "ARRAY[" + schemas.map(literal).joined(separator: ", ") + "]::text[]"
        let query = """
        SET search_path = pg_catalog;
        SELECT json_build_object(
          'tables', (SELECT coalesce(json_agg(json_build_object(
              'schema', n.nspname, 'name', c.relname, 'comment', obj_description(c.oid, 'pg_class'),
              'columns', (SELECT coalesce(json_agg(json_build_object(
                    'name', a.attname, 'type', format_type(a.atttypid, a.atttypmod), 'notnull', a.attnotnull,
                    'default', pg_get_expr(d.adbin, d.adrelid), 'identity', a.attidentity::text, 'generated', a.attgenerated::text,
                    'comment', col_description(c.oid, a.attnum)) ORDER BY a.attnum), '[]')
                  FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
              'constraints', (SELECT coalesce(json_agg(json_build_object(
                    'name', k.conname, 'type', k.contype::text,
                    'columns', (SELECT json_agg(a.attname ORDER BY u.ord) FROM unnest(k.conkey) WITH ORDINALITY AS u(num, ord)
                                JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.num),
                    'refTable', (SELECT rn.nspname || '.' || rc.relname FROM pg_class rc JOIN pg_namespace rn ON rn.oid = rc.relnamespace
                                 WHERE rc.oid = k.confrelid),
                    'refColumns', (SELECT json_agg(a.attname ORDER BY u.ord) FROM unnest(k.confkey) WITH ORDINALITY AS u(num, ord)
                                   JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.num),
                    'onDelete', k.confdeltype::text, 'onUpdate', k.confupdtype::text,
                    'check', CASE WHEN k.contype = 'c' THEN pg_get_expr(k.conbin, k.conrelid) END,
                    'nullsNotDistinct', (SELECT i.indnullsnotdistinct FROM pg_index i WHERE i.indexrelid = k.conindid)
                  ) ORDER BY k.conname), '[]')
                  FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype IN ('p', 'u', 'c', 'f')),
              'indexes', (SELECT coalesce(json_agg(json_build_object(
                    'name', ic.relname, 'unique', i.indisunique, 'method', am.amname,
                    'keys', (SELECT json_agg(pg_get_indexdef(i.indexrelid, k, true) ORDER BY k) FROM generate_series(1, i.indnkeyatts) AS k),
                    'descending', (SELECT json_agg((i.indoption[k - 1] & 1) = 1 ORDER BY k) FROM generate_series(1, i.indnkeyatts) AS k),
                    'opclasses', (SELECT json_agg(CASE WHEN oc.opcdefault THEN NULL ELSE oc.opcname END ORDER BY k)
                                  FROM generate_series(1, i.indnkeyatts) AS k JOIN pg_opclass oc ON oc.oid = i.indclass[k - 1]),
                    'predicate', pg_get_expr(i.indpred, i.indrelid, true)
                  ) ORDER BY ic.relname), '[]')
                  FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
                  WHERE i.indrelid = c.oid AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = c.oid)),
              'partitionKey', CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
              'partitions', (SELECT json_agg(json_build_object(
                    'schema', pn.nspname, 'name', pc.relname, 'bound', pg_get_expr(pc.relpartbound, pc.oid),
                    'comment', obj_description(pc.oid, 'pg_class')) ORDER BY pn.nspname, pc.relname)
                  FROM pg_inherits h JOIN pg_class pc ON pc.oid = h.inhrelid JOIN pg_namespace pn ON pn.oid = pc.relnamespace
                  WHERE h.inhparent = c.oid)
            ) ORDER BY n.nspname, c.relname), '[]')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY (\(list))),
          'enums', (SELECT coalesce(json_agg(json_build_object(
              'schema', n.nspname, 'name', t.typname, 'comment', obj_description(t.oid, 'pg_type'),
              'labels', (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid)
            ) ORDER BY n.nspname, t.typname), '[]')
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE t.typtype = 'e' AND n.nspname = ANY (\(list))),
          'domains', (SELECT coalesce(json_agg(json_build_object(
              'schema', n.nspname, 'name', t.typname, 'comment', obj_description(t.oid, 'pg_type'),
              'base', format_type(t.typbasetype, t.typtypmod), 'notnull', t.typnotnull, 'default', t.typdefault,
              'checks', (SELECT coalesce(json_agg(json_build_object('name', k.conname, 'check', pg_get_constraintdef(k.oid))
                                                  ORDER BY k.conname), '[]')
                         FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c')
            ) ORDER BY n.nspname, t.typname), '[]')
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE t.typtype = 'd' AND n.nspname = ANY (\(list))),
          'extensions', (SELECT coalesce(json_agg(json_build_object(
              'name', e.extname, 'schema', n.nspname, 'version', e.extversion) ORDER BY e.extname), '[]')
            FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace),
          'sequences', (SELECT coalesce(json_agg(json_build_object(
              'schema', n.nspname, 'name', c.relname, 'type', format_type(s.seqtypid, NULL),
              'start', s.seqstart::text, 'increment', s.seqincrement::text, 'min', s.seqmin::text, 'max', s.seqmax::text,
              'cache', s.seqcache::text, 'cycle', s.seqcycle, 'comment', obj_description(c.oid, 'pg_class'),
              'owner', (SELECT tn.nspname || '.' || t.relname || '.' || a.attname FROM pg_depend d
                        JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace
                        JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass
                          AND d.deptype IN ('a', 'i') LIMIT 1),
              'dependency', (SELECT d.deptype::text FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                               AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') LIMIT 1)
            ) ORDER BY n.nspname, c.relname), '[]')
            FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ANY (\(list))),
          'views', (SELECT coalesce(json_agg(json_build_object(
              'schema', n.nspname, 'name', c.relname, 'kind', c.relkind::text, 'populated', c.relispopulated,
              'comment', obj_description(c.oid, 'pg_class'), 'options', coalesce(to_json(c.reloptions), '[]'),
              'columns', (SELECT coalesce(json_agg(json_build_object(
                    'name', a.attname, 'type', format_type(a.atttypid, a.atttypmod),
                    'comment', col_description(c.oid, a.attnum)) ORDER BY a.attnum), '[]')
                  FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)
            ) ORDER BY n.nspname, c.relname), '[]')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY (\(list)))
        )
        """
        let json = try database.scalar(query)
        return try JSONDecoder().decode(Catalog.self, from: Data(json.utf8))
    }
}

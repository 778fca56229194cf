import Testing
@testable import SchemaGenKit

@Suite struct NamingTests {
    let naming = Naming(acronyms: ["API", "ID", "URL", "UUID", "JSON", "HTTP", "IP", "SQL"])

    @Test(arguments: [
        ("api_keys", ["api", "keys"]),
        ("usage_metrics", ["usage", "metrics"]),
        ("userId", ["user", "id"]),
        ("APIKey", ["api", "key"]),
        ("HTTPServerURL", ["http", "server", "url"]),
        ("created-at", ["created", "at"]),
        ("in progress", ["in", "progress"]),
        ("__x__", ["x"]),
        ("v2_items", ["v2", "items"]),
        ("ünïcödé_name", ["ünïcödé", "name"]),
        ("", []),
    ])
    func words(_ name: String, _ expected: [String]) {
        #expect(Naming.words(name) == expected)
    }

    @Test(arguments: [
        ("api_keys", "APIKey"),
        ("usage_metrics", "UsageMetric"),
        ("credit_transactions", "CreditTransaction"),
        ("notification_preferences", "NotificationPreference"),
        ("crawl_jobs", "CrawlJob"),
        ("profiles", "Profile"),
        ("people", "Person"),
        ("categories", "Category"),
        ("addresses", "Address"),
        ("statuses", "Status"),
        ("analyses", "Analysis"),
        ("user_ips", "UserIP"),
        ("metadata", "Metadata"),
        ("news", "News"),
        ("series", "Series"),
        ("boxes", "Box"),
        ("matches", "Match"),
        ("url_ids", "URLID"),
    ])
    func tableTypeNames(_ table: String, _ expected: String) {
        #expect(naming.typeName(forTable: table) == expected)
    }

    @Test func camelCaseKeepsAcronymsOnlyWhereAsked() {
        #expect(naming.camel(Naming.words("api_keys"), acronymsInMembers: false) == "apiKeys")
        #expect(naming.camel(Naming.words("user_id"), acronymsInMembers: false) == "userId")
        #expect(naming.camel(Naming.words("user_id"), acronymsInMembers: true) == "userID")
        #expect(naming.camel(Naming.words("last_used_ip"), acronymsInMembers: true) == "lastUsedIP")
        #expect(naming.camel(Naming.words("task_ids"), acronymsInMembers: true) == "taskIDs")
        #expect(naming.pascal(Naming.words("json_api_url")) == "JSONAPIURL")
    }

    @Test(arguments: [
        ("people", "person"), ("children", "child"), ("mice", "mouse"), ("indices", "index"), ("criteria", "criterion"),
        ("keys", "key"), ("metrics", "metric"), ("companies", "company"), ("classes", "class"), ("wishes", "wish"),
        ("status", "status"), ("bus", "bus"), ("axis", "axis"), ("data", "data"), ("sheep", "sheep"), ("as", "as"),
    ])
    func singular(_ plural: String, _ expected: String) {
        #expect(Inflector.singular(plural) == expected)
    }

    /// The names every emitter reads, derived once by the validator, with overrides.
    @Test func derivedNamesAndOverrides() throws {
        let yaml = """
        settings:
          acronyms: [SKU]
        tables:
          api_keys:
            columns:
              id: { type: uuid, primary_key: true }
              key_hash: text
              last_used_ip: inet?
              sku_code: { type: text, names: { ts: skuCodeTS, swift: skuCode, python: sku } }
              class: text
              type: text
            rls: false
          usage_metrics:
            names: { type: Metric, ts: metrics, swift: metricsTable, python: MetricRow }
            columns:
              id: { type: uuid, primary_key: true }
            rls: false
        """
        let result = TestEnvironment.compile(yaml)
        let schema = try #require(result.schema, "\(result.diagnostics)")
        let keys = schema.tables[0]
        #expect(keys.names == TargetNames(type: "APIKey", ts: "apiKeys", swift: "apiKeys", python: "api_keys"))
        #expect(keys.columns.map(\.names.ts) == ["id", "keyHash", "lastUsedIp", "skuCodeTS", "class", "type"])
        #expect(keys.columns.map(\.names.swift) == ["id", "keyHash", "lastUsedIP", "skuCode", "class", "type"])
        #expect(keys.columns.map(\.names.python) == ["id", "key_hash", "last_used_ip", "sku", "class_", "type_"])
        #expect(schema.tables[1].names == TargetNames(type: "Metric", ts: "metrics", swift: "metricsTable", python: "MetricRow"))
        #expect(schema.settings.acronyms.contains("SKU"))
    }

    @Test func invalidOverrideIsAnError() {
        let yaml = """
        tables:
          notes:
            names: { type: "2Bad" }
            columns:
              id: { type: uuid, primary_key: true }
            rls: false
        """
        #expect(TestEnvironment.compile(yaml).diagnostics.map(\.description) == [
            "schema.yaml:3:20: error: invalid name '2Bad': a type name must be a letter or '_' followed by letters, digits or '_' in tables.notes.names.type",
        ])
    }

    /// The derived constraint names of both conventions; drizzle-kit's as its serializer (0.31) and `PrimaryKey.getName()` write them.
    @Test func constraintNamingConventions() {
        let postgres = ConstraintNaming.postgres, drizzle = ConstraintNaming.drizzle
        #expect(postgres.primaryKey(table: "books", columns: ["author_id", "slug"]) == "books_pkey")
        #expect(drizzle.primaryKey(table: "books", columns: ["author_id", "slug"]) == "books_author_id_slug_pk")
        #expect(drizzle.primaryKey(table: "books", columns: ["id"]) == "books_pkey")
        #expect(postgres.unique(table: "a", columns: ["x", "y"]) == "a_x_y_key")
        #expect(drizzle.unique(table: "a", columns: ["x", "y"]) == "a_x_y_unique")
        #expect(postgres.foreignKey(table: "r", columns: ["b_id"], target: "b", targetColumns: ["id"]) == "r_b_id_fkey")
        #expect(drizzle.foreignKey(table: "r", columns: ["b_id"], target: "b", targetColumns: ["id"]) == "r_b_id_b_id_fk")
        #expect(postgres.index(table: "a", columns: ["x"], unique: false) == "a_x_idx")
        #expect(postgres.index(table: "a", columns: ["x"], unique: true) == "a_x_key")
        #expect(drizzle.index(table: "a", columns: ["x"], unique: false) == "a_x_index")
        #expect(drizzle.index(table: "a", columns: ["x"], unique: true) == "a_x_index")
    }
}

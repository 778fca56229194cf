import Testing
@testable import SchemaGenKit

/// ORM relations derived from foreign keys: names, cardinality, overrides, cycles and self references.
@Suite struct ValidatorRelationsTests {
    func schema(_ yaml: String) throws -> Schema {
        let result = TestEnvironment.compile(yaml)
        return try #require(result.schema, "\(result.diagnostics.map(\.description))")
    }

    func summary(_ table: Table) -> [String] {
        table.relations.map { "\($0.name):\($0.kind.rawValue)->\($0.target.name)\($0.isOwningSide ? " owns" : "")" + ($0.inverse.map { " inverse \($0)" } ?? "") }
    }

    @Test func creditTransactionsBelongToAnAccount() throws {
        let schema = try schema("""
        tables:
          credit_accounts:
            columns:
              id: { type: uuid, primary_key: true }
            rls: false
          credit_transactions:
            columns:
              id: { type: uuid, primary_key: true }
              account_id: { type: uuid, references: credit_accounts.id, index: true }
            rls: false
        """)
        #expect(summary(schema.tables[1]) == ["account:one->credit_accounts owns inverse transactions"])
        #expect(summary(schema.tables[0]) == ["transactions:many->credit_transactions inverse account"])
        #expect(schema.tables[1].relations[0].isRequired)
        #expect(schema.tables[0].relations[0].pythonName == "transactions")
    }

    @Test func uniqueForeignKeyIsOneToOne() throws {
        let schema = try schema("""
        tables:
          users:
            columns:
              id: { type: uuid, primary_key: true }
            rls: false
          user_settings:
            columns:
              id: { type: uuid, primary_key: true }
              user_id: { type: uuid?, unique: true, references: users }
            rls: false
        """)
        #expect(summary(schema.tables[1]) == ["user:one->users owns inverse setting"])
        #expect(summary(schema.tables[0]) == ["setting:one->user_settings inverse user"])
        #expect(schema.tables[1].relations[0].isRequired == false)
    }

    @Test func overridesAndNoInverse() throws {
        let schema = try schema("""
        external:
          auth.users:
            columns:
              id: { type: uuid, primary_key: true }
        tables:
          projects:
            columns:
              id: { type: uuid, primary_key: true }
              owner: { type: uuid, references: auth.users, index: true }
            rls: false
          crawl_jobs:
            columns:
              id: { type: uuid, primary_key: true }
              project_id: { type: uuid, references: projects, relation: parentProject, inverse: jobs, index: true }
              copied_from: { type: uuid?, references: projects, inverse: false, index: true }
            rls: false
        """)
        #expect(summary(schema.tables[0]) == ["user:one->users owns", "jobs:many->crawl_jobs inverse parentProject"])
        #expect(summary(schema.tables[1]) == ["parentProject:one->projects owns inverse jobs", "project:one->projects owns"])
        #expect(schema.tables[1].relations[0].pythonName == "parent_project")
    }

    @Test(arguments: [
        ("credit_transactions", "credit_accounts", ["transactions"]),
        ("order_items", "orders", ["items"]),
        ("crawl_job_chunks", "crawl_jobs", ["chunks"]),
        ("user_settings", "users", ["settings"]),
        ("crawl_jobs", "projects", ["crawl", "jobs"]),
        ("users", "users", ["users"]),
        ("api_keys", "api_keys", ["api", "keys"]),
    ])
    func inverseWords(_ table: String, _ target: String, _ expected: [String]) {
        #expect(Validator.inverseWords(table, target: target) == expected)
    }

    @Test func foreignKeyCycle() throws {
        let schema = try schema("""
        tables:
          teams:
            columns:
              id: { type: uuid, primary_key: true }
              captain_id: { type: uuid?, references: players, index: true }
            rls: false
          players:
            columns:
              id: { type: uuid, primary_key: true }
              team_id: { type: uuid, references: teams, index: true }
            rls: false
        """)
        #expect(summary(schema.tables[0]) == ["captain:one->players owns inverse teams", "players:many->players inverse team"])
        #expect(summary(schema.tables[1]) == ["teams:many->teams inverse captain", "team:one->teams owns inverse players"])
    }

    @Test func selfReference() throws {
        let schema = try schema("""
        tables:
          categories:
            columns:
              id: { type: uuid, primary_key: true }
              parent_id: { type: uuid?, references: categories, on_delete: set null, index: true }
            rls: false
        """)
        #expect(summary(schema.tables[0]) == ["parent:one->categories owns inverse categories", "categories:many->categories inverse parent"])
        #expect(schema.tables[0].foreignKeys[0].onDelete == .setNull)
    }

    @Test func twoForeignKeysToOneTableNeedNames() {
        let result = TestEnvironment.compile("""
        tables:
          users:
            columns:
              id: { type: uuid, primary_key: true }
            rls: false
          tasks:
            columns:
              id: { type: uuid, primary_key: true }
              created_by: { type: uuid, references: users, index: true }
              assigned_to: { type: uuid, references: users, index: true }
            rls: false
        """)
        #expect(result.diagnostics.map(\.description) == [
            "schema.yaml:10:46: error: relation 'tasks' on table public.users collides with another relation or column in tables.tasks.columns.assigned_to.references (set 'relation:' or 'inverse:' on the foreign key to choose another name)",
            "schema.yaml:10:46: error: relation 'user' on table public.tasks collides with another relation or column in tables.tasks.columns.assigned_to.references (set 'relation:' or 'inverse:' on the foreign key to choose another name)",
        ])
    }

    @Test func inverseOnExternalTableIsAnError() {
        let result = TestEnvironment.compile("""
        external:
          auth.users:
            columns:
              id: { type: uuid, primary_key: true }
        tables:
          notes:
            columns:
              id: { type: uuid, primary_key: true }
              user_id: { type: uuid, references: auth.users.id, inverse: notes, index: true }
            rls: false
        """)
        #expect(result.diagnostics.map(\.description) == [
            "schema.yaml:9:42: error: 'inverse' names a relation on auth.users, which is external and not generated in tables.notes.columns.user_id.references",
        ])
    }
}

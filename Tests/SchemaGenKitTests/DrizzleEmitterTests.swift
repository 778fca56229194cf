import Testing
@testable import SchemaGenKit

/// The Drizzle emitter's decisions, one at a time; the golden fixtures (`drizzle-*`) show whole files.
@Suite struct DrizzleEmitterTests {
    func schemaTS(_ yaml: String) throws -> String {
        let result = TestEnvironment.compile(yaml, targets: ["drizzle"])
        #expect(!result.hasErrors, "\(result.diagnostics)")
        let file = try #require(result.outputs.first { $0.target == "drizzle" })
        #expect(file.path == "Generated/drizzle/schema.ts")
        return file.contents
    }

    @Test func everyColumnGetsItsDatabaseName() throws {
        let text = try schemaTS("""
            tables:
              items:
                columns:
                  id: { type: uuid, primary_key: true, default: gen_random_uuid() }
                  display_name: varchar(80)
                  created_at: { type: timestamptz, default: now() }
                rls: false
            """)
        #expect(text.contains("  id: uuid('id').primaryKey().defaultRandom(),"))
        #expect(text.contains("  displayName: varchar('display_name', { length: 80 }).notNull(),"))
        #expect(text.contains("  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),"))
        #expect(text.contains("export type Item = typeof items.$inferSelect;"))
        #expect(text.contains("export type NewItem = typeof items.$inferInsert;"))
    }

    @Test func foreignKeysKeepTheirDDLNames() throws {
        let text = try schemaTS("""
            tables:
              parents:
                columns:
                  id: { type: uuid, primary_key: true }
                rls: false
              children:
                columns:
                  id: { type: uuid, primary_key: true }
                  parent_id: { type: uuid, references: parents.id, on_delete: cascade, on_update: restrict, index: true }
                  other_id: { type: uuid?, index: true }
                foreign_keys:
                  - columns: [other_id]
                    references: parents.id
                    name: children_other_id_parents_id_fk
                    inverse: false
                rls: false
            """)
        // `.references()` cannot carry a name, so only a key named the way drizzle names it is written inline.
        #expect(text.contains("foreignKey({ name: 'children_parent_id_fkey', columns: [t.parentId], foreignColumns: [parents.id] }).onDelete('cascade').onUpdate('restrict'),"))
        #expect(text.contains("otherId: uuid('other_id').references(() => parents.id),"))
        #expect(!text.contains("foreignKey({ name: 'children_other_id_parents_id_fk'"))
    }

    @Test func importsStepAsideForTheSchemasNames() throws {
        let text = try schemaTS("""
            tables:
              index:
                names: { type: IndexRow }
                columns:
                  id: { type: uuid, primary_key: true }
                  text: text
                indexes:
                  - [text]
                rls: false
            """)
        #expect(text.contains("import { index as pgIndex, pgTable, text, uuid } from 'drizzle-orm/pg-core';"))
        #expect(text.contains("export const index = pgTable('index', {"))
        #expect(text.contains("  pgIndex('index_text_idx').on(t.text),"))
    }

    @Test func ambiguousRelationsAreNamedOnBothSides() throws {
        let text = try schemaTS("""
            tables:
              people:
                columns:
                  id: { type: uuid, primary_key: true }
                  mentor_id: { type: uuid?, references: people.id, index: true, relation: mentor, inverse: mentees }
                rls: false
              tasks:
                columns:
                  id: { type: uuid, primary_key: true }
                  owner_id: { type: uuid, references: people.id, index: true, inverse: ownedTasks }
                  reviewer_id: { type: uuid?, references: people.id, index: true, inverse: reviewedTasks }
                rls: false
            """)
        #expect(text.contains("relationName: 'people_mentor_id_fkey',"))
        #expect(text.contains("mentees: many(people, { relationName: 'people_mentor_id_fkey' }),"))
        #expect(text.contains("ownedTasks: many(tasks, { relationName: 'tasks_owner_id_fkey' }),"))
        #expect(text.contains("relationName: 'tasks_reviewer_id_fkey',"))
    }

    @Test func aSingleForeignKeyNeedsNoRelationName() throws {
        let text = try schemaTS("""
            tables:
              accounts:
                columns:
                  id: { type: uuid, primary_key: true }
                rls: false
              transactions:
                columns:
                  id: { type: uuid, primary_key: true }
                  account_id: { type: uuid, references: accounts.id, index: true, inverse: transactions }
                rls: false
            """)
        #expect(text.contains("  transactions: many(transactions),"))
        #expect(text.contains("""
              account: one(accounts, {
                fields: [transactions.accountId],
                references: [accounts.id],
              }),
            """))
        #expect(!text.contains("relationName"))
    }

    @Test func authUsersComesFromDrizzleWhenItHasTheColumns() throws {
        let standard = try schemaTS("""
            external:
              auth.users:
                columns:
                  id: { type: uuid, primary_key: true }
                  email: text?
            tables:
              notes:
                columns:
                  id: { type: uuid, primary_key: true }
                  user_id: { type: uuid, references: auth.users.id, index: true }
                rls: false
            """)
        #expect(standard.contains("import { authUsers } from 'drizzle-orm/supabase';"))
        #expect(standard.contains("export { authUsers };"))
        #expect(standard.contains("foreignColumns: [authUsers.id]"))
        let custom = try schemaTS("""
            external:
              auth.users:
                columns:
                  id: { type: uuid, primary_key: true }
                  raw_user_meta_data: jsonb?
            tables:
              notes:
                columns:
                  id: { type: uuid, primary_key: true }
                  user_id: { type: uuid, references: auth.users.id, index: true }
                rls: false
            """)
        #expect(!custom.contains("drizzle-orm/supabase"))
        #expect(custom.contains("const authSchema = pgSchema('auth');"))
        #expect(custom.contains("export const users = authSchema.table('users', {"))
    }

    @Test func policiesOnlyWhenTheSettingAsksForThem() throws {
        let table = """
            tables:
              notes:
                columns:
                  id: { type: uuid, primary_key: true }
                  user_id: { type: uuid, index: true }
                rls:
                  owner: user_id
                  allow: [select]
            """
        let without = try schemaTS(table)
        #expect(!without.contains("pgPolicy"))
        #expect(!without.contains("enableRLS"))
        let with = try schemaTS("settings:\n  drizzle:\n    policies: true\n" + table)
        #expect(with.contains("""
              pgPolicy('Users can view own notes', {
                for: 'select',
                to: authenticatedRole,
                using: sql`(select auth.uid()) = user_id`,
              }),
            ]).enableRLS();
            """))
    }

    @Test func foreignKeyCyclesStateTheCallbackType() throws {
        let text = try schemaTS("""
            tables:
              a:
                columns:
                  id: { type: uuid, primary_key: true }
                  b_id: { type: uuid?, references: b.id, index: true, inverse: false }
                rls: false
              b:
                columns:
                  id: { type: uuid, primary_key: true }
                  a_id: { type: uuid?, references: a.id, index: true, inverse: false }
                rls: false
              c:
                columns:
                  id: { type: uuid, primary_key: true }
                  a_id: { type: uuid?, references: a.id, index: true, inverse: false }
                rls: false
            """)
        #expect(text.contains("type PgTableExtraConfigValue"))
        #expect(text.contains("export const a = pgTable('a', {\n  id: uuid('id').primaryKey(),\n  bId: uuid('b_id'),\n}, (t): PgTableExtraConfigValue[] => ["))
        #expect(text.contains("export const c = pgTable('c', {\n  id: uuid('id').primaryKey(),\n  aId: uuid('a_id'),\n}, (t) => ["))
    }

    @Test func outputFollowsTheSchemaOrderAndIsStable() throws {
        let yaml = """
            enums:
              zeta: [b, a]
              alpha: [x]
            tables:
              zebras:
                columns:
                  id: { type: uuid, primary_key: true }
                rls: false
              apples:
                columns:
                  id: { type: uuid, primary_key: true }
                rls: false
            """
        let first = try schemaTS(yaml)
        #expect(first == (try schemaTS(yaml)))
        let order = ["zetaEnum = pgEnum('zeta', ['b', 'a'])", "alphaEnum", "export const zebras", "export const apples"]
        let positions = order.compactMap { first.range(of: $0)?.lowerBound }
        #expect(positions.count == order.count)
        #expect(positions == positions.sorted())
    }

    @Test func commentsCannotEndTheirDocComment() throws {
        let text = try schemaTS("""
            tables:
              notes:
                comment: "closes */ early"
                columns:
                  id: { type: uuid, primary_key: true, comment: "*/ export const pwned = 1; /*" }
                rls: false
            """)
        #expect(text.contains("/** closes *\\/ early */"))
        #expect(text.contains("  /** *\\/ export const pwned = 1; /* */"))
    }
}

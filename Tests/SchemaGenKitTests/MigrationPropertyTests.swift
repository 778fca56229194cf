import Foundation
import PropertyBased
import Testing
@testable import SchemaGenKit

/// Random sequences of edits to the root (PixCrawler) schema: applying the migration of each step in turn to a
/// database built from the first step's DDL gives exactly the catalog of a fresh database built from the last step's
/// DDL and RLS.
///
/// Edits work on the validated IR, as the validator would produce them from the edited file: new names derive the
/// constraint names the validator derives, renames are declared as `renamed_from` would declare them, and every
/// step goes through the snapshot (encode, decode) as `migrate new` reads it.
@Suite struct MigrationPropertyTests {
    /// One edit, chosen by `kind`, applied to the object `target` (modulo the candidates).
    struct Edit: CustomStringConvertible {
        var kind: Int
        var target: Int
        var description: String { "edit \(kind) on \(target)" }
    }

    static let edits = zip(Gen.int(in: 0...10), Gen.int(in: 0...1000)).map { Edit(kind: $0, target: $1) }.array(of: 1...5)

    @Test func chainedMigrationsBuildTheLastSchema() async throws {
        let bytes = try [UInt8](Data(contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("schema.yaml")))
        let root = try #require(Pipeline.load(bytes, fileName: "schema.yaml").0)
        await propertyCheck(count: 6, input: Self.edits) { edits in
            try Self.check(root, edits: edits)
        }
    }

    static func check(_ root: Schema, edits: [Edit]) throws {
        let migrated = try TestDatabase.create("property")
        defer { migrated.drop() }
        let fresh = try TestDatabase.create("property_fresh")
        defer { fresh.drop() }
        try MigrationPlannerTests.build(root, result: render(root), in: migrated)
        var current = root
        for (step, edit) in edits.enumerated() {
            var next = current
            next.origins = SchemaOrigins()
            apply(edit, step: step, to: &next)
            let recorded = try MigrationSnapshot.decode(try MigrationSnapshot.encode(current))
            let plan = MigrationPlanner.plan(from: recorded, to: next, file: "schema.yaml")
            #expect(!plan.hasErrors, "\(edits) step \(step): \(plan.diagnostics)")
            if plan.hasErrors { return }
            for file in plan.files(sourceName: "schema.yaml") {
                if file.transactional { try migrated.apply(file.contents) } else { try migrated.run(sql: file.contents) }
            }
            current = next
        }
        try MigrationPlannerTests.build(current, result: render(current), in: fresh)
        let schemas = MigrationPlannerTests.schemas(root).union(MigrationPlannerTests.schemas(current)).sorted()
        let have = try MigrationPlannerTests.facts(migrated, schemas: schemas)
        let want = try MigrationPlannerTests.facts(fresh, schemas: schemas)
        let differences = Set(have.keys).union(want.keys).sorted().filter { have[$0] != want[$0] }
            .map { "\($0): migrated \(have[$0] ?? "(none)"), fresh \(want[$0] ?? "(none)")" }
        #expect(differences.isEmpty, "\(edits):\n\(differences.joined(separator: "\n"))")
    }

    static func render(_ schema: Schema) -> Pipeline.Result {
        var copy = schema
        copy.settings.outputs = [OutputSetting(target: "sql", path: "schema.sql", template: nil),
                                 OutputSetting(target: "rls", path: "rls.sql", template: nil)]
        return Pipeline.emit(copy, fileName: "schema.yaml", templates: TestEnvironment.templates)
    }

    /// SQL the user wrote (checks, policies, index expressions, raw blocks), where names may appear as text.
    static func mentions(_ schema: Schema, _ name: String) -> Bool {
        let texts = MigrationPlanner.expressions(of: schema)
        return texts.contains { $0.contains(name) }
    }

    /// A column nothing refers to: no key, constraint, index, foreign key (either side) or SQL text names it.
    static func isFree(_ column: Column, in table: Table, schema: Schema) -> Bool {
        if mentions(schema, column.name) { return false }
        if table.primaryKey?.columns.contains(column.name) == true { return false }
        if table.uniques.contains(where: { $0.columns.contains(column.name) }) { return false }
        if table.foreignKeys.contains(where: { $0.columns.contains(column.name) }) { return false }
        if table.indexes.contains(where: { $0.parts.contains { $0.column == column.name } }) { return false }
        if table.rls.ownerColumn == column.name { return false }
        return !schema.tables.contains { other in
            other.foreignKeys.contains { $0.referencedTable == table.name && $0.referencedColumns.contains(column.name) }
        }
    }

    static func apply(_ edit: Edit, step: Int, to schema: inout Schema) {
        guard !schema.tables.isEmpty else { return }
        let t = edit.target % schema.tables.count
        var table = schema.tables[t]
        let name = "pbt\(step)"
        func names(_ text: String) -> TargetNames { TargetNames(type: text, ts: text, swift: text, python: text) }
        switch edit.kind {
        case 0:
            table.columns.append(Column(name: "\(name)_note", type: .text, nullable: true, defaultValue: nil, identity: nil,
                                        comment: "added \(step)", names: names("\(name)Note")))
        case 1:
            let free = table.columns.filter { isFree($0, in: table, schema: schema) }
            guard !free.isEmpty else { return }
            let column = free[edit.target % free.count]
            table.columns.removeAll { $0.name == column.name }
        case 2:
            let free = table.columns.filter { isFree($0, in: table, schema: schema) }
            guard !free.isEmpty else { return }
            let column = free[edit.target % free.count]
            guard let index = table.columns.firstIndex(where: { $0.name == column.name }) else { return }
            table.columns[index].name = "\(name)_\(column.name)".prefix(60).description
            schema.origins?.renames.append(SchemaOrigins.Rename(kind: .column, owner: table.name, from: QualifiedName(schema: table.name.schema, name: column.name),
                                                                to: table.columns[index].name, location: SourceLocation(line: 1, column: 1)))
        case 3:
            guard !schema.enums.isEmpty else { return }
            let e = edit.target % schema.enums.count
            let position = edit.target % (schema.enums[e].values.count + 1)
            schema.enums[e].values.insert("\(name) value", at: position)
            schema.enums[e].valueNames.insert(names("v"), at: position)
            return
        case 4:
            guard let column = table.columns.first(where: { !$0.type.isArray && $0.type != .jsonb(.any) }) else { return }
            table.indexes.append(Index(name: "\(table.name.name)_\(name)_idx".prefix(63).description,
                                       parts: [IndexPart(column: column.name, expression: nil, descending: edit.target % 2 == 0, opclass: nil)],
                                       unique: false, method: "btree", predicate: nil))
        case 5:
            table.comment = edit.target % 3 == 0 ? nil : "comment \(step)"
        case 6:
            guard let index = table.columns.indices.first(where: { i in
                !table.columns[i].nullable && isFree(table.columns[i], in: table, schema: schema) && table.columns[i].identity == nil }) else { return }
            table.columns[index].nullable = true
        case 7:
            guard let key = table.singlePrimaryKeyColumn else { return }
            let newName = QualifiedName(schema: "public", name: "\(name)_child")
            let child = Table(name: newName, isExternal: false, comment: nil,
                              columns: [Column(name: "id", type: .bigint, nullable: false, defaultValue: nil, identity: .always, comment: nil, names: names("id")),
                                        Column(name: "parent_id", type: key.type.isSerial ? .integer : key.type, nullable: true, defaultValue: nil,
                                               identity: nil, comment: nil, names: names("parentID"))],
                              primaryKey: PrimaryKey(name: "\(newName.name)_pkey", columns: ["id"]), uniques: [], checks: [],
                              foreignKeys: [ForeignKey(name: "\(newName.name)_parent_id_fkey", columns: ["parent_id"], referencedTable: table.name,
                                                       referencedColumns: [key.name], onDelete: .cascade, onUpdate: .noAction)],
                              indexes: [], relations: [],
                              rls: RowLevelSecurity(enabled: edit.target % 2 == 0, forced: false, denyAllIntended: true, ownerColumn: nil, policies: []),
                              names: names("Child"), location: SourceLocation(line: 1, column: 1))
            schema.tables.append(child)
            return
        case 8:
            guard !table.indexes.isEmpty else { return }
            table.indexes.remove(at: edit.target % table.indexes.count)
        case 9:
            guard let index = table.columns.indices.first(where: { [.integer, .bigint, .smallint].contains(table.columns[$0].type) && table.columns[$0].identity == nil }) else { return }
            table.columns[index].defaultValue = edit.target % 2 == 0 ? nil : .literal(.integer(Int64(edit.target)))
        default:
            guard let index = table.columns.firstIndex(where: { $0.type == .text && isFree($0, in: table, schema: schema) }) else { return }
            table.checks.append(CheckConstraint(name: "\(table.name.name)_\(name)_check".prefix(63).description,
                                                expression: "length(\(SQLSyntax.quoteIdent(table.columns[index].name))) < 100000"))
        }
        schema.tables[t] = table
    }
}

/// SQLAlchemy 2.0 declarative models: `StrEnum`s bound to the PostgreSQL enums, `TypedDict`s for JSON shapes,
/// one mapped class per table with the DDL's exact types, defaults, keys, constraint and index names, comments and
/// relationships, the external tables as plain `Table`s, and an Alembic `include_object` hook.
package struct SQLAlchemyEmitter: Emitter {
    package static let target = Target.sqlalchemy

    /// What `sqlalchemy.mustache` lays out; every statement is already broken into lines.
    package struct Context {
        var header: String
        var sourceName: String
        var imports: [String]
        /// Whether a column is `inet`, so the module defines `inetAlias`.
        var hasInet: Bool
        var inetAlias: String
        var hasEnums: Bool
        var enums: [EnumContext]
        var shapes: [ShapeContext]
        var externalTables: [ExternalContext]
        var models: [ModelContext]
        /// The condition `include_object` applies to a reflected table that no model maps (`object_.schema is None`).
        var managedSchemaTest: String
    }

    struct EnumContext {
        var className: String
        var docstring: [String]
        var members: [String]
        var typeObject: [String]
    }

    struct ShapeContext {
        var comments: [String]
        var isClass: Bool
        var className: String
        var docstring: [String]
        var fields: [String]
        var isEmpty: Bool
        var functional: [String]
    }

    struct ExternalContext {
        var comments: [String]
        var lines: [String]
    }

    struct ModelContext {
        var isClass: Bool
        var className: String
        var docstring: [String]
        var tableName: String
        var tableArgs: [String]
        var columns: [String]
        var relationships: [String]
        var hasRelationships: Bool
        /// A keyless table: comment lines and its `Table(...)` statement.
        var comments: [String]
        var tableLines: [String]
    }

    /// Packages whose imports form the third-party section.
    static let thirdParty: Set<String> = ["sqlalchemy"]

    /// SHA-256 of the templates the output is rendered with, recorded in the header (`TemplateSet.fingerprint`).
    package var templatesHash: String

    package init(templatesHash: String = "") { self.templatesHash = templatesHash }

    package func context(for schema: Schema) -> Context {
        let imports = PythonImports()
        var moduleNames = ModuleNames(schema: schema)
        var enumObjects: [QualifiedName: String] = [:]
        var enumClasses: [QualifiedName: String] = [:]
        for item in schema.enums {
            enumClasses[item.name] = item.names.type
            let qualified = item.name.schema == "public" ? item.name.name : item.name.schema + "_" + item.name.name
            enumObjects[item.name] = moduleNames.claim(Naming.words(qualified).joined(separator: "_") + "_enum")
        }
        let types = SQLAlchemyTypes(imports: imports, enumObjects: enumObjects, enumClasses: enumClasses,
                                    inetAlias: moduleNames.claim("InetAddress"))
        let enums = schema.enums.map { enumContext($0, objectName: enumObjects[$0.name] ?? "", imports: imports) }
        var defined: Set<String> = []
        let shapes = schema.shapes.map { shape -> ShapeContext in
            // A shape's own name is not bound while its body is evaluated, so it is a forward reference too.
            defer { defined.insert(shape.name) }
            return shapeContext(shape, types: types, defined: defined, imports: imports)
        }
        let externals = externalContexts(schema, moduleNames: &moduleNames, types: types, imports: imports)
        let cyclic = Self.cyclicForeignKeys(schema)
        let index = TableIndex(schema.tables)
        let models = schema.tables.map {
            modelContext($0, index: index, types: types, imports: imports, cyclic: cyclic, moduleNames: &moduleNames)
        }

        imports.from("sqlalchemy.orm", "DeclarativeBase")
        imports.from("sqlalchemy", "Table")
        imports.from("sqlalchemy.schema", "SchemaItem")
        var managed: [String] = []
        for table in schema.tables {
            let literal = table.name.schema == "public" ? "None" : Python.string(table.name.schema)
            if !managed.contains(literal) { managed.append(literal) }
        }
        let managedTest: String
        switch managed.count {
        case 0: managedTest = "False"
        case 1 where managed[0] == "None": managedTest = "object_.schema is None"
        case 1: managedTest = "object_.schema == \(managed[0])"
        default: managedTest = "object_.schema in (\(managed.joined(separator: ", ")))"
        }
        return Context(
            header: GeneratedHeader(commentPrefix: "#", templatesHash: templatesHash).render(for: schema),
            sourceName: schema.sourceName, imports: imports.lines(thirdParty: Self.thirdParty),
            hasInet: imports.usesModule("ipaddress"), inetAlias: types.inetAlias,
            hasEnums: !enums.isEmpty, enums: enums, shapes: shapes, externalTables: externals, models: models,
            managedSchemaTest: managedTest)
    }

    // MARK: Enums and shapes

    private func enumContext(_ item: EnumType, objectName: String, imports: PythonImports) -> EnumContext {
        imports.module("enum")
        let members = zip(item.values, item.valueNames).map { value, names in "\(names.python) = \(Python.string(value))" }
        var arguments: [PyExpr] = [.atom(item.names.type), .keyword("name", .atom(Python.string(item.name.name)))]
        if item.name.schema != "public" {
            arguments.append(.keyword("schema", .atom(Python.string(item.name.schema))))
        }
        arguments += [.keyword("create_type", .atom("False")), .keyword("values_callable", .atom("_enum_values"))]
        imports.from("sqlalchemy.dialects", "postgresql")
        return EnumContext(className: item.names.type, docstring: item.comment.map { [Python.docstring($0, indent: 4)] } ?? [],
                           members: members,
                           typeObject: PythonLayout.lines(.call("postgresql.ENUM", arguments), indent: 0, prefix: objectName + " = "))
    }

    private func shapeContext(_ shape: JSONShape, types: SQLAlchemyTypes, defined: Set<String>, imports: PythonImports) -> ShapeContext {
        imports.from("typing", "TypedDict")
        func annotation(_ field: JSONField) -> String {
            let type = types.python(field.type, defined: defined)
            guard field.optional else { return type }
            return imports.from("typing", "NotRequired") + "[" + type + " | None]"
        }
        // Keys that are not plain identifiers (or would be name-mangled) only fit the functional syntax.
        let isClass = shape.fields.allSatisfy { Python.isIdentifier($0.key) && !$0.key.hasPrefix("__") }
        if isClass {
            var fields: [String] = []
            for field in shape.fields {
                if let comment = field.comment { fields += Python.comment(comment, indent: 4) }
                fields.append("    \(field.key): \(annotation(field))")
            }
            return ShapeContext(comments: [], isClass: true, className: shape.name,
                                docstring: shape.comment.map { [Python.docstring($0, indent: 4)] } ?? [],
                                fields: fields, isEmpty: fields.isEmpty && shape.comment == nil, functional: [])
        }
        var comments = shape.comment.map { Python.comment($0, indent: 0) } ?? []
        for field in shape.fields {
            if let comment = field.comment { comments += Python.comment("\(field.key): \(comment)", indent: 0) }
        }
        let entries = shape.fields.map { PyExpr.prefixed(Python.string($0.key) + ": ", .atom(annotation($0))) }
        let dictionary = PyExpr.brackets(head: "", open: "{", close: "}", items: entries, oneTuple: false)
        let call = PyExpr.call("TypedDict", [.atom(Python.string(shape.name)), dictionary])
        return ShapeContext(comments: comments, isClass: false, className: shape.name, docstring: [], fields: [],
                            isEmpty: false, functional: PythonLayout.lines(call, indent: 0, prefix: shape.name + " = "))
    }

    // MARK: External tables

    /// External tables with only the columns foreign keys reference, in the metadata so those keys resolve.
    private func externalContexts(_ schema: Schema, moduleNames: inout ModuleNames, types: SQLAlchemyTypes,
                                  imports: PythonImports) -> [ExternalContext] {
        schema.externalTables.compactMap { table -> ExternalContext? in
            var referenced: [String] = []
            for key in schema.tables.flatMap(\.foreignKeys) where key.referencedTable == table.name {
                for column in key.referencedColumns where !referenced.contains(column) { referenced.append(column) }
            }
            guard !referenced.isEmpty else { return nil }
            let columnExprs = table.columns.filter { referenced.contains($0.name) }.map { column -> PyExpr in
                var arguments: [PyExpr] = [.atom(Python.string(column.name)), .atom(types.sqlalchemy(column.type))]
                if table.primaryKey?.columns.contains(column.name) == true {
                    arguments.append(.keyword("primary_key", .atom("True")))
                }
                return .call(imports.from("sqlalchemy", "Column"), arguments)
            }
            var arguments: [PyExpr] = [.atom(Python.string(table.name.name)), .atom("Base.metadata")] + columnExprs
            if table.name.schema != "public" { arguments.append(.keyword("schema", .atom(Python.string(table.name.schema)))) }
            arguments.append(.keyword("info", .atom("{\"external\": True}")))
            let variable = moduleNames.claim(Naming.words(table.name.schema + "_" + table.name.name).joined(separator: "_"))
            return ExternalContext(comments: table.comment.map { Python.comment($0, indent: 0) } ?? [],
                                   lines: PythonLayout.lines(.call(imports.from("sqlalchemy", "Table"), arguments),
                                                             indent: 0, prefix: variable + " = "))
        }
    }

    // MARK: Models

    private func modelContext(_ table: Table, index: TableIndex, types: SQLAlchemyTypes, imports: PythonImports,
                              cyclic: Set<String>, moduleNames: inout ModuleNames) -> ModelContext {
        let options = tableOptions(table)
        guard table.primaryKey != nil else {
            // SQLAlchemy maps only tables with a primary key; a keyless one stays a Core table in the metadata.
            let columns = table.columns.map { column -> PyExpr in
                var arguments = [PyExpr.atom(Python.string(column.name))]
                    + columnArguments(column, in: table, types: types, imports: imports, cyclic: cyclic)
                if !column.nullable { arguments.append(.keyword("nullable", .atom("False"))) }
                return .call(imports.from("sqlalchemy", "Column"), arguments)
            }
            let arguments = [PyExpr.atom(Python.string(table.name.name)), .atom("Base.metadata")] + columns
                + tableItems(table, imports: imports, cyclic: cyclic) + options.map { .keyword($0.key, .atom($0.value)) }
            let qualified = table.name.schema == "public" ? table.name.name : table.name.schema + "_" + table.name.name
            let variable = moduleNames.claim(Naming.words(qualified).joined(separator: "_") + "_table")
            return ModelContext(isClass: false, className: "", docstring: [], tableName: "", tableArgs: [], columns: [],
                                relationships: [], hasRelationships: false,
                                comments: table.comment.map { Python.comment($0, indent: 0) } ?? [],
                                tableLines: PythonLayout.lines(.call(imports.from("sqlalchemy", "Table"), arguments),
                                                               indent: 0, prefix: variable + " = "))
        }
        imports.from("sqlalchemy.orm", "Mapped")
        imports.from("sqlalchemy.orm", "mapped_column")
        let columns = table.columns.flatMap { column -> [String] in
            var arguments = columnArguments(column, in: table, types: types, imports: imports, cyclic: cyclic)
            if column.names.python != column.name { arguments.insert(.atom(Python.string(column.name)), at: 0) }
            let annotation = "Mapped[" + SQLAlchemyTypes.optional(types.python(column.type), column.nullable) + "]"
            return PythonLayout.lines(.call("mapped_column", arguments), indent: 4,
                                      prefix: "\(column.names.python): \(annotation) = ")
        }
        let relationships = table.relations.flatMap { relationLines($0, in: table, index: index, imports: imports) }
        var items = tableItems(table, imports: imports, cyclic: cyclic)
        if !options.isEmpty {
            items.append(.brackets(head: "", open: "{", close: "}", items: options.map { .prefixed(Python.string($0.key) + ": ", .atom($0.value)) },
                                   oneTuple: false))
        }
        let tuple: PyExpr = items.count == 1
            ? .brackets(head: "", open: "(", close: ")", items: items, oneTuple: true)
            : .exploded(head: "", open: "(", close: ")", items: items)
        let tableArgs = items.isEmpty ? [] : PythonLayout.lines(tuple, indent: 4, prefix: "__table_args__ = ")
        return ModelContext(isClass: true, className: table.names.type,
                            docstring: table.comment.map { [Python.docstring($0, indent: 4)] } ?? [],
                            tableName: Python.string(table.name.name), tableArgs: tableArgs,
                            columns: columns, relationships: relationships, hasRelationships: !relationships.isEmpty,
                            comments: [], tableLines: [])
    }

    /// A column's type, identity, foreign keys, key flags, server default and comment, shared by
    /// `mapped_column()` and `Column()`.
    private func columnArguments(_ column: Column, in table: Table, types: SQLAlchemyTypes, imports: PythonImports,
                                 cyclic: Set<String>) -> [PyExpr] {
        var arguments: [PyExpr] = [.atom(types.sqlalchemy(column.type))]
        if let identity = column.identity {
            let identityCall = imports.from("sqlalchemy", "Identity")
            arguments.append(.atom(identity == .always ? identityCall + "(always=True)" : identityCall + "()"))
        }
        for key in table.foreignKeys where key.columns == [column.name] {
            arguments.append(.call(imports.from("sqlalchemy", "ForeignKey"),
                                   [.atom(Python.string(reference(key.referencedTable, key.referencedColumns[0])))]
                                       + actions(key, of: table, cyclic: cyclic) + [.keyword("name", .atom(Python.string(key.name)))]))
        }
        if table.singlePrimaryKeyColumn?.name == column.name {
            arguments.append(.keyword("primary_key", .atom("True")))
            // Without it SQLAlchemy would treat a plain integer key as SERIAL.
            let isInteger = [ColumnType.smallint, .integer, .bigint].contains(column.type)
            if isInteger && column.identity == nil && !table.foreignKeys.contains(where: { $0.columns == [column.name] }) {
                arguments.append(.keyword("autoincrement", .atom("False")))
            }
        }
        if let value = types.serverDefault(column, table: table) {
            arguments.append(.keyword("server_default", value))
        }
        if let comment = column.comment { arguments.append(.keyword("comment", .atom(Python.string(comment)))) }
        return arguments
    }

    /// `schema` and `comment` of a table, as literals.
    private func tableOptions(_ table: Table) -> [(key: String, value: String)] {
        var options: [(key: String, value: String)] = []
        if table.name.schema != "public" { options.append(("schema", Python.string(table.name.schema))) }
        if let comment = table.comment { options.append(("comment", Python.string(comment))) }
        return options
    }

    /// Composite keys, constraints and indexes by the DDL's names.
    private func tableItems(_ table: Table, imports: PythonImports, cyclic: Set<String>) -> [PyExpr] {
        var items: [PyExpr] = []
        func strings(_ names: [String]) -> [PyExpr] { names.map { .atom(Python.string($0)) } }
        if let key = table.primaryKey, key.columns.count > 1 {
            items.append(.call(imports.from("sqlalchemy", "PrimaryKeyConstraint"),
                               strings(key.columns) + [.keyword("name", .atom(Python.string(key.name)))]))
        }
        for key in table.foreignKeys where key.columns.count > 1 {
            let local = PyExpr.brackets(head: "", open: "[", close: "]", items: strings(key.columns), oneTuple: false)
            let remote = PyExpr.brackets(head: "", open: "[", close: "]",
                                         items: strings(key.referencedColumns.map { reference(key.referencedTable, $0) }),
                                         oneTuple: false)
            items.append(.call(imports.from("sqlalchemy", "ForeignKeyConstraint"),
                               [local, remote] + actions(key, of: table, cyclic: cyclic)
                                   + [.keyword("name", .atom(Python.string(key.name)))]))
        }
        for unique in table.uniques {
            var arguments = strings(unique.columns) + [.keyword("name", .atom(Python.string(unique.name)))]
            if unique.nullsNotDistinct { arguments.append(.keyword("postgresql_nulls_not_distinct", .atom("True"))) }
            items.append(.call(imports.from("sqlalchemy", "UniqueConstraint"), arguments))
        }
        for check in table.checks {
            items.append(.call(imports.from("sqlalchemy", "CheckConstraint"),
                               [.atom(Python.sqlString(check.expression)), .keyword("name", .atom(Python.string(check.name)))]))
        }
        for index in table.indexes {
            var arguments: [PyExpr] = [.atom(Python.string(index.name))]
            var operatorClasses: [PyExpr] = []
            for part in index.parts {
                if let column = part.column {
                    let name = Python.string(column)
                    if !part.descending {
                        arguments.append(.atom(name))
                        if let opclass = part.opclass { operatorClasses.append(.prefixed(name + ": ", .atom(Python.string(opclass)))) }
                    } else if part.opclass == nil && SQLSyntax.isBareIdentifier(column) {
                        arguments.append(.atom(imports.from("sqlalchemy", "desc") + "(\(name))"))
                    } else {
                        // desc() writes its text unquoted and postgresql_ops skips it, so the part is spelled out.
                        let sql = SQLSyntax.quoteIdent(column) + (part.opclass.map { " " + $0 } ?? "") + " DESC"
                        arguments.append(.call(imports.from("sqlalchemy", "text"), [.atom(Python.sqlString(sql))]))
                    }
                } else if let expression = part.expression {
                    let sql = part.descending ? expression + " DESC" : expression
                    arguments.append(.call(imports.from("sqlalchemy", "text"), [.atom(Python.sqlString(sql))]))
                }
            }
            if index.unique { arguments.append(.keyword("unique", .atom("True"))) }
            if index.method != "btree" { arguments.append(.keyword("postgresql_using", .atom(Python.string(index.method)))) }
            if !operatorClasses.isEmpty {
                arguments.append(.keyword("postgresql_ops",
                                          .brackets(head: "", open: "{", close: "}", items: operatorClasses, oneTuple: false)))
            }
            if let predicate = index.predicate {
                arguments.append(.keyword("postgresql_where",
                                          .call(imports.from("sqlalchemy", "text"), [.atom(Python.sqlString(predicate))])))
            }
            items.append(.call(imports.from("sqlalchemy", "Index"), arguments))
        }
        return items
    }

    /// `ondelete=` and `onupdate=` when they are not the default NO ACTION, and `use_alter=True` in a cycle.
    private func actions(_ key: ForeignKey, of table: Table, cyclic: Set<String>) -> [PyExpr] {
        var result: [PyExpr] = []
        if key.onDelete != .noAction { result.append(.keyword("ondelete", .atom(Python.string(key.onDelete.sql)))) }
        if key.onUpdate != .noAction { result.append(.keyword("onupdate", .atom(Python.string(key.onUpdate.sql)))) }
        if cyclic.contains(Self.keyID(key, of: table)) { result.append(.keyword("use_alter", .atom("True"))) }
        return result
    }

    private static func keyID(_ key: ForeignKey, of table: Table) -> String {
        table.name.description + "/" + key.name
    }

    /// Foreign keys on a cycle of tables (each reaches the other): SQLAlchemy can only order the tables once these
    /// are added after them with ALTER TABLE, as the DDL adds every foreign key.
    static func cyclicForeignKeys(_ schema: Schema) -> Set<String> {
        var edges: [QualifiedName: [QualifiedName]] = [:]
        for table in schema.tables {
            edges[table.name] = table.foreignKeys.map(\.referencedTable).filter { $0 != table.name }
        }
        func reaches(_ start: QualifiedName, _ goal: QualifiedName) -> Bool {
            var seen: Set<QualifiedName> = [start]
            var stack = [start]
            while let next = stack.popLast() {
                if next == goal { return true }
                for target in edges[next] ?? [] where seen.insert(target).inserted { stack.append(target) }
            }
            return false
        }
        var result: Set<String> = []
        for table in schema.tables {
            for key in table.foreignKeys where key.referencedTable != table.name && reaches(key.referencedTable, table.name) {
                result.insert(keyID(key, of: table))
            }
        }
        return result
    }

    /// `table.column`, or `schema.table.column` outside `public`, as `ForeignKey` parses it.
    private func reference(_ table: QualifiedName, _ column: String) -> String {
        (table.schema == "public" ? "" : table.schema + ".") + table.name + "." + column
    }

    /// One `relationship()` attribute, or nothing when the other side has no class (external or keyless).
    private func relationLines(_ relation: Relation, in table: Table, index: TableIndex, imports: PythonImports) -> [String] {
        guard table.primaryKey != nil, let target = index.keyed[relation.target] else { return [] }
        let owner = relation.isOwningSide ? table : target
        guard let key = owner.foreignKeys.first(where: { $0.name == relation.foreignKey }) else { return [] }
        let annotation: String
        switch (relation.isOwningSide, relation.kind) {
        case (true, _): annotation = "\"" + SQLAlchemyTypes.optional(target.names.type, !relation.isRequired) + "\""
        case (false, .many): annotation = "list[\"\(target.names.type)\"]"
        case (false, .one): annotation = "\"\(target.names.type) | None\""
        }
        var arguments: [PyExpr] = []
        if let inverse = relation.inversePythonName { arguments.append(.keyword("back_populates", .atom(Python.string(inverse)))) }
        func attributes(_ columns: [String], of table: Table) -> String {
            let names = columns.map { column in table.names.type + "." + (table.column(column)?.names.python ?? column) }
            return names.count == 1 ? names[0] : "[" + names.joined(separator: ", ") + "]"
        }
        // SQLAlchemy needs to be told which key to follow when more than one links the two tables.
        let other = relation.isOwningSide ? target : table
        let links = owner.foreignKeys.filter { $0.referencedTable == other.name }.count
            + (owner.name == other.name ? 0 : other.foreignKeys.filter { $0.referencedTable == owner.name }.count)
        if links > 1 {
            arguments.append(.keyword("foreign_keys", .atom(Python.string(attributes(key.columns, of: owner)))))
        }
        // Foreign keys sharing columns give relationships that write the same column; say that it is meant.
        var overlaps: [String] = []
        for other in owner.foreignKeys where other.name != key.name && !Set(other.columns).isDisjoint(with: key.columns) {
            let owning = owner.relations.filter { $0.isOwningSide && $0.foreignKey == other.name }
            let inverse = index.first[other.referencedTable]?.relations
                .filter { !$0.isOwningSide && $0.foreignKey == other.name } ?? []
            for name in (owning + inverse).map(\.pythonName) where !overlaps.contains(name) { overlaps.append(name) }
        }
        if !overlaps.isEmpty {
            arguments.append(.keyword("overlaps", .atom(Python.string(overlaps.joined(separator: ",")))))
        }
        if owner.name == target.name && relation.isOwningSide {
            arguments.append(.keyword("remote_side", .atom(Python.string(attributes(key.referencedColumns, of: target)))))
        }
        if !relation.isOwningSide {
            // The database carries out ON DELETE; the ORM only mirrors it for the objects it has loaded.
            switch key.onDelete {
            case .cascade:
                arguments.append(.keyword("cascade", .atom(Python.string("save-update, merge, delete"))))
                arguments.append(.keyword("passive_deletes", .atom("True")))
            case .setNull:
                arguments.append(.keyword("passive_deletes", .atom("True")))
            case .restrict, .noAction, .setDefault:
                arguments.append(.keyword("passive_deletes", .atom(Python.string("all"))))
            }
        }
        return PythonLayout.lines(.call(imports.from("sqlalchemy.orm", "relationship"), arguments), indent: 4,
                                  prefix: "\(relation.pythonName): Mapped[\(annotation)] = ")
    }
}

/// The schema's tables by name, built once: looking each relation's table up by scanning was quadratic.
struct TableIndex {
    /// The first table of each name.
    var first: [QualifiedName: Table] = [:]
    /// The first table of each name that has a primary key (only those get a mapped class).
    var keyed: [QualifiedName: Table] = [:]

    init(_ tables: [Table]) {
        for table in tables {
            if first[table.name] == nil { first[table.name] = table }
            if table.primaryKey != nil, keyed[table.name] == nil { keyed[table.name] = table }
        }
    }
}

/// Module-level names of the generated file, so a generated variable never rebinds an import, a class or a helper.
struct ModuleNames {
    private var taken: Set<String>

    init(schema: Schema) {
        // The emitter claims the names of its own optional definitions (the inet alias) like any other.
        taken = TargetKeywords.python.union(TargetKeywords.pythonModule).subtracting(["InetAddress"])
        for item in schema.enums { taken.insert(item.names.type) }
        for shape in schema.shapes { taken.insert(shape.name) }
        for table in schema.allTables {
            taken.insert(table.names.type)
            // Class bodies look names up in the class first: a module name equal to an attribute would be shadowed.
            for column in table.columns { taken.insert(column.names.python) }
            for relation in table.relations { taken.insert(relation.pythonName) }
        }
    }

    /// `name`, or `name_`, `name__`... when it is taken; the result is taken from then on.
    mutating func claim(_ name: String) -> String {
        var candidate = String(name.unicodeScalars.map { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) ? Character($0) : "_" })
        if candidate.isEmpty { candidate = "_" }
        if candidate.first?.isNumber == true { candidate = "_" + candidate }
        while taken.contains(candidate) { candidate += "_" }
        taken.insert(candidate)
        return candidate
    }
}

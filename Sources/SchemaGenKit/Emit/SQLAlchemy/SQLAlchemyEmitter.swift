/// SQLAlchemy 2.0 declarative models: `StrEnum`s bound to the PostgreSQL enums, `TypedDict`s for JSON shapes,
/// one mapped class per table with the DDL's exact types, defaults, keys, constraint and index names, comments and
/// relationships, the external tables as plain `Table`s, and an Alembic `include_object` hook.
package struct SQLAlchemyEmitter: Emitter {
    package static let target = Target.sqlalchemy

    /// What `sqlalchemy.mustache` lays out; every statement is already broken into lines.
    package struct Context: Encodable {
        var header: String
        var sourceName: String
        var imports: [String]
        /// Whether a column is `inet`, so the module defines `inetAlias`.
        var hasInet: Bool
        var inetAlias: String
        var hasEnums: Bool
        var enums: [EnumContext]
        /// `UserDefinedType` classes for the types SQLAlchemy has none for, each as its lines.
        var userTypes: [Block]
        /// The `postgresql.DOMAIN` objects, one statement each.
        var domains: [Block]
        var shapes: [ShapeContext]
        var externalTables: [ExternalContext]
        var models: [ModelContext]
        /// Foreign keys added to the metadata after every table (see `needsColumnObjects`), one statement each.
        var lateForeignKeys: [String]
        var hasLateForeignKeys: Bool
        /// Whether the schema declares views, which get a `MetaData` of their own (`viewMetadata`).
        var hasViews: Bool
        var viewMetadata: String
        var views: [ExternalContext]
        /// The condition `include_object` applies to a reflected table that no model maps (`object_.schema is None`).
        var managedSchemaTest: String
        /// The statement binding `partitions`, the set of `(schema, name)` of every partition, which
        /// `include_object` leaves out; no lines when no table is partitioned.
        var partitionLines: [String]
        var hasPartitions: Bool
        /// How the module spells SQLAlchemy's `DeclarativeBase`, `MetaData`, `Table` and `SchemaItem`: bare, or
        /// through their module when a model class has the same name.
        var declarativeBase: String
        var metaData: String
        var tableClass: String
        var schemaItem: String
    }

    /// A top-level statement as its lines.
    struct Block: Encodable {
        var lines: [String]
    }

    struct EnumContext: Encodable {
        var className: String
        var docstring: [String]
        var members: [String]
        var typeObject: [String]
    }

    struct ShapeContext: Encodable {
        var comments: [String]
        var isClass: Bool
        var className: String
        var docstring: [String]
        var fields: [String]
        var isEmpty: Bool
        var functional: [String]
    }

    struct ExternalContext: Encodable {
        var comments: [String]
        var lines: [String]
    }

    struct ModelContext: Encodable {
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
        // Classes the module defines; an import of the same name would be rebound by them.
        var classes = Set(schema.allTables.map(\.names.type))
        classes.formUnion(schema.enums.map(\.names.type))
        classes.formUnion(schema.shapes.map(\.name))
        let imports = PythonImports(shadowed: classes)
        var moduleNames = ModuleNames(schema: schema)
        var enumObjects: [QualifiedName: String] = [:]
        var enumClasses: [QualifiedName: String] = [:]
        for item in schema.enums {
            enumClasses[item.name] = item.names.type
            let qualified = item.name.schema == "public" ? item.name.name : item.name.schema + "_" + item.name.name
            enumObjects[item.name] = moduleNames.claim(Naming.words(qualified).joined(separator: "_") + "_enum")
        }
        var types = SQLAlchemyTypes(imports: imports, enumObjects: enumObjects, enumClasses: enumClasses,
                                    inetAlias: moduleNames.claim("InetAddress"),
                                    sequenceOwners: Dictionary(schema.sequences.compactMap { sequence in
                                        sequence.ownedBy.map { (sequence.name, $0) }
                                    }, uniquingKeysWith: { first, _ in first }))
        let enums = schema.enums.map { enumContext($0, objectName: enumObjects[$0.name] ?? "", imports: imports) }
        // Types without a SQLAlchemy type of their own, in the order the schema first uses them.
        var userTypeOrder: [(key: String, type: ColumnType)] = []
        let usedTypes = schema.domains.map(\.base) + schema.allTables.flatMap { $0.columns.map(\.type) }
        for used in usedTypes {
            guard let key = SQLAlchemyTypes.userTypeKey(used.element), types.userTypes[key] == nil else { continue }
            let name: String
            switch used.element {
            case .declared(let declared): name = className(declared.name, schema.settings.acronyms)
            case .vector: name = "Vector"
            case .xml: name = "XML"
            default: name = className(key, schema.settings.acronyms)
            }
            types.userTypes[key] = moduleNames.claim(name)
            userTypeOrder.append((key, used.element))
        }
        for domain in schema.domains {
            let qualified = domain.name.schema == "public" ? domain.name.name : domain.name.schema + "_" + domain.name.name
            types.domainObjects[domain.name] = moduleNames.claim(Naming.words(qualified).joined(separator: "_") + "_domain")
        }
        let userTypes = userTypeOrder.map { userTypeBlock($0.type, className: types.userTypes[$0.key] ?? "", types: types, imports: imports) }
        let domains = schema.domains.map { domainBlock($0, types: types, imports: imports) }
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

        let lateForeignKeys = schema.tables.flatMap { table in
            table.foreignKeys.filter(Self.needsColumnObjects).flatMap { lateForeignKey($0, of: table, imports: imports, cyclic: cyclic) }
        }
        let partitionLines = partitionSet(schema)
        let viewMetadata = schema.views.isEmpty ? "" : moduleNames.claim("view_metadata")
        let views = schema.views.map { view -> ExternalContext in
            let columns = view.columns.map { column -> PyExpr in
                var arguments: [PyExpr] = [.atom(Python.string(column.name)), .atom(types.sqlalchemy(column.type))]
                if !column.nullable { arguments.append(.keyword("nullable", .atom("False"))) }
                if let comment = column.comment { arguments.append(.keyword("comment", .atom(Python.string(comment)))) }
                return .call(imports.from("sqlalchemy", "Column"), arguments)
            }
            var arguments: [PyExpr] = [.atom(Python.string(view.name.name)), .atom(viewMetadata)] + columns
            if view.name.schema != "public" { arguments.append(.keyword("schema", .atom(Python.string(view.name.schema)))) }
            if let comment = view.comment { arguments.append(.keyword("comment", .atom(Python.string(comment)))) }
            let variable = moduleNames.claim(Naming.words(view.name.schema == "public" ? view.name.name : view.name.schema + "_" + view.name.name)
                .joined(separator: "_"))
            let kind = view.materialized ? "Materialized view" : "View"
            return ExternalContext(comments: Python.comment("\(kind) \(view.name), read-only." + (view.comment.map { " " + $0 } ?? ""), indent: 0),
                                   lines: PythonLayout.lines(.call(imports.from("sqlalchemy", "Table"), arguments),
                                                             indent: 0, prefix: variable + " = "))
        }
        let metaData = views.isEmpty ? "" : imports.from("sqlalchemy", "MetaData")
        let declarativeBase = imports.from("sqlalchemy.orm", "DeclarativeBase")
        let tableClass = imports.from("sqlalchemy", "Table")
        let schemaItem = imports.from("sqlalchemy.schema", "SchemaItem")
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
            hasInet: imports.uses("typing", "TypeAlias"), inetAlias: types.inetAlias,
            hasEnums: !enums.isEmpty, enums: enums, userTypes: userTypes, domains: domains, shapes: shapes, externalTables: externals, models: models,
            lateForeignKeys: lateForeignKeys, hasLateForeignKeys: !lateForeignKeys.isEmpty,
            hasViews: !views.isEmpty, viewMetadata: viewMetadata, views: views,
            managedSchemaTest: managedTest, partitionLines: partitionLines, hasPartitions: !partitionLines.isEmpty,
            declarativeBase: declarativeBase, metaData: metaData, tableClass: tableClass, schemaItem: schemaItem)
    }

    /// `partitions = {(None, "events_2024"), ("archive", "events_2023")}`: the partitions by schema (None for the
    /// default one) and name, as `include_object` sees a reflected table; no lines when no table is partitioned.
    private func partitionSet(_ schema: Schema) -> [String] {
        let partitions = schema.tables.flatMap { $0.partitioning?.partitions ?? [] }
        if partitions.isEmpty { return [] }
        let items = partitions.map { partition -> PyExpr in
            .atom("(\(partition.name.schema == "public" ? "None" : Python.string(partition.name.schema)), \(Python.string(partition.name.name)))")
        }
        return PythonLayout.lines(.brackets(head: "", open: "{", close: "}", items: items, oneTuple: false), indent: 4,
                                  prefix: "partitions: set[tuple[str | None, str]] = ")
    }

    // MARK: Enums, user-defined types, domains and shapes

    /// A class name in the schema's style: PascalCase with its acronyms (`json_path` is `JSONPath`).
    private func className(_ name: String, _ acronyms: [String]) -> String {
        Naming(acronyms: acronyms).pascal(Naming.words(name))
    }

    /// A `UserDefinedType` for a type SQLAlchemy has no class for, spelled as the DDL spells it, and registered with
    /// the PostgreSQL dialect's reflection (as GeoAlchemy registers `geometry`) so Alembic reads the column back as it.
    private func userTypeBlock(_ type: ColumnType, className: String, types: SQLAlchemyTypes, imports: PythonImports) -> Block {
        imports.from("sqlalchemy.types", "UserDefinedType")
        imports.from("typing", "Any")
        imports.from("sqlalchemy.dialects", "postgresql")
        let reflectedName: String
        let python: String
        var lines: [String]
        switch type {
        case .vector:
            reflectedName = "vector"
            python = "list[float]"
            imports.from("collections.abc", "Callable")
            imports.from("sqlalchemy.engine", "Dialect")
            lines = [
                "class \(className)(UserDefinedType[list[float]]):",
                "    \"\"\"pgvector's `vector(n)`: a list of floats, sent and read as its text form `[1,2,3]`.\"\"\"",
                "",
                "    cache_ok = True",
                "",
                "    def __init__(self, dimensions: int | None = None) -> None:",
                "        self.dimensions = dimensions",
                "",
                "    def get_col_spec(self, **kw: Any) -> str:",
                "        if self.dimensions is None:",
                "            return \"vector\"",
                "        return f\"vector({self.dimensions})\"",
                "",
                "    def bind_processor(",
                "        self, dialect: Dialect",
                "    ) -> Callable[[list[float] | None], str | None]:",
                "        def process(value: list[float] | None) -> str | None:",
                "            if value is None:",
                "                return None",
                "            return \"[\" + \",\".join(repr(float(item)) for item in value) + \"]\"",
                "",
                "        return process",
                "",
                "    def result_processor(",
                "        self, dialect: Dialect, coltype: object",
                "    ) -> Callable[[Any], list[float] | None]:",
                "        def process(value: Any) -> list[float] | None:",
                "            if value is None:",
                "                return None",
                "            if isinstance(value, str):",
                "                return [float(item) for item in value.strip(\"[]\").split(\",\") if item]",
                "            return [float(item) for item in value]",
                "",
                "        return process",
            ]
        default:
            let sql: String
            let about: String
            switch type {
            case .declared(let declared):
                sql = declared.sql
                python = types.python(type)
                about = "The declared type `\(declared.name)`" + (declared.comment.map { ": " + $0 } ?? "")
            default:
                sql = type.sqlName
                python = "str"
                about = "PostgreSQL's `\(sql)`, which SQLAlchemy has no type for; psycopg reads it as text"
            }
            reflectedName = Self.reflectedName(sql)
            lines = [
                "class \(className)(UserDefinedType[\(python)]):",
                "    " + Python.docstring(about.hasSuffix(".") ? about : about + ".", indent: 4),
                "",
                "    cache_ok = True",
                "",
            ]
            if sql.contains("(") {
                lines += [
                    "    def __init__(self, *modifiers: object) -> None:",
                    "        # Reflection passes the modifiers, which the SQL spelling already holds.",
                    "        self.modifiers = modifiers",
                    "",
                ]
            }
            lines += [
                "    def get_col_spec(self, **kw: Any) -> str:",
                "        return \(Python.string(sql))",
            ]
        }
        _ = python
        lines += ["", "", "postgresql.base.ischema_names.setdefault(\(Python.string(reflectedName)), \(className))"]
        return Block(lines: lines)
    }

    /// The name SQLAlchemy's reflection looks a type up by: `format_type` without modifiers, lower-cased, and without
    /// a `public.` that the search path makes PostgreSQL leave out.
    static func reflectedName(_ sql: String) -> String {
        var name = sql
        if let open = name.firstIndex(of: "(") { name = String(name[..<open]) }
        name = name.trimmingCharacters(in: .whitespaces).lowercased()
        if name.hasPrefix("public.") { name = String(name.dropFirst("public.".count)) }
        return name
    }

    /// `email_domain = postgresql.DOMAIN("email", Text, create_type=False)`: the DDL creates the domain.
    private func domainBlock(_ domain: Domain, types: SQLAlchemyTypes, imports: PythonImports) -> Block {
        imports.from("sqlalchemy.dialects", "postgresql")
        var arguments: [PyExpr] = [.atom(Python.string(domain.name.name)), .atom(types.sqlalchemy(domain.base))]
        if domain.name.schema != "public" {
            arguments.append(.keyword("schema", .atom(Python.string(domain.name.schema))))
        }
        if !domain.nullable { arguments.append(.keyword("not_null", .atom("True"))) }
        arguments.append(.keyword("create_type", .atom("False")))
        let object = types.domainObjects[domain.name] ?? ""
        return Block(lines: PythonLayout.lines(.call("postgresql.DOMAIN", arguments), indent: 0, prefix: object + " = "))
    }

    private func enumContext(_ item: EnumType, objectName: String, imports: PythonImports) -> EnumContext {
        imports.module("enum")
        let members = zip(item.values, item.valueNames).map { value, names in "\(names.python) = \(Python.string(value))" }
        var arguments: [PyExpr] = [.atom(item.names.type), .keyword("name", .atom(Python.string(item.name.name)))]
        if item.name.schema != "public" {
            arguments.append(.keyword("schema", .atom(Python.string(item.name.schema))))
        }
        arguments += [.keyword("create_type", .atom("False")), .keyword("values_callable", .atom("_enum_values"))]
        imports.from("sqlalchemy.dialects", "postgresql")
        return EnumContext(className: item.names.type, docstring: item.documentation.map { [Python.docstring($0, indent: 4)] } ?? [],
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
            return ExternalContext(comments: table.documentation.map { Python.comment($0, indent: 0) } ?? [],
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
                                comments: table.documentation.map { Python.comment($0, indent: 0) } ?? [],
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
        let relationships = table.relations.filter(\.inSQLAlchemy).flatMap { relationLines($0, in: table, index: index, imports: imports) }
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
                            docstring: table.documentation.map { [Python.docstring($0, indent: 4)] } ?? [],
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
        if let expression = column.generated {
            arguments.append(.call(imports.from("sqlalchemy", "Computed"),
                                   [.atom(Python.sqlString(expression)), .keyword("persisted", .atom("True"))]))
        }
        for key in table.foreignKeys where key.columns == [column.name] && !Self.needsColumnObjects(key) {
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
        // The attribute's docstring, when the code's documentation is not the database comment.
        if let documentation = ProtectedColumnNote.documentation(column), documentation != column.comment {
            arguments.append(.keyword("doc", .atom(Python.string(documentation))))
        }
        // SQLAlchemy has no insert or update type to leave the column out of; `info` lets code (a Pydantic schema
        // of client input, an admin form) find it.
        if column.isProtected {
            arguments.append(.keyword("info", .atom("{\(Python.string("protected")): True}")))
        }
        return arguments
    }

    /// `schema` and `comment` of a table, as literals.
    private func tableOptions(_ table: Table) -> [(key: String, value: String)] {
        var options: [(key: String, value: String)] = []
        if table.name.schema != "public" { options.append(("schema", Python.string(table.name.schema))) }
        if let comment = table.comment { options.append(("comment", Python.string(comment))) }
        if let partitioning = table.partitioning {
            // `CREATE TABLE ... PARTITION BY` when SQLAlchemy creates the table; the partitions are schema.sql's.
            let keys = partitioning.keys.map { $0.column.map(SQLSyntax.quoteIdent) ?? $0.expression ?? "" }
            options.append(("postgresql_partition_by", Python.string("\(partitioning.strategy.sql) (\(keys.joined(separator: ", ")))")))
        }
        return options
    }

    /// Composite keys, constraints and indexes by the DDL's names.
    private func tableItems(_ table: Table, imports: PythonImports, cyclic: Set<String>) -> [PyExpr] {
        var items: [PyExpr] = []
        func strings(_ names: [String]) -> [PyExpr] { names.map { .atom(Python.string($0)) } }
        // A one-column key is `primary_key=True` on its column, left unnamed, so PostgreSQL names it `<table>_pkey`.
        if let key = table.primaryKey, key.columns.count > 1 || key.name != "\(table.name.name)_pkey" {
            items.append(.call(imports.from("sqlalchemy", "PrimaryKeyConstraint"),
                               strings(key.columns) + [.keyword("name", .atom(Python.string(key.name)))]))
        }
        for key in table.foreignKeys where key.columns.count > 1 && !Self.needsColumnObjects(key) {
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
                    let sql = expression + (part.opclass.map { " " + $0 } ?? "") + (part.descending ? " DESC" : "")
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

    /// Whether a referenced name holds a dot: `ForeignKey("schema.table.column")` splits its string at every dot,
    /// so such a key names the referenced columns as objects, added once every table is in the metadata.
    static func needsColumnObjects(_ key: ForeignKey) -> Bool {
        key.referencedTable.schema.contains(".") || key.referencedTable.name.contains(".")
            || key.referencedColumns.contains { $0.contains(".") }
    }

    /// `Base.metadata.tables[...].append_constraint(ForeignKeyConstraint(...))` with the referenced columns as objects.
    private func lateForeignKey(_ key: ForeignKey, of table: Table, imports: PythonImports, cyclic: Set<String>) -> [String] {
        func metadataTable(_ name: QualifiedName) -> String {
            "Base.metadata.tables[" + Python.string(name.schema == "public" ? name.name : name.schema + "." + name.name) + "]"
        }
        let local = PyExpr.brackets(head: "", open: "[", close: "]", items: key.columns.map { .atom(Python.string($0)) }, oneTuple: false)
        let remote = PyExpr.brackets(head: "", open: "[", close: "]",
                                     items: key.referencedColumns.map { .atom(metadataTable(key.referencedTable) + ".c[" + Python.string($0) + "]") },
                                     oneTuple: false)
        let constraint = PyExpr.call(imports.from("sqlalchemy", "ForeignKeyConstraint"),
                                     [local, remote] + actions(key, of: table, cyclic: cyclic) + [.keyword("name", .atom(Python.string(key.name)))])
        return PythonLayout.lines(.call(metadataTable(table.name) + ".append_constraint", [constraint]), indent: 0, prefix: "")
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
            let owning = owner.relations.filter { $0.isOwningSide && $0.foreignKey == other.name && $0.inSQLAlchemy }
            let inverse = index.first[other.referencedTable]?.relations
                .filter { !$0.isOwningSide && $0.foreignKey == other.name && $0.inSQLAlchemy } ?? []
            for name in (owning + inverse).map(\.pythonName) where !overlaps.contains(name) { overlaps.append(name) }
        }
        if !overlaps.isEmpty {
            arguments.append(.keyword("overlaps", .atom(Python.string(overlaps.joined(separator: ",")))))
        }
        if owner.name == target.name && relation.isOwningSide {
            arguments.append(.keyword("remote_side", .atom(Python.string(attributes(key.referencedColumns, of: target)))))
        }
        var cascade: String?
        var passiveDeletes: String?
        if !relation.isOwningSide {
            // The database carries out ON DELETE; the ORM only mirrors it for the objects it has loaded.
            switch key.onDelete {
            case .cascade:
                cascade = "save-update, merge, delete"
                passiveDeletes = "true"
            case .setNull:
                passiveDeletes = "true"
            case .restrict, .noAction, .setDefault:
                passiveDeletes = "all"
            }
        }
        if let options = relation.sqlalchemy {
            if let lazy = options.lazy { arguments.append(.keyword("lazy", .atom(Python.string(lazy)))) }
            cascade = options.cascade ?? cascade
            passiveDeletes = options.passiveDeletes ?? passiveDeletes
        }
        if let cascade { arguments.append(.keyword("cascade", .atom(Python.string(cascade)))) }
        switch passiveDeletes {
        case "true": arguments.append(.keyword("passive_deletes", .atom("True")))
        case "false": arguments.append(.keyword("passive_deletes", .atom("False")))
        case let value?: arguments.append(.keyword("passive_deletes", .atom(Python.string(value))))
        case nil: break
        }
        // A collection loaded as a query or write-only is annotated as such (SQLAlchemy refuses `Mapped[list]`).
        var mapped = "Mapped[\(annotation)]"
        switch relation.sqlalchemy?.lazy {
        case "dynamic": mapped = imports.from("sqlalchemy.orm", "DynamicMapped") + "[\"\(target.names.type)\"]"
        case "write_only": mapped = imports.from("sqlalchemy.orm", "WriteOnlyMapped") + "[\"\(target.names.type)\"]"
        default: break
        }
        return PythonLayout.lines(.call(imports.from("sqlalchemy.orm", "relationship"), arguments), indent: 4,
                                  prefix: "\(relation.pythonName): \(mapped) = ")
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
        var candidate = Naming.pythonIdentifierText(name)
        if candidate.isEmpty { candidate = "_" }
        if candidate.first?.isNumber == true { candidate = "_" + candidate }
        // Inside a class body Python mangles `__name` to `_Class__name`, so a module-level `__id_enum` used in a
        // model's `mapped_column(...)` would not be found.
        if candidate.hasPrefix("__") { candidate = "x" + candidate }
        while taken.contains(candidate) { candidate += "_" }
        taken.insert(candidate)
        return candidate
    }
}

// MARK: Template values

// The context as the template engine reads it. Every stored property is a field; `MustacheTests` checks that
// these values equal what the properties encode to, for every fixture.

extension SQLAlchemyEmitter.Context: MustacheRepresentable {
    private static let fields = [
        "header", "sourceName", "imports", "hasInet", "inetAlias", "hasEnums", "enums", "userTypes", "domains",
        "shapes", "externalTables", "models", "lateForeignKeys", "hasLateForeignKeys", "hasViews", "viewMetadata",
        "views", "managedSchemaTest", "partitionLines", "hasPartitions", "declarativeBase", "metaData", "tableClass",
        "schemaItem",
    ]

    package var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [
            .string(header),
            .string(sourceName),
            .strings(imports),
            .bool(hasInet),
            .string(inetAlias),
            .bool(hasEnums),
            .list(enums.map(\.mustacheValue)),
            .list(userTypes.map(\.mustacheValue)),
            .list(domains.map(\.mustacheValue)),
            .list(shapes.map(\.mustacheValue)),
            .list(externalTables.map(\.mustacheValue)),
            .list(models.map(\.mustacheValue)),
            .strings(lateForeignKeys),
            .bool(hasLateForeignKeys),
            .bool(hasViews),
            .string(viewMetadata),
            .list(views.map(\.mustacheValue)),
            .string(managedSchemaTest),
            .strings(partitionLines),
            .bool(hasPartitions),
            .string(declarativeBase),
            .string(metaData),
            .string(tableClass),
            .string(schemaItem),
        ])
    }
}

extension SQLAlchemyEmitter.Block: MustacheRepresentable {
    private static let fields = ["lines"]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [.strings(lines)])
    }
}

extension SQLAlchemyEmitter.EnumContext: MustacheRepresentable {
    private static let fields = ["className", "docstring", "members", "typeObject"]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [
            .string(className),
            .strings(docstring),
            .strings(members),
            .strings(typeObject),
        ])
    }
}

extension SQLAlchemyEmitter.ShapeContext: MustacheRepresentable {
    private static let fields = ["comments", "isClass", "className", "docstring", "fields", "isEmpty", "functional"]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [
            .strings(comments),
            .bool(isClass),
            .string(className),
            .strings(docstring),
            .strings(fields),
            .bool(isEmpty),
            .strings(functional),
        ])
    }
}

extension SQLAlchemyEmitter.ExternalContext: MustacheRepresentable {
    private static let fields = ["comments", "lines"]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [.strings(comments), .strings(lines)])
    }
}

extension SQLAlchemyEmitter.ModelContext: MustacheRepresentable {
    private static let fields = [
        "isClass", "className", "docstring", "tableName", "tableArgs", "columns", "relationships",
        "hasRelationships", "comments", "tableLines",
    ]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [
            .bool(isClass),
            .string(className),
            .strings(docstring),
            .string(tableName),
            .strings(tableArgs),
            .strings(columns),
            .strings(relationships),
            .bool(hasRelationships),
            .strings(comments),
            .strings(tableLines),
        ])
    }
}

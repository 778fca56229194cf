/// PostgreSQL DDL: schemas, enums, tables, foreign keys (after every table, so cycles work), indexes, comments, raw SQL.
package struct SQLEmitter: Emitter {
    package static let target = Target.sql

    package struct Context {
        var header: String
        var schemas: [String]
        var extensions: [String]
        var enums: [EnumContext]
        var sequences: [String]
        /// `ALTER SEQUENCE ... OWNED BY`, after the tables it names.
        var sequenceOwners: [String]
        var tables: [TableContext]
        var foreignKeys: [String]
        var indexes: [String]
        /// Views in dependency order, after the tables, foreign keys and indexes.
        var views: [String]
        var comments: [String]
        /// Raw blocks placed before the tables, then those at the end, each as a marker (see `VerbatimSQL`).
        var rawBeforeTables: [RawContext]
        var rawSQL: [RawContext]
        var hasIndexes: Bool
        var hasComments: Bool
    }

    struct EnumContext { var name: String; var values: String }
    struct TableContext { var name: String; var lines: [Line] }
    struct Line { var text: String; var last: Bool }
    struct RawContext { var name: String; var sql: String }

    package init() {}

    package func context(for schema: Schema) -> Context {
        var foreignKeys: [String] = []
        var indexes: [String] = []
        var comments: [String] = []
        for item in schema.enums {
            if let comment = item.comment {
                comments.append("COMMENT ON TYPE \(SQLSyntax.qualified(item.name)) IS \(SQLSyntax.literal(comment));")
            }
        }
        for item in schema.sequences {
            if let comment = item.comment {
                comments.append("COMMENT ON SEQUENCE \(SQLSyntax.qualified(item.name)) IS \(SQLSyntax.literal(comment));")
            }
        }
        let tables = schema.tables.map { table -> TableContext in
            let qualified = SQLSyntax.qualified(table.name)
            var lines = table.columns.map(columnDefinition)
            if let key = table.primaryKey {
                lines.append("CONSTRAINT \(SQLSyntax.quoteIdent(key.name)) PRIMARY KEY (\(list(key.columns)))")
            }
            for unique in table.uniques {
                let nulls = unique.nullsNotDistinct ? " NULLS NOT DISTINCT" : ""
                lines.append("CONSTRAINT \(SQLSyntax.quoteIdent(unique.name)) UNIQUE\(nulls) (\(list(unique.columns)))")
            }
            for check in table.checks {
                lines.append("CONSTRAINT \(SQLSyntax.quoteIdent(check.name)) CHECK (\(check.expression))")
            }
            for key in table.foreignKeys {
                var text = "ALTER TABLE ONLY \(qualified)\n    ADD CONSTRAINT \(SQLSyntax.quoteIdent(key.name)) FOREIGN KEY (\(list(key.columns)))"
                text += " REFERENCES \(SQLSyntax.qualified(key.referencedTable))(\(list(key.referencedColumns)))"
                if key.onUpdate != .noAction { text += " ON UPDATE \(key.onUpdate.sql)" }
                if key.onDelete != .noAction { text += " ON DELETE \(key.onDelete.sql)" }
                foreignKeys.append(text + ";")
            }
            for index in table.indexes {
                indexes.append(indexStatement(index, table: qualified))
            }
            if let comment = table.comment {
                comments.append("COMMENT ON TABLE \(qualified) IS \(SQLSyntax.literal(comment));")
            }
            for column in table.columns {
                if let comment = column.comment {
                    comments.append("COMMENT ON COLUMN \(qualified).\(SQLSyntax.quoteIdent(column.name)) IS \(SQLSyntax.literal(comment));")
                }
            }
            return TableContext(name: qualified, lines: lines.enumerated().map { Line(text: $0.element, last: $0.offset == lines.count - 1) })
        }
        var views: [String] = []
        for view in schema.views {
            let qualified = SQLSyntax.qualified(view.name)
            if view.materialized {
                views.append("CREATE MATERIALIZED VIEW \(qualified) AS\n\(view.sql)\n\(view.withData ? "WITH DATA" : "WITH NO DATA");")
            } else {
                let options = view.securityInvoker ? " WITH (security_invoker = true)" : ""
                views.append("CREATE VIEW \(qualified)\(options) AS\n\(view.sql);")
            }
            let kind = view.materialized ? "MATERIALIZED VIEW" : "VIEW"
            if let comment = view.comment {
                comments.append("COMMENT ON \(kind) \(qualified) IS \(SQLSyntax.literal(comment));")
            }
            for column in view.columns {
                if let comment = column.comment {
                    comments.append("COMMENT ON COLUMN \(qualified).\(SQLSyntax.quoteIdent(column.name)) IS \(SQLSyntax.literal(comment));")
                }
            }
        }
        return Context(
            header: GeneratedHeader(commentPrefix: "--").render(for: schema),
            schemas: schema.createdSchemas.map(SQLSyntax.quoteIdent),
            extensions: schema.extensions.map(extensionStatement),
            enums: schema.enums.map { EnumContext(name: SQLSyntax.qualified($0.name), values: $0.values.map(SQLSyntax.literal).joined(separator: ", ")) },
            sequences: schema.sequences.map(sequenceStatement),
            sequenceOwners: schema.sequences.compactMap { sequence in
                sequence.ownedBy.map {
                    "ALTER SEQUENCE \(SQLSyntax.qualified(sequence.name)) OWNED BY \(SQLSyntax.qualified($0.table)).\(SQLSyntax.quoteIdent($0.column));"
                }
            },
            tables: tables, foreignKeys: foreignKeys, indexes: indexes, views: views, comments: comments,
            rawBeforeTables: raw(schema, .beforeTables), rawSQL: raw(schema, .afterTables),
            hasIndexes: !indexes.isEmpty, hasComments: !comments.isEmpty)
    }

    private func extensionStatement(_ item: Extension) -> String {
        var text = "CREATE EXTENSION IF NOT EXISTS \(SQLSyntax.quoteIdent(item.name))"
        if let schema = item.schema { text += " WITH SCHEMA \(SQLSyntax.quoteIdent(schema))" }
        if let version = item.version { text += " VERSION \(SQLSyntax.literal(version))" }
        return text + ";"
    }

    private func sequenceStatement(_ item: SequenceObject) -> String {
        var text = "CREATE SEQUENCE \(SQLSyntax.qualified(item.name)) AS \(item.dataType.sqlName)"
        if let value = item.increment { text += " INCREMENT BY \(value)" }
        if let value = item.minValue { text += " MINVALUE \(value)" }
        if let value = item.maxValue { text += " MAXVALUE \(value)" }
        if let value = item.start { text += " START WITH \(value)" }
        if let value = item.cache { text += " CACHE \(value)" }
        if item.cycle { text += " CYCLE" }
        return text + ";"
    }

    private func raw(_ schema: Schema, _ placement: RawSQLBlock.Placement) -> [RawContext] {
        schema.rawSQL.enumerated().filter { $0.element.placement == placement }.map {
            RawContext(name: $0.element.name, sql: VerbatimSQL.marker($0.offset, in: schema))
        }
    }

    private func columnDefinition(_ column: Column) -> String {
        var text = "\(SQLSyntax.quoteIdent(column.name)) \(SQLDefault.type(column.type))"
        if let identity = column.identity {
            text += identity == .always ? " GENERATED ALWAYS AS IDENTITY" : " GENERATED BY DEFAULT AS IDENTITY"
        }
        if let value = SQLDefault.expression(for: column) {
            // A raw expression is parenthesised: DEFAULT takes only a restricted expression (no AND, IS, ...).
            if case .sql = column.defaultValue { text += " DEFAULT (\(value))" } else { text += " DEFAULT \(value)" }
        }
        if !column.nullable { text += " NOT NULL" }
        return text
    }

    private func indexStatement(_ index: Index, table: String) -> String {
        let parts = index.parts.map { part -> String in
            var text = part.column.map(SQLSyntax.quoteIdent) ?? part.expression ?? ""
            if let opclass = part.opclass { text += " \(opclass)" }
            if part.descending { text += " DESC" }
            return text
        }
        var text = "CREATE \(index.unique ? "UNIQUE " : "")INDEX \(SQLSyntax.quoteIdent(index.name)) ON \(table)"
        if index.method != "btree" { text += " USING \(index.method)" }
        text += " (\(parts.joined(separator: ", ")))"
        if let predicate = index.predicate { text += " WHERE (\(predicate))" }
        return text + ";"
    }

    private func list(_ columns: [String]) -> String {
        columns.map(SQLSyntax.quoteIdent).joined(separator: ", ")
    }
}

/// PostgreSQL DDL: schemas, enums, tables, foreign keys (after every table, so cycles work), indexes, comments, raw SQL.
package struct SQLEmitter: Emitter {
    package static let target = Target.sql

    package struct Context {
        var header: String
        var schemas: [String]
        var enums: [EnumContext]
        var tables: [TableContext]
        var foreignKeys: [String]
        var indexes: [String]
        var comments: [String]
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
        let tables = schema.tables.map { table -> TableContext in
            let qualified = SQLSyntax.qualified(table.name)
            var lines = table.columns.map(SQLDefinitions.column)
            if let key = table.primaryKey { lines.append(SQLDefinitions.primaryKey(key)) }
            lines += table.uniques.map(SQLDefinitions.unique)
            lines += table.checks.map(SQLDefinitions.check)
            for key in table.foreignKeys {
                foreignKeys.append("ALTER TABLE ONLY \(qualified)\n    ADD \(SQLDefinitions.foreignKey(key));")
            }
            for index in table.indexes {
                indexes.append(SQLDefinitions.createIndex(index, table: qualified))
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
        return Context(
            header: GeneratedHeader(commentPrefix: "--").render(for: schema),
            schemas: schema.createdSchemas.map(SQLSyntax.quoteIdent),
            enums: schema.enums.map { EnumContext(name: SQLSyntax.qualified($0.name), values: $0.values.map(SQLSyntax.literal).joined(separator: ", ")) },
            tables: tables, foreignKeys: foreignKeys, indexes: indexes, comments: comments,
            rawSQL: schema.rawSQL.filter { $0.placement == .schema }.map { RawContext(name: $0.name, sql: $0.sql.hasSuffix("\n") ? String($0.sql.dropLast()) : $0.sql) },
            hasIndexes: !indexes.isEmpty, hasComments: !comments.isEmpty)
    }
}

/// PostgreSQL DDL: schemas, enums, tables, foreign keys (after every table, so cycles work), indexes, comments, raw SQL.
package struct SQLEmitter: Emitter {
    package static let target = Target.sql

    package struct Context: Encodable {
        var header: String
        var schemas: [String]
        var extensions: [String]
        var enums: [EnumContext]
        /// `CREATE DOMAIN` statements, after the enums (a domain may be over one) and before the tables.
        var domains: [String]
        var sequences: [String]
        /// `ALTER SEQUENCE ... OWNED BY`, after the tables it names.
        var sequenceOwners: [String]
        var tables: [TableContext]
        /// `CREATE TABLE ... PARTITION OF ...` statements, after every table.
        var partitions: [String]
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

    struct EnumContext: Encodable { var name: String; var values: String }
    /// A table; `suffix` is its ` PARTITION BY ...` clause, if it is partitioned.
    struct TableContext: Encodable { var name: String; var lines: [Line]; var suffix: String }
    struct Line: Encodable { var text: String; var last: Bool }
    struct RawContext: Encodable { var name: String; var sql: String }

    /// SHA-256 of the templates the output is rendered with, recorded in the header (`TemplateSet.fingerprint`).
    package var templatesHash: String

    package init(templatesHash: String = "") { self.templatesHash = templatesHash }

    package func context(for schema: Schema) -> Context {
        var foreignKeys: [String] = []
        var indexes: [String] = []
        var comments: [String] = []
        var partitions: [String] = []
        for item in schema.enums {
            if let comment = item.comment {
                comments.append("COMMENT ON TYPE \(SQLSyntax.qualified(item.name)) IS \(SQLSyntax.literal(comment));")
            }
        }
        let domains = schema.domains.map { domain -> String in
            if let comment = domain.comment {
                comments.append("COMMENT ON DOMAIN \(SQLSyntax.qualified(domain.name)) IS \(SQLSyntax.literal(comment));")
            }
            return SQLDefinitions.createDomain(domain)
        }
        for item in schema.sequences {
            if let comment = item.comment {
                comments.append("COMMENT ON SEQUENCE \(SQLSyntax.qualified(item.name)) IS \(SQLSyntax.literal(comment));")
            }
        }
        let tables = schema.tables.map { table -> TableContext in
            let qualified = SQLSyntax.qualified(table.name)
            var lines = table.columns.map(SQLDefinitions.column)
            if let key = table.primaryKey { lines.append(SQLDefinitions.primaryKey(key)) }
            lines += table.uniques.map(SQLDefinitions.unique)
            lines += table.checks.map(SQLDefinitions.check)
            for key in table.foreignKeys {
                // ONLY keeps a plain table's children out of it; a partitioned table's key must reach its partitions.
                let only = table.partitioning == nil ? "ONLY " : ""
                foreignKeys.append("ALTER TABLE \(only)\(qualified)\n    ADD \(SQLDefinitions.foreignKey(key));")
            }
            for index in table.indexes {
                indexes.append(SQLDefinitions.createIndex(index, table: qualified))
            }
            if let comment = table.comment {
                comments.append("COMMENT ON TABLE \(qualified) IS \(SQLSyntax.literal(comment));")
            }
            var suffix = ""
            if let partitioning = table.partitioning {
                suffix = SQLDefinitions.partitionBy(partitioning)
                for partition in partitioning.partitions {
                    let name = SQLSyntax.qualified(partition.name)
                    partitions.append(SQLDefinitions.createPartition(partition, of: table.name))
                    if let comment = partition.comment {
                        comments.append("COMMENT ON TABLE \(name) IS \(SQLSyntax.literal(comment));")
                    }
                }
            }
            for column in table.columns {
                if let comment = column.comment {
                    comments.append("COMMENT ON COLUMN \(qualified).\(SQLSyntax.quoteIdent(column.name)) IS \(SQLSyntax.literal(comment));")
                }
            }
            return TableContext(name: qualified, lines: lines.enumerated().map { Line(text: $0.element, last: $0.offset == lines.count - 1) },
                                suffix: suffix)
        }
        var views: [String] = []
        for view in schema.views {
            let qualified = SQLSyntax.qualified(view.name)
            views.append(SQLDefinitions.createView(view))
            let kind = SQLDefinitions.viewKind(view)
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
            header: GeneratedHeader(commentPrefix: "--", templatesHash: templatesHash).render(for: schema),
            schemas: schema.createdSchemas.map(SQLSyntax.quoteIdent),
            extensions: schema.extensions.map(SQLDefinitions.createExtension),
            enums: schema.enums.map { EnumContext(name: SQLSyntax.qualified($0.name), values: $0.values.map(SQLSyntax.literal).joined(separator: ", ")) },
            domains: domains,
            sequences: schema.sequences.map(SQLDefinitions.createSequence),
            sequenceOwners: schema.sequences.compactMap { sequence in
                sequence.ownedBy.map { SQLDefinitions.sequenceOwner(sequence.name, $0) }
            },
            tables: tables, partitions: partitions, foreignKeys: foreignKeys, indexes: indexes, views: views, comments: comments,
            rawBeforeTables: raw(schema, .beforeTables), rawSQL: raw(schema, .afterTables),
            hasIndexes: !indexes.isEmpty, hasComments: !comments.isEmpty)
    }

    private func raw(_ schema: Schema, _ placement: RawSQLBlock.Placement) -> [RawContext] {
        schema.rawSQL.enumerated().filter { $0.element.placement == placement }.map {
            RawContext(name: $0.element.name, sql: VerbatimSQL.marker($0.offset, in: schema))
        }
    }

    /// A partition's bound clause.
    static func bound(_ bound: PartitionBound) -> String { SQLDefinitions.partitionBound(bound) }
}

// MARK: Template values

// The context as the template engine reads it. Every stored property is a field; `MustacheTests` checks that
// these values equal what the properties encode to, for every fixture.

extension SQLEmitter.EnumContext: MustacheRepresentable {
    private static let fields = ["name", "values"]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [.string(name), .string(values)])
    }
}

extension SQLEmitter.TableContext: MustacheRepresentable {
    private static let fields = ["name", "lines", "suffix"]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [
            .string(name),
            .list(lines.map(\.mustacheValue)),
            .string(suffix),
        ])
    }
}

extension SQLEmitter.Line: MustacheRepresentable {
    private static let fields = ["text", "last"]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [.string(text), .bool(last)])
    }
}

extension SQLEmitter.RawContext: MustacheRepresentable {
    private static let fields = ["name", "sql"]

    var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [.string(name), .string(sql)])
    }
}

extension SQLEmitter.Context: MustacheRepresentable {
    private static let fields = [
        "header", "schemas", "extensions", "enums", "domains", "sequences", "sequenceOwners", "tables", "partitions",
        "foreignKeys", "indexes", "views", "comments", "rawBeforeTables", "rawSQL", "hasIndexes", "hasComments",
    ]

    package var mustacheValue: MustacheValue {
        .object(Self.self, keys: Self.fields, values: [
            .string(header),
            .strings(schemas),
            .strings(extensions),
            .list(enums.map(\.mustacheValue)),
            .strings(domains),
            .strings(sequences),
            .strings(sequenceOwners),
            .list(tables.map(\.mustacheValue)),
            .strings(partitions),
            .strings(foreignKeys),
            .strings(indexes),
            .strings(views),
            .strings(comments),
            .list(rawBeforeTables.map(\.mustacheValue)),
            .list(rawSQL.map(\.mustacheValue)),
            .bool(hasIndexes),
            .bool(hasComments),
        ])
    }
}

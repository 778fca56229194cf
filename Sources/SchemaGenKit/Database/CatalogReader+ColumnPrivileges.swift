import Foundation

/// Protected columns, read back from the clients' column privileges: a table where `anon` and `authenticated` have
/// no table-level INSERT or UPDATE but have them on some columns (what `rls.sql` grants for `protected: true`) has
/// its other, not generated, columns protected.
extension CatalogReader {
    /// The oids of the tables whose client writes are granted per column, for a query on `$1` (the schemas).
    static let narrowedTablesQuery = """
        SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[])
          AND (SELECT count(*) FROM pg_roles WHERE rolname IN ('anon', 'authenticated')) = 2
          AND NOT EXISTS (SELECT 1 FROM aclexplode(CASE WHEN cardinality(c.relacl) > 0 THEN c.relacl END) a JOIN pg_roles ro ON ro.oid = a.grantee
                          WHERE ro.rolname IN ('anon', 'authenticated') AND a.privilege_type IN ('INSERT', 'UPDATE'))
          AND EXISTS (SELECT 1 FROM pg_attribute at CROSS JOIN LATERAL aclexplode(CASE WHEN cardinality(at.attacl) > 0 THEN at.attacl END) a JOIN pg_roles ro ON ro.oid = a.grantee
                      WHERE at.attrelid = c.oid AND at.attnum > 0 AND NOT at.attisdropped
                        AND ro.rolname IN ('anon', 'authenticated') AND a.privilege_type IN ('INSERT', 'UPDATE'))
        """

    /// `[schema, table, column]` of every protected column, as JSON.
    static let protectedColumnsQuery = """
        SELECT coalesce(json_agg(json_build_array(n.nspname, c.relname, at.attname) ORDER BY n.nspname, c.relname, at.attnum),
                        '[]'::json)::text
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute at ON at.attrelid = c.oid AND at.attnum > 0 AND NOT at.attisdropped AND at.attgenerated = ''
        WHERE c.oid IN (\(narrowedTablesQuery))
          AND NOT EXISTS (SELECT 1 FROM aclexplode(CASE WHEN cardinality(at.attacl) > 0 THEN at.attacl END) a JOIN pg_roles ro ON ro.oid = a.grantee
                          WHERE ro.rolname IN ('anon', 'authenticated') AND a.privilege_type IN ('INSERT', 'UPDATE'))
        """

    /// Marks the protected columns of `tables`.
    static func markProtectedColumns(_ tables: inout [DatabaseCatalog.Table], rows: [[String]]) {
        let protected = Set(rows.filter { $0.count == 3 }.map { $0.joined(separator: "\u{1F}") })
        guard !protected.isEmpty else { return }
        for t in tables.indices {
            for c in tables[t].columns.indices
            where protected.contains([tables[t].schema, tables[t].name, tables[t].columns[c].name].joined(separator: "\u{1F}")) {
                tables[t].columns[c].protected = true
            }
        }
    }
}

import Foundation

/// Reads the objects of some schemas from `pg_catalog` into a `DatabaseCatalog`.
///
/// Every query returns one JSON document. The session's `search_path` is `pg_catalog` only, so PostgreSQL writes every
/// name outside it with its schema (`public.job_status`, `nextval('public.orders_id_seq'::regclass)`): the text is
/// the same whatever search path the database or role has, and the same again when the schema is pulled twice.
public enum CatalogReader {
    /// Schemas Supabase (and PostgreSQL) manage: never pulled as tables; what pulled tables reference there becomes
    /// `external:`.
    public static let managedSchemas: Set<String> = [
        "auth", "storage", "realtime", "_realtime", "extensions", "graphql", "graphql_public", "pgsodium",
        "pgsodium_masks", "vault", "supabase_functions", "supabase_migrations", "net", "cron", "pgbouncer",
        "_analytics", "pgtle", "information_schema", "pg_catalog", "pg_toast",
    ]

    /// Reads the catalog of `schemas`.
    public static func read(_ connection: PostgresConnection, schemas: [String]) throws -> DatabaseCatalog {
        // JIT off: the planner's cost for these catalog queries passes jit_above_cost, and compiling them takes
        // seconds on a server built with LLVM while running them takes milliseconds.
        try connection.execute("SET search_path = pg_catalog; SET TIME ZONE 'UTC'; SET jit = off")
        let list = "{" + schemas.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"") + "\"" }.joined(separator: ",") + "}"
        func fetch<T: Decodable>(_ sql: String, _ type: T.Type) throws -> T {
            let text = try connection.scalar(sql, [list]) ?? "[]"
            do {
                return try JSONDecoder().decode(T.self, from: Data(text.utf8))
            } catch {
                throw PostgresError(kind: .statement, message: "cannot read the catalog (\(T.self)): \(error)")
            }
        }
        var tables = try fetch(tablesQuery, [DatabaseCatalog.Table].self)
        let external = try fetch(externalQuery, [DatabaseCatalog.ExternalTable].self)
        markProtectedColumns(&tables, rows: try fetch(protectedColumnsQuery, [[String]].self))
        tables.sort { ($0.schema, $0.name) < ($1.schema, $1.name) }
        let comments = try fetch(schemaCommentsQuery, [[String]].self)
        let notes = try fetch(notesQuery, [String].self)
        return DatabaseCatalog(
            serverVersion: connection.serverVersion,
            schemas: schemas,
            extensions: try fetch(extensionsQuery, [DatabaseCatalog.Extension].self),
            enums: try fetch(enumsQuery, [DatabaseCatalog.EnumType].self),
            domains: try fetch(domainsQuery, [DatabaseCatalog.Domain].self),
            sequences: try fetch(sequencesQuery, [DatabaseCatalog.Sequence].self),
            tables: tables,
            views: try fetch(viewsQuery, [DatabaseCatalog.View].self),
            external: external,
            raw: try fetch(rawQuery, [DatabaseCatalog.RawObject].self),
            schemaComments: Dictionary(comments.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil }, uniquingKeysWith: { a, _ in a }),
            notes: notes)
    }

    /// Whether a schema is PostgreSQL's own (`pg_catalog`, `information_schema`, `pg_toast`, `pg_temp_3`, ...).
    public static func isSystemSchema(_ name: String) -> Bool {
        name == "information_schema" || name.hasPrefix("pg_")
    }

    /// Whether a schema is managed by Supabase or another platform (`auth`, `storage`, `supabase_functions`, ...).
    public static func isManagedSchema(_ name: String) -> Bool {
        managedSchemas.contains(name) || name.hasPrefix("supabase_") || isSystemSchema(name)
    }

    /// The schemas of the database, each with why it is not one of the application's: nil for the application's own,
    /// `managed` for PostgreSQL's and the platform's, `extension` for a schema an extension made.
    public static func schemas(_ connection: PostgresConnection) throws -> [(name: String, skipped: String?)] {
        let text = try connection.scalar("""
            SELECT coalesce(json_agg(json_build_array(n.nspname,
                     EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid
                             AND d.deptype = 'e')) ORDER BY n.nspname), '[]'::json)::text
            FROM pg_catalog.pg_namespace n
            """) ?? "[]"
        guard let rows = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[Any]] else {
            throw PostgresError(kind: .statement, message: "cannot read the catalog (schemas)")
        }
        return rows.compactMap { row in
            guard let name = row.first as? String else { return nil }
            if isManagedSchema(name) { return (name, "managed") }
            if (row.last as? Bool) == true { return (name, "extension") }
            return (name, nil)
        }
    }

    /// Whether the object (by class and oid columns) belongs to an extension.
    static func notExtensionMember(_ catalog: String, _ oid: String) -> String {
        "NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = '\(catalog)'::regclass AND dep.objid = \(oid) AND dep.deptype = 'e')"
    }

    /// A `TypeRef` object for the type `typeOID` with the modifier `modifier`.
    private static func typeRef(_ typeOID: String, _ modifier: String) -> String {
        """
        (SELECT json_build_object(
            'formatted', format_type(ref_e.oid, \(modifier)), 'schema', ref_n.nspname, 'name', ref_e.typname,
            'kind', ref_e.typtype, 'array', ref_e.oid <> ref_t.oid)
         FROM pg_type ref_t
         JOIN pg_type ref_e ON ref_e.oid = CASE WHEN ref_t.typsubscript = 'array_subscript_handler'::regproc
                                                 AND ref_t.typelem <> 0 THEN ref_t.typelem ELSE ref_t.oid END
         JOIN pg_namespace ref_n ON ref_n.oid = ref_e.typnamespace
         WHERE ref_t.oid = \(typeOID))
        """
    }

    private static let columnsOf = """
        coalesce((SELECT json_agg(json_build_object(
            'name', a.attname,
            'type', \(typeRef("a.atttypid", "a.atttypmod")),
            'notNull', a.attnotnull,
            'defaultSQL', CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END,
            'identity', a.attidentity::text,
            'generated', CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END,
            'comment', col_description(a.attrelid, a.attnum),
            'identityOptions', (SELECT json_build_object('start', s.seqstart::text, 'increment', s.seqincrement::text,
                                        'minValue', s.seqmin::text, 'maxValue', s.seqmax::text, 'cache', s.seqcache::text,
                                        'cycle', s.seqcycle)
                                FROM pg_depend d JOIN pg_sequence s ON s.seqrelid = d.objid
                                WHERE a.attidentity <> '' AND d.refclassid = 'pg_class'::regclass AND d.refobjid = a.attrelid AND d.refobjsubid = a.attnum
                                  AND d.deptype = 'i' AND d.classid = 'pg_class'::regclass LIMIT 1),
            'collation', (SELECT co.collname FROM pg_collation co JOIN pg_type ty ON ty.oid = a.atttypid
                          WHERE co.oid = a.attcollation AND a.attcollation <> ty.typcollation AND a.attcollation <> 0),
            'ownedSequence', (SELECT format('%s.%s', sn.nspname, s.relname) FROM pg_depend d
                              JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
                              JOIN pg_namespace sn ON sn.oid = s.relnamespace
                              WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = a.attrelid AND d.refobjsubid = a.attnum AND d.deptype = 'a'
                                AND d.classid = 'pg_class'::regclass LIMIT 1)
          ) ORDER BY a.attnum)
          FROM pg_attribute a
          LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
          WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '[]'::json)
        """

    static let tablesQuery = """
        SELECT coalesce(json_agg(json_build_object(
            'schema', n.nspname, 'name', c.relname, 'kind', c.relkind::text,
            'comment', obj_description(c.oid, 'pg_class'),
            'rowSecurity', c.relrowsecurity, 'forceRowSecurity', c.relforcerowsecurity,
            'columns', \(columnsOf),
            'constraints', coalesce((SELECT json_agg(json_build_object(
                'name', k.conname, 'kind', k.contype::text,
                'columns', coalesce((SELECT json_agg(a.attname ORDER BY u.ord) FROM unnest(k.conkey) WITH ORDINALITY u(num, ord)
                                     JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.num), '[]'::json),
                'definition', pg_get_constraintdef(k.oid),
                'targetSchema', tn.nspname, 'targetTable', tc.relname,
                'targetColumns', (SELECT json_agg(a.attname ORDER BY u.ord) FROM unnest(k.confkey) WITH ORDINALITY u(num, ord)
                                  JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.num),
                'onUpdate', CASE WHEN k.contype = 'f' THEN k.confupdtype::text END,
                'onDelete', CASE WHEN k.contype = 'f' THEN k.confdeltype::text END,
                'match', CASE WHEN k.contype = 'f' THEN k.confmatchtype::text END,
                'deferrable', k.condeferrable, 'validated', k.convalidated,
                'nullsNotDistinct', coalesce((SELECT i.indnullsnotdistinct FROM pg_index i WHERE i.indexrelid = k.conindid
                                              AND k.contype = 'u'), false),
                'inherited', k.conparentid <> 0 OR NOT k.conislocal,
                'comment', obj_description(k.oid, 'pg_constraint')
              ) ORDER BY k.contype, k.conname)
              FROM pg_constraint k
              LEFT JOIN pg_class tc ON tc.oid = k.confrelid
              LEFT JOIN pg_namespace tn ON tn.oid = tc.relnamespace
              WHERE k.conrelid = c.oid), '[]'::json),
            'indexes', coalesce((SELECT json_agg(json_build_object(
                'name', ic.relname, 'unique', i.indisunique, 'method', am.amname,
                'keys', (SELECT json_agg(json_build_object(
                    'column', CASE WHEN i.indkey[k.n - 1] <> 0 THEN (SELECT a.attname FROM pg_attribute a
                              WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n - 1]) END,
                    'text', pg_get_indexdef(i.indexrelid, k.n, true),
                    'descending', (i.indoption[k.n - 1] & 1) <> 0,
                    'nullsFirst', (i.indoption[k.n - 1] & 2) <> 0,
                    'opclass', (SELECT CASE WHEN oc.opcdefault THEN NULL
                                ELSE CASE WHEN ocn.nspname = 'pg_catalog' THEN oc.opcname
                                          ELSE format('%s.%s', ocn.nspname, oc.opcname) END END
                                FROM pg_opclass oc JOIN pg_namespace ocn ON ocn.oid = oc.opcnamespace
                                WHERE oc.oid = i.indclass[k.n - 1]),
                    'collation', (SELECT CASE WHEN i.indcollation[k.n - 1] = 0 THEN NULL
                                  WHEN i.indkey[k.n - 1] <> 0 AND i.indcollation[k.n - 1] =
                                       (SELECT a.attcollation FROM pg_attribute a WHERE a.attrelid = i.indrelid
                                        AND a.attnum = i.indkey[k.n - 1]) THEN NULL
                                  WHEN i.indkey[k.n - 1] = 0 AND i.indcollation[k.n - 1] = 100 THEN NULL
                                  ELSE (SELECT collname FROM pg_collation WHERE oid = i.indcollation[k.n - 1]) END)
                  ) ORDER BY k.n) FROM generate_series(1, i.indnkeyatts) k(n)),
                'includeCount', i.indnatts - i.indnkeyatts,
                'predicate', pg_get_expr(i.indpred, i.indrelid, true),
                'nullsNotDistinct', i.indnullsnotdistinct,
                'definition', pg_get_indexdef(i.indexrelid),
                'hasOptions', ic.reloptions IS NOT NULL OR ic.reltablespace <> 0,
                'inherited', EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid),
                'comment', obj_description(ic.oid, 'pg_class')
              ) ORDER BY ic.relname)
              FROM pg_index i
              JOIN pg_class ic ON ic.oid = i.indexrelid
              JOIN pg_am am ON am.oid = ic.relam
              WHERE i.indrelid = c.oid
                AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = c.oid
                                AND k.contype IN ('p', 'u', 'x'))), '[]'::json),
            'policies', coalesce((SELECT json_agg(json_build_object(
                'name', p.polname, 'command', p.polcmd::text, 'permissive', p.polpermissive,
                'roles', (SELECT json_agg(CASE WHEN r.oid = 0 THEN 'public' ELSE (SELECT rolname FROM pg_roles WHERE oid = r.oid) END
                                          ORDER BY CASE WHEN r.oid = 0 THEN 'public' ELSE (SELECT rolname FROM pg_roles WHERE oid = r.oid) END)
                          FROM unnest(p.polroles) r(oid)),
                'using', pg_get_expr(p.polqual, p.polrelid),
                'withCheck', pg_get_expr(p.polwithcheck, p.polrelid)
              ) ORDER BY p.polname) FROM pg_policy p WHERE p.polrelid = c.oid), '[]'::json),
            'partitionKey', CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
            'parentSchema', (SELECT pn.nspname FROM pg_inherits h JOIN pg_class pc ON pc.oid = h.inhparent
                             JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE h.inhrelid = c.oid AND c.relispartition),
            'parentName', (SELECT pc.relname FROM pg_inherits h JOIN pg_class pc ON pc.oid = h.inhparent
                           WHERE h.inhrelid = c.oid AND c.relispartition),
            'partitionBound', CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END,
            'unmodelled', array_remove(ARRAY[
                CASE WHEN c.reloptions IS NOT NULL THEN 'storage parameters' END,
                CASE WHEN c.relpersistence = 'u' THEN 'UNLOGGED' END,
                CASE WHEN c.reltablespace <> 0 THEN 'a tablespace' END,
                CASE WHEN NOT c.relispartition AND EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = c.oid)
                     THEN 'INHERITS' END,
                CASE WHEN c.reloftype <> 0 THEN 'OF a composite type' END], NULL)
          ) ORDER BY n.nspname, c.relname), '[]'::json)::text
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[])
          AND \(notExtensionMember("pg_class", "c.oid"))
          -- Alembic's bookkeeping, not the application's.
          AND c.relname <> 'alembic_version'
        """

    /// Tables outside the pulled schemas that pulled foreign keys reference, with the columns they reference and
    /// their primary key.
    static let externalQuery = """
        WITH targets AS (
            SELECT DISTINCT k.confrelid AS oid FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_class t ON t.oid = k.confrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
            WHERE k.contype = 'f' AND n.nspname = ANY($1::text[]) AND NOT tn.nspname = ANY($1::text[])
        ), used AS (
            SELECT k.confrelid AS oid, u.num FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace,
            unnest(k.confkey) u(num)
            WHERE k.contype = 'f' AND n.nspname = ANY($1::text[]) AND k.confrelid IN (SELECT oid FROM targets)
            UNION
            SELECT i.indrelid, u.num FROM pg_index i, unnest(i.indkey) u(num)
            WHERE i.indisprimary AND i.indrelid IN (SELECT oid FROM targets)
        )
        SELECT coalesce(json_agg(json_build_object(
            'schema', n.nspname, 'name', c.relname,
            'columns', coalesce((SELECT json_agg(json_build_object(
                'name', a.attname, 'type', \(typeRef("a.atttypid", "a.atttypmod")), 'notNull', a.attnotnull,
                'identity', '', 'defaultSQL', NULL, 'generated', NULL, 'comment', NULL, 'ownedSequence', NULL,
                'identityOptions', NULL, 'collation', NULL
              ) ORDER BY a.attnum) FROM pg_attribute a
              WHERE a.attrelid = c.oid AND a.attnum IN (SELECT num FROM used WHERE used.oid = c.oid)), '[]'::json),
            'primaryKey', coalesce((SELECT json_agg(a.attname ORDER BY u.ord) FROM pg_index i,
                unnest(i.indkey) WITH ORDINALITY u(num, ord) JOIN pg_attribute a ON a.attnum = u.num
                WHERE i.indrelid = c.oid AND i.indisprimary AND a.attrelid = c.oid), '[]'::json)
          ) ORDER BY n.nspname, c.relname), '[]'::json)::text
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.oid IN (SELECT oid FROM targets)
        """

    static let enumsQuery = """
        SELECT coalesce(json_agg(json_build_object(
            'schema', n.nspname, 'name', t.typname,
            'labels', (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid),
            'comment', obj_description(t.oid, 'pg_type')
          ) ORDER BY n.nspname, t.typname), '[]'::json)::text
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typtype = 'e' AND n.nspname = ANY($1::text[]) AND \(notExtensionMember("pg_type", "t.oid"))
        """

    static let domainsQuery = """
        SELECT coalesce(json_agg(json_build_object(
            'schema', n.nspname, 'name', t.typname,
            'base', \(typeRef("t.typbasetype", "t.typtypmod")),
            'notNull', t.typnotnull, 'defaultSQL', t.typdefault,
            'checks', coalesce((SELECT json_agg(json_build_object('name', k.conname, 'definition', pg_get_constraintdef(k.oid))
                                ORDER BY k.conname) FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c'), '[]'::json),
            'comment', obj_description(t.oid, 'pg_type')
          ) ORDER BY n.nspname, t.typname), '[]'::json)::text
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typtype = 'd' AND n.nspname = ANY($1::text[]) AND \(notExtensionMember("pg_type", "t.oid"))
        """

    /// Sequences that neither an identity column nor a serial column owns.
    static let sequencesQuery = """
        SELECT coalesce(json_agg(json_build_object(
            'schema', n.nspname, 'name', c.relname, 'dataType', format_type(s.seqtypid, NULL),
            'start', s.seqstart::text, 'increment', s.seqincrement::text, 'minValue', s.seqmin::text,
            'maxValue', s.seqmax::text, 'cache', s.seqcache::text, 'cycle', s.seqcycle,
            'ownedBy', (SELECT format('%s.%s.%s', tn.nspname, t.relname, a.attname) FROM pg_depend d
                        JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace
                        JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'a'
                          AND d.refclassid = 'pg_class'::regclass LIMIT 1),
            'comment', obj_description(c.oid, 'pg_class')
          ) ORDER BY n.nspname, c.relname), '[]'::json)::text
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_sequence s ON s.seqrelid = c.oid
        WHERE c.relkind = 'S' AND n.nspname = ANY($1::text[]) AND \(notExtensionMember("pg_class", "c.oid"))
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                          AND d.deptype = 'i')
        """

    static let viewsQuery = """
        SELECT coalesce(json_agg(json_build_object(
            'schema', n.nspname, 'name', c.relname, 'materialized', c.relkind = 'm',
            'definition', pg_get_viewdef(c.oid, true),
            'securityInvoker', coalesce('security_invoker=true' = ANY(c.reloptions) OR 'security_invoker=on' = ANY(c.reloptions)
                                        OR 'security_invoker=1' = ANY(c.reloptions), false),
            'populated', c.relispopulated,
            'columns', coalesce((SELECT json_agg(json_build_object(
                'name', a.attname, 'type', \(typeRef("a.atttypid", "a.atttypmod")),
                'comment', col_description(a.attrelid, a.attnum)) ORDER BY a.attnum)
                FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '[]'::json),
            'comment', obj_description(c.oid, 'pg_class'),
            'indexes', coalesce((SELECT json_agg(pg_get_indexdef(i.indexrelid) ORDER BY ic.relname) FROM pg_index i
                                 JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = c.oid), '[]'::json)
          ) ORDER BY n.nspname, c.relname), '[]'::json)::text
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY($1::text[]) AND \(notExtensionMember("pg_class", "c.oid"))
        """

    static let extensionsQuery = """
        SELECT coalesce(json_agg(json_build_object('name', e.extname, 'schema', n.nspname, 'version', e.extversion)
                                 ORDER BY e.extname), '[]'::json)::text
        FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname <> 'plpgsql' AND $1::text[] IS NOT NULL
          AND e.extname NOT IN (\(platformExtensions.map { "'\($0)'" }.joined(separator: ", ")))
        """

    /// Functions, procedures and triggers of the pulled schemas (not from extensions), as the statements that make them.
    static let rawQuery = """
        SELECT coalesce(json_agg(o ORDER BY o.ord, o.what), '[]'::json)::text FROM (
            SELECT 0 AS ord, format('default privileges of %s in schema %s', pg_get_userbyid(d.defaclrole), n.nspname) AS what,
                   'before_tables' AS placement,
                   string_agg(format(E'ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT %s ON %s TO %s;\\n',
                                     pg_get_userbyid(d.defaclrole), n.nspname, a.privileges,
                                     CASE d.defaclobjtype WHEN 'r' THEN 'TABLES' WHEN 'S' THEN 'SEQUENCES'
                                          WHEN 'f' THEN 'FUNCTIONS' WHEN 'T' THEN 'TYPES' ELSE 'SCHEMAS' END,
                                     a.grantee_name), '' ORDER BY d.defaclobjtype, a.grantee_name) AS sql
            FROM pg_default_acl d JOIN pg_namespace n ON n.oid = d.defaclnamespace
            CROSS JOIN LATERAL (
                SELECT CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(x.grantee)) END AS grantee_name,
                       string_agg(x.privilege_type, ', ' ORDER BY x.privilege_type) AS privileges
                FROM aclexplode(d.defaclacl) x WHERE x.grantee <> d.defaclrole GROUP BY x.grantee) a
            -- public's are the platform's (Supabase grants its API roles everything there).
            WHERE n.nspname = ANY($1::text[]) AND n.nspname <> 'public'
            GROUP BY d.defaclrole, n.nspname
            UNION ALL
            -- Composite and range types (the language holds enums and domains): made before the tables and functions
            -- that use them.
            SELECT 0, format('type %s', t.oid::regtype), 'before_tables',
                   CASE WHEN t.typtype = 'c' THEN
                            format(E'CREATE TYPE %s AS (%s);\\n', t.oid::regtype,
                                   coalesce((SELECT string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod))
                                                               || CASE WHEN a.attcollation <> ty.typcollation
                                                                       THEN format(' COLLATE %s', a.attcollation::regcollation)
                                                                       ELSE '' END, ', ' ORDER BY a.attnum)
                                             FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid
                                             WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), ''))
                        ELSE format(E'CREATE TYPE %s AS RANGE (subtype = %s%s%s);\\n', t.oid::regtype,
                                    format_type(r.rngsubtype, NULL),
                                    CASE WHEN r.rngsubdiff <> 0 THEN format(', subtype_diff = %s', r.rngsubdiff::regproc) ELSE '' END,
                                    CASE WHEN r.rngcanonical <> 0 THEN format(', canonical = %s', r.rngcanonical::regproc) ELSE '' END)
                   END
                   || CASE WHEN obj_description(t.oid, 'pg_type') IS NULL THEN ''
                      ELSE format(E'COMMENT ON TYPE %s IS %L;\\n', t.oid::regtype, obj_description(t.oid, 'pg_type')) END
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            LEFT JOIN pg_range r ON r.rngtypid = t.oid
            LEFT JOIN pg_class c ON c.oid = t.typrelid
            WHERE n.nspname = ANY($1::text[]) AND \(notExtensionMember("pg_type", "t.oid"))
              AND (t.typtype = 'r' OR (t.typtype = 'c' AND c.relkind = 'c'))
            UNION ALL
            SELECT 1 AS ord,
                   format('%s %s.%s(%s)', CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,
                          n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS what,
                   \(functionPlacement) AS placement,
                   rtrim(pg_get_functiondef(p.oid), E'\\n') || E';\\n'
                   || CASE WHEN obj_description(p.oid, 'pg_proc') IS NULL THEN ''
                      ELSE format(E'COMMENT ON %s %s IS %L;\\n', CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END,
                                  p.oid::regprocedure, obj_description(p.oid, 'pg_proc')) END AS sql
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = ANY($1::text[]) AND p.prokind IN ('f', 'p') AND \(notExtensionMember("pg_proc", "p.oid"))
              -- A range type's constructors: CREATE TYPE makes them.
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                              AND d.deptype = 'i')
            UNION ALL
            SELECT 2, format('trigger %s on %s.%s', t.tgname, n.nspname, c.relname), 'after_tables',
                   pg_get_triggerdef(t.oid) || E';\\n'
                   || CASE WHEN obj_description(t.oid, 'pg_trigger') IS NULL THEN ''
                      ELSE format(E'COMMENT ON TRIGGER %I ON %I.%I IS %L;\\n', t.tgname, n.nspname, c.relname,
                                  obj_description(t.oid, 'pg_trigger')) END
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE NOT t.tgisinternal AND t.tgparentid = 0
              AND (n.nspname = ANY($1::text[])
                   -- A trigger on a managed table (Supabase's auth.users) that calls a pulled function.
                   OR EXISTS (SELECT 1 FROM pg_proc fp JOIN pg_namespace fn ON fn.oid = fp.pronamespace
                              WHERE fp.oid = t.tgfoid AND fn.nspname = ANY($1::text[])))
              AND \(notExtensionMember("pg_class", "c.oid"))
            UNION ALL
            SELECT 3, format('privileges on %s.%s', g.nspname, g.relname), 'rls',
                   string_agg(g.statement, '' ORDER BY g.revoke, g.grantee_name)
            FROM (\(privilegesQuery)) g
            GROUP BY g.nspname, g.relname
            UNION ALL
            SELECT 4, format('privileges on %s %s', CASE f.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,
                             f.oid::regprocedure), 'rls',
                   string_agg(f.statement, '' ORDER BY f.revoke, f.grantee_name)
            FROM (\(functionPrivilegesQuery)) f
            GROUP BY f.oid, f.prokind
            UNION ALL
            SELECT 5, format('privileges on schema %s', n.nspname), 'rls',
                   string_agg(format(E'GRANT %s ON SCHEMA %I TO %s;\\n', a.privilege_type, n.nspname,
                                     CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END),
                              '' ORDER BY CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END,
                                          a.privilege_type)
            FROM pg_namespace n CROSS JOIN LATERAL aclexplode(n.nspacl) a
            -- The schema is created by schema.sql: nobody but its owner has a privilege on it until granted one.
            WHERE n.nspname = ANY($1::text[]) AND n.nspname <> 'public' AND a.grantee <> n.nspowner
            GROUP BY n.nspname
            UNION ALL
            -- The pulled tables a publication publishes (Supabase Realtime's supabase_realtime): the publication is
            -- created where it is missing (a platform makes its own), then given the tables.
            SELECT 6, format('tables of publication %s', p.pubname), 'rls',
                   format(E'DO $do$\\nBEGIN\\n    IF NOT EXISTS (SELECT FROM pg_catalog.pg_publication WHERE pubname = %L) THEN\\n'
                          || E'        CREATE PUBLICATION %I;\\n    END IF;\\nEND\\n$do$;\\n', p.pubname, p.pubname)
                   || format(E'ALTER PUBLICATION %I ADD TABLE %s;\\n', p.pubname,
                             string_agg(format('%I.%I', pt.schemaname, pt.tablename), ', ' ORDER BY pt.schemaname, pt.tablename))
            FROM pg_publication p JOIN pg_publication_tables pt ON pt.pubname = p.pubname
            WHERE NOT p.puballtables AND pt.schemaname = ANY($1::text[])
            GROUP BY p.pubname
            UNION ALL
            -- The application's policies on the platform's tables (Supabase Storage's storage.objects): the platform
            -- makes the table, the application its policies. Dropped first, so rls.sql stays re-runnable.
            SELECT 7, format('policies on %s.%s', n.nspname, c.relname), 'rls',
                   string_agg(format(E'DROP POLICY IF EXISTS %I ON %I.%I;\nCREATE POLICY %I ON %I.%I AS %s FOR %s TO %s%s%s;\n',
                                     p.polname, n.nspname, c.relname, p.polname, n.nspname, c.relname,
                                     CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
                                     CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                                                   WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                                     CASE WHEN p.polroles = '{0}' THEN 'PUBLIC'
                                          ELSE (SELECT string_agg(quote_ident(r.rolname), ', ' ORDER BY r.rolname)
                                                FROM pg_roles r WHERE r.oid = ANY (p.polroles)) END,
                                     CASE WHEN p.polqual IS NULL THEN ''
                                          ELSE format(' USING (%s)', pg_get_expr(p.polqual, p.polrelid)) END,
                                     CASE WHEN p.polwithcheck IS NULL THEN ''
                                          ELSE format(' WITH CHECK (%s)', pg_get_expr(p.polwithcheck, p.polrelid)) END),
                              '' ORDER BY p.polname)
            FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE \(platformPolicySchemas) AND NOT n.nspname = ANY($1::text[]) AND \(notExtensionMember("pg_class", "c.oid"))
            GROUP BY n.nspname, c.relname
        ) o
        """

    /// The schemas whose tables the platform makes and the application writes policies for (`storage.objects`).
    static let platformPolicySchemas = "(n.nspname IN (\(managedSchemas.filter { !isSystemSchema($0) }.sorted().map { "'\($0)'" }.joined(separator: ", ")))"
        + " OR n.nspname LIKE 'supabase\\_%')"

    /// EXECUTE on the pulled functions and procedures where it differs from what the owner's default privileges
    /// give: a GRANT for each extra one, a REVOKE for each default one taken away (`REVOKE EXECUTE ... FROM PUBLIC`).
    static let functionPrivilegesQuery = """
        WITH fn AS (
            SELECT p.oid, p.prokind, p.proowner, p.pronamespace, p.proacl FROM pg_proc p
            JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = ANY($1::text[]) AND p.prokind IN ('f', 'p') AND \(notExtensionMember("pg_proc", "p.oid"))
        ), actual AS (
            SELECT f.oid, a.grantee, a.privilege_type FROM fn f,
                   aclexplode(coalesce(f.proacl, acldefault('f'::"char", f.proowner))) a WHERE a.grantee <> f.proowner
        ), expected AS (
            SELECT f.oid, a.grantee, a.privilege_type FROM fn f,
                   aclexplode(coalesce((SELECT d.defaclacl FROM pg_default_acl d WHERE d.defaclrole = f.proowner
                                        AND d.defaclobjtype = 'f' AND d.defaclnamespace = 0),
                                       acldefault('f'::"char", f.proowner))) a WHERE a.grantee <> f.proowner
            UNION
            SELECT f.oid, a.grantee, a.privilege_type FROM fn f
            JOIN pg_default_acl d ON d.defaclrole = f.proowner AND d.defaclobjtype = 'f' AND d.defaclnamespace = f.pronamespace
            CROSS JOIN LATERAL aclexplode(d.defaclacl) a WHERE a.grantee <> f.proowner
        ), difference AS (
            SELECT oid, grantee, privilege_type, false AS revoke FROM (SELECT * FROM actual EXCEPT SELECT * FROM expected) x
            UNION ALL
            SELECT oid, grantee, privilege_type, true FROM (SELECT * FROM expected EXCEPT SELECT * FROM actual) y
        )
        SELECT f.oid, f.prokind, d.revoke,
               CASE WHEN d.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(ro.rolname) END AS grantee_name,
               format(E'%s EXECUTE ON %s %s %s %s;\\n', CASE WHEN d.revoke THEN 'REVOKE' ELSE 'GRANT' END,
                      CASE f.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, f.oid::regprocedure,
                      CASE WHEN d.revoke THEN 'FROM' ELSE 'TO' END,
                      CASE WHEN d.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(ro.rolname) END) AS statement
        FROM difference d JOIN fn f ON f.oid = d.oid LEFT JOIN pg_roles ro ON ro.oid = d.grantee
        WHERE d.grantee = 0 OR ro.rolname IS NOT NULL
        """

    /// Where a function is created, from what PostgreSQL records it depends on (as pg_dump orders objects): after
    /// the tables when it takes or returns the row type of a pulled table or view (`f(a public.accounts)`,
    /// `RETURNS SETOF public.customer`) or its body is SQL that names one (a `BEGIN ATOMIC` body), or when it is a
    /// SQL function no default, check, index or view calls (its body may read a table, and a migration checks
    /// function bodies); before the tables otherwise, so the defaults, checks and indexes that call it find it.
    static let functionPlacement = """
        CASE WHEN EXISTS (
                SELECT 1 FROM pg_depend d
                LEFT JOIN pg_type dt ON d.refclassid = 'pg_type'::regclass AND dt.oid = d.refobjid
                LEFT JOIN pg_type de ON de.oid = dt.typelem AND dt.typelem <> 0
                JOIN pg_class rc ON rc.oid = CASE WHEN d.refclassid = 'pg_class'::regclass THEN d.refobjid
                                                  ELSE coalesce(nullif(dt.typrelid, 0), de.typrelid) END
                JOIN pg_namespace rn ON rn.oid = rc.relnamespace
                WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'n'
                  AND rc.relkind IN ('r', 'p', 'v', 'm', 'f') AND rn.nspname = ANY($1::text[]))
             THEN 'after_tables'
             WHEN p.prolang = (SELECT l.oid FROM pg_language l WHERE l.lanname = 'sql')
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.refclassid = 'pg_proc'::regclass AND d.refobjid = p.oid
                                  AND d.classid IN ('pg_attrdef'::regclass, 'pg_constraint'::regclass,
                                                    'pg_class'::regclass, 'pg_rewrite'::regclass))
             THEN 'after_tables'
             ELSE 'before_tables' END
        """

    /// Privileges on the pulled tables, views and sequences that differ from what the owner's default privileges
    /// give (Supabase grants everything in `public` to its API roles by default): a GRANT for each extra one, a
    /// REVOKE for each default one taken away.
    static let privilegesQuery = """
        WITH rel AS (
            SELECT c.oid, n.nspname, c.relname, c.relkind, c.relowner, c.relnamespace, c.relacl,
                   CASE WHEN c.relkind = 'S' THEN 'S' ELSE 'r' END AS objtype
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND n.nspname = ANY($1::text[])
              AND \(notExtensionMember("pg_class", "c.oid"))
        ), actual AS (
            SELECT r.oid, a.grantee, a.privilege_type FROM rel r, aclexplode(r.relacl) a WHERE a.grantee <> r.relowner
        ), expected AS (
            SELECT r.oid, da.grantee, da.privilege_type FROM rel r
            JOIN pg_default_acl d ON d.defaclrole = r.relowner AND d.defaclobjtype = r.objtype
                                  AND d.defaclnamespace IN (r.relnamespace, 0)
            CROSS JOIN LATERAL aclexplode(d.defaclacl) da WHERE da.grantee <> r.relowner
        ), difference AS (
            SELECT oid, grantee, privilege_type, false AS revoke FROM (SELECT * FROM actual EXCEPT SELECT * FROM expected) x
            UNION ALL
            SELECT oid, grantee, privilege_type, true FROM (SELECT * FROM expected EXCEPT SELECT * FROM actual) y
        )
        SELECT r.nspname, r.relname, d.revoke,
               CASE WHEN d.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(ro.rolname) END AS grantee_name,
               format(E'%s %s ON %s %I.%I %s %s;\\n', CASE WHEN d.revoke THEN 'REVOKE' ELSE 'GRANT' END,
                      CASE WHEN count(*) = CASE WHEN r.relkind = 'S' THEN 3 ELSE 7 END THEN 'ALL'
                           ELSE string_agg(d.privilege_type, ', ' ORDER BY d.privilege_type) END,
                      CASE WHEN r.relkind = 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, r.nspname, r.relname,
                      CASE WHEN d.revoke THEN 'FROM' ELSE 'TO' END,
                      CASE WHEN d.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(ro.rolname) END) AS statement
        FROM difference d JOIN rel r ON r.oid = d.oid LEFT JOIN pg_roles ro ON ro.oid = d.grantee
        -- The clients' INSERT and UPDATE on a table with protected columns are the columns' 'protected: true'.
        WHERE NOT (d.revoke AND ro.rolname IN ('anon', 'authenticated') AND d.privilege_type IN ('INSERT', 'UPDATE')
                   AND r.oid IN (\(narrowedTablesQuery)))
        GROUP BY r.nspname, r.relname, r.relkind, d.revoke, d.grantee, ro.rolname
        """

    /// What pull leaves out around the pulled schemas, a line each: policies on tables elsewhere (`storage.objects`),
    /// the extensions the platform installs, publications.
    static let notesQuery = """
        SELECT coalesce(json_agg(x.line ORDER BY x.ord, x.line), '[]'::json)::text FROM (
            SELECT 1 AS ord, format('policy %s on %s.%s: not pulled (%s is not a pulled schema)',
                                    quote_ident(p.polname), n.nspname, c.relname, n.nspname) AS line
            FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE NOT n.nspname = ANY($1::text[]) AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND NOT \(platformPolicySchemas) AND \(notExtensionMember("pg_class", "c.oid"))
            UNION ALL
            SELECT 2, format('default privileges of %s %s: not pulled (they are not a schema''s)',
                             pg_get_userbyid(d.defaclrole), CASE d.defaclobjtype WHEN 'r' THEN 'on tables'
                             WHEN 'S' THEN 'on sequences' WHEN 'f' THEN 'on functions' WHEN 'T' THEN 'on types'
                             ELSE 'on schemas' END)
            FROM pg_default_acl d WHERE d.defaclnamespace = 0
            UNION ALL
            SELECT 2, format('extension %s: not pulled (the platform installs it)', e.extname)
            FROM pg_extension e WHERE e.extname IN (\(platformExtensions.map { "'\($0)'" }.joined(separator: ", ")))
            UNION ALL
            SELECT 3, format('publication %s (FOR ALL TABLES): not pulled', quote_ident(p.pubname))
            FROM pg_publication p WHERE p.puballtables
            UNION ALL
            -- schema.sql makes the views before the after_tables blocks.
            SELECT DISTINCT 4, format('view %s.%s calls %s, which is made after the tables (it takes or returns a table''s '
                                      'row type), and schema.sql makes views before that: write the view as an after_tables '
                                      'sql: block below the function', vn.nspname, v.relname, p.oid::regprocedure)
            FROM pg_class v JOIN pg_namespace vn ON vn.oid = v.relnamespace
            JOIN pg_rewrite rw ON rw.ev_class = v.oid
            JOIN pg_depend vd ON vd.classid = 'pg_rewrite'::regclass AND vd.objid = rw.oid AND vd.refclassid = 'pg_proc'::regclass
            JOIN pg_proc p ON p.oid = vd.refobjid JOIN pg_namespace pn ON pn.oid = p.pronamespace
            WHERE v.relkind IN ('v', 'm') AND vn.nspname = ANY($1::text[]) AND pn.nspname = ANY($1::text[])
              AND \(functionPlacement) = 'after_tables'
        ) x
        """

    /// Extensions Supabase installs in every project: never written to `extensions:`.
    static let platformExtensions = ["pg_graphql", "pg_stat_statements", "pgsodium", "supabase_vault", "pg_net", "pgjwt"]

    static let schemaCommentsQuery = """
        SELECT coalesce(json_agg(json_build_array(n.nspname, obj_description(n.oid, 'pg_namespace')) ORDER BY n.nspname),
                        '[]'::json)::text
        FROM pg_namespace n WHERE n.nspname = ANY($1::text[]) AND obj_description(n.oid, 'pg_namespace') IS NOT NULL
          AND n.nspname <> 'public'
        """
}

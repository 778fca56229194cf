import Foundation

extension CatalogReader {
    /// Reads the functions, triggers, privileges and publications of `schemas`, object by object, as PostgreSQL prints
    /// them. Triggers on tables elsewhere (Supabase's `auth.users`) are read when they call a function of `schemas`.
    /// Extension members are left out: the extension makes them.
    public static func readObjects(_ connection: PostgresConnection, schemas: [String]) throws -> DatabaseObjects {
        try connection.execute("SET search_path = pg_catalog; SET jit = off")
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
        let hasPublications = try connection.scalar("SELECT has_table_privilege('pg_catalog.pg_publication_rel', 'SELECT')::text") == "true"
        return DatabaseObjects(
            functions: try fetch(functionsQuery, [DatabaseObjects.Function].self),
            triggers: try fetch(triggersQuery, [DatabaseObjects.Trigger].self),
            grants: try fetch(grantsQuery, [DatabaseObjects.Grant].self),
            publications: hasPublications ? try fetch(publicationsQuery, [DatabaseObjects.Publication].self) : [])
    }

    static let functionsQuery = """
        SELECT coalesce(json_agg(json_build_object(
            'schema', n.nspname, 'name', p.proname, 'arguments', pg_get_function_identity_arguments(p.oid),
            'result', CASE WHEN p.prokind = 'p' THEN NULL ELSE pg_get_function_result(p.oid) END,
            'kind', p.prokind, 'definition', rtrim(pg_get_functiondef(p.oid), E' \\n;'),
            'comment', obj_description(p.oid, 'pg_proc'),
            'usesRowTypes', EXISTS (SELECT 1 FROM unnest(p.proargtypes::oid[] || coalesce(p.proallargtypes, '{}') || p.prorettype) u(t)
                                    JOIN pg_type ty ON ty.oid = u.t
                                    LEFT JOIN pg_type el ON el.oid = ty.typelem AND ty.typelem <> 0
                                    WHERE ty.typrelid <> 0 OR coalesce(el.typrelid, 0) <> 0)
          ) ORDER BY n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)), '[]'::json)::text
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = ANY($1::text[]) AND p.prokind IN ('f', 'p') AND \(notExtensionMember("pg_proc", "p.oid"))
        """

    static let triggersQuery = """
        SELECT coalesce(json_agg(json_build_object(
            'name', t.tgname, 'tableSchema', n.nspname, 'tableName', c.relname,
            'definition', pg_get_triggerdef(t.oid), 'enabled', t.tgenabled::text, 'isConstraint', t.tgconstraint <> 0,
            'comment', obj_description(t.oid, 'pg_trigger')
          ) ORDER BY n.nspname, c.relname, t.tgname), '[]'::json)::text
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE NOT t.tgisinternal AND t.tgparentid = 0
          AND (n.nspname = ANY($1::text[])
               OR EXISTS (SELECT 1 FROM pg_proc fp JOIN pg_namespace fn ON fn.oid = fp.pronamespace
                          WHERE fp.oid = t.tgfoid AND fn.nspname = ANY($1::text[])))
          AND \(notExtensionMember("pg_class", "c.oid"))
        """

    /// Every privilege on the relations, columns, functions and the schemas themselves, other than the owner's: what
    /// `aclexplode` gives for the ACL, or for the default ACL when none was ever set.
    static let grantsQuery = """
        WITH rel AS (
            SELECT c.oid, n.nspname, c.relname, c.relkind, c.relowner, c.relacl
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname = ANY($1::text[])
              AND \(notExtensionMember("pg_class", "c.oid"))
        ), fn AS (
            SELECT p.oid, n.nspname, p.proname, p.prokind, p.proowner, p.proacl FROM pg_proc p
            JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = ANY($1::text[]) AND p.prokind IN ('f', 'p') AND \(notExtensionMember("pg_proc", "p.oid"))
        ), g AS (
            SELECT CASE WHEN r.relkind = 'S' THEN 'SEQUENCE' ELSE 'TABLE' END AS kind, r.nspname AS schema,
                   r.relname AS name, NULL::text AS arguments, NULL::text AS col, a.grantee, a.privilege_type, a.is_grantable
            FROM rel r, aclexplode(coalesce(r.relacl, acldefault((CASE WHEN r.relkind = 'S' THEN 's' ELSE 'r' END)::"char", r.relowner))) a
            WHERE a.grantee <> r.relowner
            UNION ALL
            SELECT 'TABLE', r.nspname, r.relname, NULL, att.attname, a.grantee, a.privilege_type, a.is_grantable
            FROM rel r JOIN pg_attribute att ON att.attrelid = r.oid AND att.attnum > 0 AND NOT att.attisdropped
                                              AND att.attacl IS NOT NULL,
                 aclexplode(att.attacl) a
            WHERE a.grantee <> r.relowner
            UNION ALL
            SELECT CASE WHEN f.prokind = 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, f.nspname, f.proname,
                   pg_get_function_identity_arguments(f.oid), NULL, a.grantee, a.privilege_type, a.is_grantable
            FROM fn f, aclexplode(coalesce(f.proacl, acldefault('f'::"char", f.proowner))) a
            WHERE a.grantee <> f.proowner
            UNION ALL
            SELECT 'SCHEMA', n.nspname, '', NULL, NULL, a.grantee, a.privilege_type, a.is_grantable
            FROM pg_namespace n, aclexplode(coalesce(n.nspacl, acldefault('n'::"char", n.nspowner))) a
            WHERE n.nspname = ANY($1::text[]) AND n.nspname <> 'public' AND a.grantee <> n.nspowner
        )
        SELECT coalesce(json_agg(json_build_object(
            'objectKind', g.kind, 'schema', g.schema, 'name', g.name, 'arguments', g.arguments, 'column', g.col,
            'grantee', CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE ro.rolname END,
            'privilege', g.privilege_type, 'grantable', g.is_grantable
          ) ORDER BY g.kind, g.schema, g.name, g.arguments, g.col, CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE ro.rolname END,
                     g.privilege_type), '[]'::json)::text
        FROM g LEFT JOIN pg_roles ro ON ro.oid = g.grantee
        WHERE g.grantee = 0 OR ro.rolname IS NOT NULL
        """

    static let publicationsQuery = """
        SELECT coalesce(json_agg(json_build_object('name', p.pubname, 'tables', coalesce((
            SELECT json_agg(format('%s.%s', pt.schemaname, pt.tablename) ORDER BY pt.schemaname, pt.tablename)
            FROM pg_publication_tables pt WHERE pt.pubname = p.pubname AND pt.schemaname = ANY($1::text[])), '[]'::json)
          ) ORDER BY p.pubname), '[]'::json)::text
        FROM pg_publication p WHERE NOT p.puballtables
        """
}

import Foundation

/// A database built from schema.yaml's own DDL, so that PostgreSQL prints schema.yaml's expressions, functions,
/// triggers and privileges in the same form as the live database's: the two are then equal exactly when PostgreSQL
/// says so (Prisma's shadow database, Atlas's dev database).
///
/// The shadow is a temporary database created on the server of `--shadow-db` or, without it, on the target's own
/// server, and dropped afterwards. What schema.yaml references outside itself (`auth.users`, `auth.uid()`, types)
/// is copied from the target's catalog first, and so are the target's default privileges. Only the target's catalog
/// is read: no lock is taken on its tables.
public enum ShadowDatabase {
    /// Why no shadow could be built.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
        /// Creates a failure.
        public init(message: String) { self.message = message }
    }

    /// The catalog of schema.yaml's DDL as PostgreSQL holds it, and where the shadow was built.
    public struct Built: Sendable {
        public var catalog: DatabaseCatalog
        /// `a temporary database on the target's server`, `the database of --shadow-db`.
        public var place: String
    }

    /// Builds the shadow of `statements` (the text of schema.sql and rls.sql), reads `scope` from it and drops it.
    /// - Parameters:
    ///   - target: the live database, read for what the DDL references outside `scope`.
    ///   - targetURL: the target's connection string (nil: `DATABASE_URL` or libpq's defaults).
    ///   - shadowURL: a server (and database) to build the shadow on instead of the target's server.
    public static func build(target: PostgresConnection, targetURL: String?, shadowURL: String?, scope: [String],
                             statements: [String], environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Built {
        let admin: PostgresConnection
        do {
            admin = shadowURL.map { _ in () } == nil ? target : try PostgresConnection(url: shadowURL, environment: environment)
        } catch let error as PostgresError {
            throw Failure(message: "cannot connect to the shadow database: \(error.message)")
        }
        defer { if admin !== target { admin.close() } }
        let base = shadowURL ?? targetURL ?? environment["DATABASE_URL"] ?? ""
        let name = "schemagen_shadow_\(ProcessInfo.processInfo.processIdentifier)_\(UInt32.random(in: 0 ... .max))"
        var created = false
        do {
            try admin.execute("CREATE DATABASE \(SQLSyntax.quoteIdent(name)) TEMPLATE template0")
            created = true
        } catch let error as PostgresError {
            guard shadowURL != nil else {
                // The last resort: a throwaway cluster of the local PostgreSQL installation.
                let cluster: LocalCluster
                do { cluster = try LocalCluster.start(environment: environment) } catch let failure as LocalCluster.Failure {
                    throw Failure(message: "cannot create a temporary database on the target's server (\(error.message)), "
                        + "and no local cluster (\(failure.message)); give --shadow-db URL (a database or server schemagen may "
                        + "create databases on)")
                }
                defer { cluster.stop() }
                var built = try build(target: target, targetURL: targetURL, shadowURL: cluster.conninfo, scope: scope,
                                      statements: statements, environment: environment)
                built.place = "an ephemeral local PostgreSQL \(cluster.version) cluster"
                return built
            }
        }
        defer {
            if created { _ = try? admin.execute("DROP DATABASE IF EXISTS \(SQLSyntax.quoteIdent(name)) WITH (FORCE)") }
        }
        let shadow: PostgresConnection
        do {
            shadow = created ? try PostgresConnection(url: try conninfo(base, database: name), environment: environment) : admin
        } catch let error as PostgresError {
            throw Failure(message: "cannot connect to the shadow database: \(error.message)")
        }
        defer { if shadow !== admin { shadow.close() } }
        if !created {
            // A database given to be the shadow must hold nothing in the managed schemas: it is written to.
            let used = try shadow.scalar("""
                SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p', 'v', 'm')
                """, [arrayLiteral(scope)])
            if used != "0" {
                throw Failure(message: "the database of --shadow-db is not empty, and no temporary database can be created on its server")
            }
        }
        do {
            try shadow.execute("SET client_min_messages = warning; SET check_function_bodies = off")
            let text = statements.joined(separator: "\n")
            for statement in try prerequisites(target, scope: scope, ddl: text) {
                // What cannot be copied (a type of an extension the shadow lacks) is left out; the DDL says if it mattered.
                _ = try? shadow.execute(statement)
            }
            try shadow.execute("BEGIN")
            for (index, part) in statements.enumerated() {
                do {
                    try shadow.execute(part)
                } catch let error as PostgresError {
                    _ = try? shadow.execute("ROLLBACK")
                    throw Failure(message: "schema.yaml's \(index == 0 ? "schema.sql" : "rls.sql") does not apply to an empty "
                        + "database: \(error.message)")
                }
            }
            try shadow.execute("COMMIT")
            var catalog = try CatalogReader.read(shadow, schemas: scope)
            catalog.objects = try CatalogReader.readObjects(shadow, schemas: scope)
            return Built(catalog: catalog, place: created ? (shadowURL == nil ? "a temporary database on the target's server"
                                                                : "a temporary database on the --shadow-db server") : "the --shadow-db database")
        } catch let error as PostgresError {
            throw Failure(message: "cannot build the shadow database: \(error.message)")
        }
    }

    /// The statements that make, in an empty database, what `ddl` references in the target outside `scope`: the
    /// extensions installed outside `scope`, the schemas, enum types, tables (columns and keys) and functions of the other user schemas it names, then the
    /// target's default privileges, so objects the DDL creates get the privileges they get in the target.
    static func prerequisites(_ target: PostgresConnection, scope: [String], ddl: String) throws -> [String] {
        let schemas = try target.query("""
            SELECT n.nspname FROM pg_namespace n
            WHERE n.nspname <> ALL($1::text[]) AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
              AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'
            ORDER BY n.nspname
            """, [arrayLiteral(scope)]).compactMap { $0.first ?? nil }
        let referenced = schemas.filter { schema in
            ddl.contains(SQLSyntax.quoteIdent(schema) + ".") || ddl.contains("\"\(schema)\".") || ddl.contains(" \(schema).")
                || ddl.contains("(\(schema).")
        }
        // Extensions the target keeps outside the managed schemas (Supabase's `extensions`), and those inside whose
        // types the DDL uses without declaring them (a column of type citext): the DDL needs them to apply.
        let extensions = try target.query("""
            SELECT e.extname, n.nspname <> ALL($1::text[]),
                   format('CREATE SCHEMA IF NOT EXISTS %I; CREATE EXTENSION IF NOT EXISTS %I WITH SCHEMA %I', n.nspname, e.extname, n.nspname),
                   (SELECT string_agg(t.typname, ' ') FROM pg_depend d JOIN pg_type t ON t.oid = d.objid
                    WHERE d.classid = 'pg_type'::regclass AND d.refobjid = e.oid AND d.deptype = 'e')
            FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
            WHERE e.extname <> 'plpgsql' ORDER BY e.extname
            """, [arrayLiteral(scope)])
        // Roles the target has (anon, authenticated, service_role...), for the grants and policies that name them;
        // where the shadow's server already has one, its CREATE fails and is skipped.
        let roles = try target.query("""
            SELECT format('CREATE ROLE %I NOLOGIN', rolname) FROM pg_roles
            WHERE rolname !~ '^pg_' AND rolname <> current_user ORDER BY rolname
            """, []).compactMap { $0.first ?? nil }
        var statements: [String] = roles + extensions.compactMap { row in
            guard row.count == 4, let create = row[2] else { return nil }
            if row[1] == "t" { return create }
            let types = (row[3] ?? "").split(separator: " ")
            let declared = ddl.contains("CREATE EXTENSION IF NOT EXISTS \(SQLSyntax.quoteIdent(row[0] ?? ""))")
                || ddl.contains("CREATE EXTENSION IF NOT EXISTS \"\(row[0] ?? "")\"")
            return !declared && types.contains { ddl.range(of: "\\b\(NSRegularExpression.escapedPattern(for: String($0)))\\b", options: .regularExpression) != nil } ? create : nil
        }
        if !referenced.isEmpty {
            let rows = try target.query("""
                SELECT s FROM (
                  SELECT 0 AS ord, n.nspname AS k, format('CREATE SCHEMA IF NOT EXISTS %I', n.nspname) AS s
                  FROM pg_namespace n WHERE n.nspname = ANY($1::text[])
                  UNION ALL
                  SELECT 1, n.nspname || t.typname, format('CREATE TYPE %I.%I AS ENUM (%s)', n.nspname, t.typname,
                         (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid))
                  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'e' AND n.nspname = ANY($1::text[])
                  UNION ALL
                  SELECT 2, n.nspname || c.relname, format('CREATE TABLE %I.%I (%s)', n.nspname, c.relname, concat_ws(', ',
                         (SELECT string_agg(format('%I %s%s', a.attname, format_type(a.atttypid, a.atttypmod),
                                                   CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END), ', ' ORDER BY a.attnum)
                          FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
                         (SELECT string_agg(format('CONSTRAINT %I %s', k.conname, pg_get_constraintdef(k.oid)), ', ' ORDER BY k.conname)
                          FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype IN ('p', 'u'))))
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY($1::text[])
                  UNION ALL
                  SELECT 3, n.nspname || p.proname, pg_get_functiondef(p.oid)
                  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                  WHERE p.prokind IN ('f', 'p') AND n.nspname = ANY($1::text[])
                    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
                ) x ORDER BY ord, k
                """, [arrayLiteral(referenced)])
            statements += rows.compactMap { $0.first ?? nil }
        }
        // Publications exist per database; schema.yaml's raw SQL may add its tables to one (supabase_realtime).
        statements += try target.query("SELECT format('CREATE PUBLICATION %I', pubname) FROM pg_publication ORDER BY pubname", [])
            .compactMap { $0.first ?? nil }
        // Default privileges of the roles that own the managed objects (and of the connecting role), made the
        // connecting role's in the shadow, where it creates everything.
        let defaults = try target.query("""
            WITH owners AS (
              SELECT c.relowner AS r FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY($1::text[])
              UNION SELECT n.nspowner FROM pg_namespace n WHERE n.nspname = ANY($1::text[])
              UNION SELECT oid FROM pg_roles WHERE rolname = current_user
            )
            SELECT format('ALTER DEFAULT PRIVILEGES %s GRANT %s ON %s TO %s',
                          CASE WHEN d.defaclnamespace = 0 THEN '' ELSE format('IN SCHEMA %I', n.nspname) END,
                          a.privilege_type,
                          CASE d.defaclobjtype WHEN 'r' THEN 'TABLES' WHEN 'S' THEN 'SEQUENCES' WHEN 'f' THEN 'FUNCTIONS'
                                               WHEN 'T' THEN 'TYPES' ELSE 'SCHEMAS' END,
                          CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(ro.rolname) END)
            FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace,
                 aclexplode(d.defaclacl) a LEFT JOIN pg_roles ro ON ro.oid = a.grantee
            WHERE d.defaclrole IN (SELECT r FROM owners) AND a.grantee <> d.defaclrole
              AND (d.defaclnamespace = 0 OR n.nspname = ANY($1::text[]))
            ORDER BY 1
            """, [arrayLiteral(scope)])
        let needed = Set(defaults.compactMap { $0.first ?? nil })
        if !needed.isEmpty {
            statements += scope.map { "CREATE SCHEMA IF NOT EXISTS \(SQLSyntax.quoteIdent($0))" }
            statements += needed.sorted()
        }
        return statements
    }

    /// `conninfo` (a URL or key=value string) with its database replaced by `database`, as a key=value string.
    static func conninfo(_ conninfo: String, database: String) throws -> String {
        guard case .success(let library) = LibPQ.shared else { throw Failure(message: "libpq is not available") }
        var values: [String: String] = [:]
        if !conninfo.isEmpty {
            var message: UnsafeMutablePointer<CChar>?
            guard let options = library.conninfoParse(conninfo, &message) else {
                if let message { library.freeMemory(message) }
                throw Failure(message: "cannot read the database URL to connect to the shadow database")
            }
            values = PostgresConnection.values(in: options, library)
            library.conninfoFree(options)
        }
        values["dbname"] = database
        return values.sorted { $0.key < $1.key }.map { key, value in
            "\(key)='\(value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'"))'"
        }.joined(separator: " ")
    }

    /// A text[] literal for a query parameter.
    static func arrayLiteral(_ items: [String]) -> String {
        "{" + items.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }
}

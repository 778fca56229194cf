/// Extensions: created first (after the schemas they go into), so that everything the migration creates can use
/// what they provide; updated to a new version in place; moved to another schema; dropped last, after everything
/// that may have used them is gone.
extension MigrationPlanner {
    mutating func diffExtensions() {
        let location = section("extensions")
        for item in new.extensions {
            let name = SQLSyntax.quoteIdent(item.name)
            guard let before = old.extensions.first(where: { $0.name == item.name }) else {
                add(.createExtensions, SQLDefinitions.createExtension(item), at: location)
                continue
            }
            if before.schema != item.schema, let schema = item.schema {
                add(.createExtensions, "ALTER EXTENSION \(name) SET SCHEMA \(SQLSyntax.quoteIdent(schema));", at: location,
                    notes: ["only a relocatable extension can move to another schema; PostgreSQL refuses the others"])
            }
            if before.version != item.version {
                if let version = item.version {
                    add(.createExtensions, "ALTER EXTENSION \(name) UPDATE TO \(SQLSyntax.literal(version));", at: location)
                } else {
                    add(.createExtensions, "ALTER EXTENSION \(name) UPDATE;", at: location,
                        notes: ["no version is declared any more: updated to the server's default version"])
                }
            }
        }
        for item in old.extensions where !new.extensions.contains(where: { $0.name == item.name }) {
            add(.dropExtensions, "DROP EXTENSION \(SQLSyntax.quoteIdent(item.name));", at: location,
                destructive: "drops extension \(item.name) and what it provides (PostgreSQL refuses while objects use it)")
        }
    }
}

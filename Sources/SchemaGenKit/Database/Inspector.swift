/// A database catalog as the IR, for the differ: the schema `pull` would write for it, with functions, triggers,
/// privileges and publications held object by object (`Schema.objects`) instead of as raw blocks, and row-level
/// security read as a switch beside the policies (a table whose RLS was turned off keeps its policies).
public enum Inspector {
    /// The IR of `catalog`, or the diagnostics that say why the language cannot hold it.
    public static func schema(from catalog: DatabaseCatalog) -> (Schema?, [Diagnostic]) {
        var catalog = catalog
        if catalog.objects != nil {
            catalog.raw.removeAll { raw in
                ["function ", "procedure ", "trigger ", "privileges on "].contains { raw.what.hasPrefix($0) }
            }
        }
        var security: [QualifiedName: (Bool, Bool)] = [:]
        for index in catalog.tables.indices {
            let table = catalog.tables[index]
            security[QualifiedName(schema: table.schema, name: table.name)] = (table.rowSecurity, table.forceRowSecurity)
            if !table.rowSecurity && !table.policies.isEmpty { catalog.tables[index].rowSecurity = true }
        }
        let text = SchemaPuller.pull(catalog, explicitPolicies: true).yaml
        var (schema, diagnostics) = Pipeline.load(Array(text.utf8), fileName: "(database)")
        if var loaded = schema {
            for index in loaded.tables.indices {
                if let (enabled, forced) = security[loaded.tables[index].name] {
                    loaded.tables[index].rls.enabled = enabled
                    loaded.tables[index].rls.forced = forced
                }
            }
            loaded.objects = catalog.objects
            schema = loaded
        }
        return (schema, diagnostics)
    }
}

/// The module-level names of one generated `schema.ts`: the schema's own bindings first, then the imports they need.
///
/// The schema's names are API (`db.query.projects`), so they keep their spelling; an import whose name a table or
/// enum already uses (a table called `index` or `text`) is imported under an alias instead.
struct DrizzleScope {
    /// The modules a schema file imports from, in the order their import lines are written.
    enum Module: String, CaseIterable {
        case orm = "drizzle-orm"
        case pgCore = "drizzle-orm/pg-core"
        case supabase = "drizzle-orm/supabase"
    }

    private var taken: Set<String> = []
    private var imported: [Module: [String: String]] = [:]
    private var typeOnly: Set<String> = []

    /// Claims a module-level binding, made unique with a numeric suffix when the name is already in use.
    mutating func claim(_ preferred: String) -> String {
        let base = TS.identifier(preferred)
        var name = base
        var counter = 2
        while taken.contains(name) || TS.reserved.contains(name) {
            name = "\(base)\(counter)"
            counter += 1
        }
        taken.insert(name)
        return name
    }

    /// Whether a module-level name is in use.
    func isTaken(_ name: String) -> Bool { taken.contains(name) }

    /// The local name of an imported binding, importing it on first use.
    mutating func use(_ name: String, from module: Module) -> String {
        if let local = imported[module]?[name] { return local }
        let local = taken.contains(name) ? claim("pg" + Naming.capitalize(name)) : name
        taken.insert(local)
        imported[module, default: [:]][name] = local
        return local
    }

    /// The local name of an imported type, imported with `type` so it leaves nothing behind at run time.
    mutating func useType(_ name: String, from module: Module) -> String {
        let alreadyValue = imported[module]?[name] != nil && !typeOnly.contains(name)
        let local = use(name, from: module)
        if !alreadyValue { typeOnly.insert(name) }
        return local
    }

    /// A name for a callback parameter that shadows no module-level binding.
    func parameter(_ candidates: [String]) -> String {
        for candidate in candidates where !taken.contains(candidate) { return candidate }
        var counter = 2
        let base = candidates.first ?? "t"
        while taken.contains("\(base)\(counter)") { counter += 1 }
        return "\(base)\(counter)"
    }

    /// The import statements, one per module, names sorted; long ones wrapped one name per line.
    func importLines() -> [String] {
        Module.allCases.compactMap { module -> String? in
            guard let names = imported[module], !names.isEmpty else { return nil }
            let specifiers = names.keys.sorted { ($0.lowercased(), $0) < ($1.lowercased(), $1) }.map { name -> String in
                let local = names[name] ?? name
                let specifier = local == name ? name : "\(name) as \(local)"
                return typeOnly.contains(name) ? "type " + specifier : specifier
            }
            let single = "import { \(specifiers.joined(separator: ", ")) } from \(TS.string(module.rawValue));"
            if single.count <= 100 { return single }
            return "import {\n" + specifiers.map { "  \($0),\n" }.joined() + "} from \(TS.string(module.rawValue));"
        }
    }
}

/// The imports a generated module uses, collected while it is built and written as `ruff check --select I` sorts them.
///
/// A name the module defines itself (a model class `Integer` for the table `integers`, `MetaData` for `meta_data`)
/// is not imported bare, since the class would rebind it for every use below; it is written through its module
/// (`import sqlalchemy`, `sqlalchemy.Integer`) instead.
final class PythonImports {
    private var modules: Set<String> = []
    private var names: [String: Set<String>] = [:]
    /// Names used through their module because the module binds them itself.
    private var qualified: [String: Set<String>] = [:]
    /// The names the generated module defines at its top level.
    private let shadowed: Set<String>

    /// Imports for a module that defines `shadowed` at its top level.
    init(shadowed: Set<String> = []) {
        self.shadowed = shadowed
    }

    /// `import module`.
    func module(_ name: String) {
        modules.insert(name)
    }

    /// Whether `import module` is among the imports.
    func usesModule(_ name: String) -> Bool {
        modules.contains(name)
    }

    /// Whether `from module import name` is among the imports.
    func uses(_ module: String, _ name: String) -> Bool {
        names[module]?.contains(name) == true || qualified[module]?.contains(name) == true
    }

    /// `from module import name`, or `import module` when the generated module binds `name` itself; returns how
    /// an expression spells it (`Integer`, `sqlalchemy.Integer`).
    @discardableResult
    func from(_ module: String, _ name: String) -> String {
        if shadowed.contains(name) {
            modules.insert(module)
            qualified[module, default: []].insert(name)
            return module + "." + name
        }
        names[module, default: []].insert(name)
        return name
    }

    /// The import block: standard library, then third-party packages, separated by a blank line.
    func lines(thirdParty: Set<String>) -> [String] {
        func isThirdParty(_ module: String) -> Bool {
            thirdParty.contains(String(module.split(separator: ".").first ?? ""))
        }
        var sections: [[String]] = []
        for third in [false, true] {
            var section = modules.filter { isThirdParty($0) == third }.sorted().map { "import \($0)" }
            for module in names.keys.filter({ isThirdParty($0) == third }).sorted() {
                section += fromImport(module, (names[module] ?? []).sorted(by: PythonImports.memberOrder))
            }
            if !section.isEmpty { sections.append(section) }
        }
        return sections.enumerated().flatMap { $0.offset == 0 ? $0.element : [""] + $0.element }
    }

    /// `from module import a, b`, or one name per line in parentheses when that is longer than a line.
    private func fromImport(_ module: String, _ members: [String]) -> [String] {
        let line = "from \(module) import \(members.joined(separator: ", "))"
        if PythonLayout.width(line) <= PythonLayout.lineLength { return [line] }
        return ["from \(module) import ("] + members.map { "    \($0)," } + [")"]
    }

    /// isort's `order-by-type`: CONSTANTS, then Classes, then functions and variables, each case-insensitively.
    static func memberOrder(_ lhs: String, _ rhs: String) -> Bool {
        func kind(_ name: String) -> Int {
            if name.count > 1 && name == name.uppercased() { return 0 }
            if name.first?.isUppercase == true { return 1 }
            return 2
        }
        let (left, right) = (kind(lhs), kind(rhs))
        if left != right { return left < right }
        let (a, b) = (lhs.lowercased(), rhs.lowercased())
        return a == b ? lhs < rhs : a < b
    }
}

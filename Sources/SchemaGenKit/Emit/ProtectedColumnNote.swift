/// The sentence every target's documentation of a protected column carries, so the code says why a write of it fails.
enum ProtectedColumnNote {
    /// What a protected column means for the code that writes it.
    static let text = "Protected: the API roles (anon, authenticated) cannot insert or update it; a default, a trigger, service_role or the table's owner sets it."

    /// The column's documentation with the note appended when it is protected.
    static func documentation(_ column: Column) -> String? {
        guard column.isProtected else { return column.documentation }
        return [column.documentation, text].compactMap { $0 }.joined(separator: "\n\n")
    }
}

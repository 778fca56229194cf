/// The privileges of the API roles on a table with protected columns.
///
/// Row-level security filters rows, never columns: a policy that lets a user update their row lets them set every
/// column of it. PostgreSQL's column privileges close that gap, but only where the role has no table-level INSERT
/// or UPDATE, which covers every column (Supabase's default privileges grant ALL on every new table in `public`).
/// So the table-level privileges are revoked (which also revokes every column privilege, leaving a clean slate) and
/// INSERT and UPDATE granted again per column, on every column that is neither protected nor generated.
extension SQLDefinitions {
    /// The roles of API clients: what they may write is what anyone holding the anon key or a user's session may write.
    package static let clientRoles = ["anon", "authenticated"]

    /// `anon, authenticated`, quoted as needed.
    static var clientRoleList: String { clientRoles.map(SQLSyntax.quoteIdent).joined(separator: ", ") }

    /// `REVOKE INSERT, UPDATE ON TABLE t FROM anon, authenticated;`: the table-level privileges and every column one.
    package static func revokeClientWrites(_ table: QualifiedName) -> String {
        "REVOKE INSERT, UPDATE ON TABLE \(SQLSyntax.qualified(table)) FROM \(clientRoleList);"
    }

    /// `GRANT INSERT (a, b), UPDATE (a, b) ON TABLE t TO anon, authenticated;`, or nil for no columns.
    package static func grantClientWrites(_ table: QualifiedName, columns: [String]) -> String? {
        guard !columns.isEmpty else { return nil }
        let list = SQLDefinitions.list(columns)
        return "GRANT INSERT (\(list)), UPDATE (\(list)) ON TABLE \(SQLSyntax.qualified(table)) TO \(clientRoleList);"
    }

    /// `GRANT INSERT, UPDATE ON TABLE t TO anon, authenticated;`: back to the table-level privileges Supabase gives.
    package static func grantClientTableWrites(_ table: QualifiedName) -> String {
        "GRANT INSERT, UPDATE ON TABLE \(SQLSyntax.qualified(table)) TO \(clientRoleList);"
    }

    /// The statements that leave the API roles INSERT and UPDATE on exactly the table's client-writable columns;
    /// empty when no column is protected (the table's privileges are then left as they are).
    package static func clientColumnPrivileges(_ table: Table, name: QualifiedName? = nil) -> [String] {
        guard table.hasProtectedColumns else { return [] }
        let target = name ?? table.name
        return [revokeClientWrites(target)] + [grantClientWrites(target, columns: table.clientWritableColumns.map(\.name))].compactMap { $0 }
    }
}

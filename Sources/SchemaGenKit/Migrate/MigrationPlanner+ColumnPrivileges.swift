/// The API roles' column privileges on tables with protected columns (see `SQLDefinitions+ColumnPrivileges`):
/// planned from which columns the clients may write before and after, so a migration leaves the privileges a fresh
/// `rls.sql` would.
extension MigrationPlanner {
    mutating func diffColumnPrivileges() {
        for table in new.tables {
            let oldTable = tableMatches[table.name].flatMap { old.table($0) }
            let location = table.columns.first(where: \.isProtected).map { place("column", table.name, $0.name) }
                ?? place("table", table.name)
            let statements = Self.columnPrivilegeStatements(
                from: oldTable, to: table, oldName: { self.columnMatches[table.name]?[$0] },
                recreated: recreatedColumns[table.name] ?? [])
            for sql in statements { add(.rowLevelSecurity, sql, at: location) }
        }
    }

    /// The statements from the old table's client privileges to the new one's. `oldName` gives a new column's name
    /// in the old table (nil for a new column); `recreated` columns are dropped and added again, privileges and all.
    static func columnPrivilegeStatements(from oldTable: Table?, to table: Table, oldName: (String) -> String?,
                                          recreated: Set<String>) -> [String] {
        let wasNarrowed = oldTable?.hasProtectedColumns ?? false
        guard table.hasProtectedColumns else {
            // Back to what Supabase gives every table; the REVOKE first clears the column grants too.
            guard wasNarrowed else { return [] }
            return [SQLDefinitions.revokeClientWrites(table.name), SQLDefinitions.grantClientTableWrites(table.name)]
        }
        guard let oldTable, wasNarrowed else { return SQLDefinitions.clientColumnPrivileges(table) }
        let granted = Set(oldTable.clientWritableColumns.map(\.name))
        // New columns, columns the clients could not write before, and columns added again.
        let added = table.clientWritableColumns.filter { column in
            guard let before = oldName(column.name) else { return true }
            return !granted.contains(before) || recreated.contains(column.name)
        }.map(\.name)
        // A column the clients could write that they now may not (protected, or generated): start again.
        let kept = Set(table.clientWritableColumns.compactMap { oldName($0.name) })
        let revoked = table.columns.contains { column in
            guard let before = oldName(column.name) else { return false }
            return granted.contains(before) && !kept.contains(before)
        }
        if revoked { return SQLDefinitions.clientColumnPrivileges(table) }
        return [SQLDefinitions.grantClientWrites(table.name, columns: added)].compactMap { $0 }
    }
}

/// Views and materialized views: created after everything they read, dropped before what they read changes, replaced
/// in place (`CREATE OR REPLACE VIEW`) when PostgreSQL allows it.
///
/// A view that continues is dropped at the start of the migration and created again at its end when PostgreSQL would
/// refuse the migration's changes while it exists or cannot replace it in place: a table it reads is dropped, renamed
/// or moved, or loses, renames or retypes a column (or the column's enum is replaced); a view it reads is dropped or
/// created again; its own columns change other than by appending; its kind changes; or it is materialized and its
/// query or columns change. Dropping a view loses no data (a materialized view's rows are computed again from its
/// query), so it is not destructive; the plan says why in a comment above each `DROP`.
extension MigrationPlanner {
    mutating func diffViews() {
        // Old views in dependency order, so a view that reads a rebuilt view is seen after it.
        var rebuilt: [QualifiedName: String] = [:]
        var dropped: [(view: View, reason: String)] = []
        for view in old.views {
            let successor = new.views.first { $0.name == view.name }
            guard let reason = rebuildReason(view, successor, rebuilt: rebuilt) else { continue }
            rebuilt[view.name] = reason
            dropped.append((view, reason))
        }
        // Dependents first.
        for (view, reason) in dropped.reversed() {
            let location = new.views.contains { $0.name == view.name } ? place("view", view.name) : section("views")
            add(.dropViews, "DROP \(SQLDefinitions.viewKind(view)) \(SQLSyntax.qualified(view.name));", at: location, notes: [reason])
        }
        for view in new.views {
            let location = place("view", view.name)
            let previous = old.views.first { $0.name == view.name }
            guard let previous, rebuilt[view.name] == nil else {
                createView(view, at: location, again: previous != nil)
                continue
            }
            if view.materialized {
                if view.withData != previous.withData {
                    add(.createViews, "REFRESH MATERIALIZED VIEW \(SQLSyntax.qualified(view.name))\(view.withData ? "" : " WITH NO DATA");", at: location,
                        warnings: view.withData ? ["runs the query of \(view.name) to fill it"] : [],
                        notes: [view.withData ? "with_data: \(view.name) is filled" : "with_data: false, \(view.name) is emptied until REFRESH MATERIALIZED VIEW"])
                }
            } else if view.sql != previous.sql || view.securityInvoker != previous.securityInvoker || !sameColumns(previous.columns, view.columns) {
                let appended = view.columns.count > previous.columns.count
                add(.createViews, SQLDefinitions.createView(view, orReplace: true), at: location,
                    notes: appended ? ["columns are appended to \(view.name): replaced in place"] : [])
            }
            viewComments(view, previous: previous, at: location)
        }
    }

    /// Why an old view must be dropped before the migration's changes (and, if it continues, created again after
    /// them); nil when it can stay.
    func rebuildReason(_ view: View, _ successor: View?, rebuilt: [QualifiedName: String]) -> String? {
        let kind = view.materialized ? "materialized view" : "view"
        guard let successor else {
            return "\(kind) \(view.name) is no longer declared: dropped (no data is lost\(view.materialized ? "; its rows were computed from its query" : ""))"
        }
        let again = "dropped here and created again after the changes"
        if successor.materialized != view.materialized {
            return "\(view.name) becomes a \(successor.materialized ? "materialized view" : "plain view"): \(again)"
        }
        if let read = view.dependsOn.first(where: { rebuilt[$0] != nil }) {
            let continues = new.views.contains { $0.name == read }
            return "\(kind) \(view.name) reads \(read), which is dropped\(continues ? " and created again" : ""): \(again)"
        }
        for read in view.dependsOn {
            if let change = tableChange(read) { return "\(kind) \(view.name) reads \(change): \(again)" }
        }
        if let column = view.columns.first(where: { column in
            if case .enumeration(let name) = column.type.element { return isSwapped(name) }
            return false
        }) {
            return "the enum of \(view.name).\(column.name) is replaced: \(again)"
        }
        if view.materialized {
            if view.sql != successor.sql || !sameColumns(view.columns, successor.columns) {
                return "the query of materialized view \(view.name) changes: \(again)"
            }
        } else if !sameColumns(view.columns, Array(successor.columns.prefix(view.columns.count))) {
            return "the columns of view \(view.name) change (CREATE OR REPLACE VIEW can only append columns): \(again)"
        }
        return nil
    }

    /// What changes about an old table that a view cannot stay over: the table is dropped, renamed or moved, or a
    /// column is dropped, renamed, retyped, or dropped and added again for its generation expression; nil when nothing of that kind changes (or it is a view or
    /// an external table).
    func tableChange(_ oldName: QualifiedName) -> String? {
        guard let oldTable = old.tables.first(where: { $0.name == oldName }) else { return nil }
        guard let newName = newTableName(oldName), let table = new.table(newName) else { return "table \(oldName), which is dropped" }
        if newName != oldName { return "table \(oldName), which becomes \(newName)" }
        for oldColumn in oldTable.columns {
            guard let columnName = newColumnName(oldName, oldColumn.name), let column = table.column(columnName) else {
                return "\(oldName).\(oldColumn.name), which is dropped"
            }
            if columnName != oldColumn.name { return "\(oldName).\(oldColumn.name), which becomes \(columnName)" }
            if SQLDefault.type(renamedType(oldColumn.type)) != SQLDefault.type(column.type) {
                return "\(oldName).\(oldColumn.name), whose type changes"
            }
            if case .enumeration(let name) = oldColumn.type.element, isSwapped(name) {
                return "\(oldName).\(oldColumn.name), whose enum is replaced"
            }
            if Self.recreatesColumn(oldColumn, column) {
                return "\(oldName).\(oldColumn.name), whose generation changes"
            }
        }
        return nil
    }

    /// Same names and SQL types, in the same order (what `CREATE OR REPLACE VIEW` keeps).
    func sameColumns(_ a: [Column], _ b: [Column]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            x.name == y.name && SQLDefault.type(renamedType(x.type)) == SQLDefault.type(y.type)
        }
    }

    mutating func createView(_ view: View, at location: SourceLocation, again: Bool) {
        var warnings: [String] = []
        if view.materialized {
            warnings.append(view.withData
                ? "runs the query of materialized view \(view.name) to fill it\(again ? " (its rows are computed again)" : "")"
                : "materialized view \(view.name) is created WITH NO DATA: empty until REFRESH MATERIALIZED VIEW")
        }
        add(.createViews, SQLDefinitions.createView(view), at: location, warnings: warnings,
            notes: again ? ["privileges granted on \(view.name) outside schema.yaml must be granted again"] : [])
        viewComments(view, previous: nil, at: location)
    }

    mutating func viewComments(_ view: View, previous: View?, at location: SourceLocation) {
        let name = SQLSyntax.qualified(view.name)
        if view.comment != previous?.comment {
            add(.comments, "COMMENT ON \(SQLDefinitions.viewKind(view)) \(name) IS \(view.comment.map(SQLSyntax.literal) ?? "NULL");", at: location)
        }
        for column in view.columns {
            let before = previous?.columns.first { $0.name == column.name }?.comment
            if column.comment != before {
                add(.comments, "COMMENT ON COLUMN \(name).\(SQLSyntax.quoteIdent(column.name)) IS \(column.comment.map(SQLSyntax.literal) ?? "NULL");",
                    at: location)
            }
        }
    }
}

/// Standalone sequences: created after the enums and before the tables and columns whose `nextval` defaults use
/// them; renamed or moved (`renamed_from`) and altered in place (`ALTER SEQUENCE`); owned by their column once it exists; dropped after the columns and
/// tables that used them.
extension MigrationPlanner {
    mutating func diffSequences() {
        let location = section("sequences")
        for item in new.sequences {
            let name = SQLSyntax.qualified(item.name)
            guard let oldName = sequenceMatches[item.name], let before = old.sequences.first(where: { $0.name == oldName }) else {
                add(.createSequences, SQLDefinitions.createSequence(item), at: location)
                if let owner = item.ownedBy { add(.sequenceOwners, SQLDefinitions.sequenceOwner(item.name, owner), at: location) }
                if let comment = item.comment {
                    add(.comments, "COMMENT ON SEQUENCE \(name) IS \(SQLSyntax.literal(comment));", at: location)
                }
                continue
            }
            renameObject("SEQUENCE", from: oldName, to: item.name, at: location)
            let options = sequenceOptionChanges(from: before, to: item)
            if !options.isEmpty {
                add(.createSequences, "ALTER SEQUENCE \(name) \(options.joined(separator: " "));", at: location,
                    notes: ["options change; the sequence's current value is kept (RESTART is not issued)"])
            }
            if renamedOwner(before.ownedBy) != item.ownedBy {
                let owner = item.ownedBy.map { SQLDefinitions.sequenceOwner(item.name, $0) } ?? "ALTER SEQUENCE \(name) OWNED BY NONE;"
                add(.sequenceOwners, owner, at: location)
            }
            if before.comment != item.comment {
                add(.comments, "COMMENT ON SEQUENCE \(name) IS \(item.comment.map(SQLSyntax.literal) ?? "NULL");", at: location)
            }
        }
        for item in old.sequences where newSequenceName(item.name) == nil {
            // A sequence owned by a column this migration drops goes with it.
            let ownerDropped = item.ownedBy.map { renamedOwner($0) == nil } ?? false
            add(.dropSequences, "DROP SEQUENCE \(ownerDropped ? "IF EXISTS " : "")\(SQLSyntax.qualified(item.name));", at: location,
                destructive: "drops sequence \(item.name) and its current value")
        }
    }

    /// The owner of an old sequence under its names after this migration's renames; nil when the column goes.
    func renamedOwner(_ owner: SequenceObject.OwnedBy?) -> SequenceObject.OwnedBy? {
        guard let owner, let table = newTableName(owner.table), let column = newColumnName(owner.table, owner.column) else { return nil }
        return SequenceObject.OwnedBy(table: table, column: column)
    }

    /// The clauses of `ALTER SEQUENCE` that turn one sequence's options into another's: an option the schema no
    /// longer gives goes back to PostgreSQL's default for the type and direction (`NO MINVALUE`).
    func sequenceOptionChanges(from before: SequenceObject, to after: SequenceObject) -> [String] {
        var clauses: [String] = []
        if before.dataType != after.dataType { clauses.append("AS \(after.dataType.sqlName)") }
        if before.effectiveIncrement != after.effectiveIncrement { clauses.append("INCREMENT BY \(after.effectiveIncrement)") }
        if before.effectiveMinValue != after.effectiveMinValue || before.dataType != after.dataType {
            clauses.append(after.minValue.map { "MINVALUE \($0)" } ?? "NO MINVALUE")
        }
        if before.effectiveMaxValue != after.effectiveMaxValue || before.dataType != after.dataType {
            clauses.append(after.maxValue.map { "MAXVALUE \($0)" } ?? "NO MAXVALUE")
        }
        if before.effectiveStart != after.effectiveStart || !clauses.isEmpty && after.start == nil && before.start != nil {
            clauses.append("START WITH \(after.effectiveStart)")
        }
        if (before.cache ?? 1) != (after.cache ?? 1) { clauses.append("CACHE \(after.cache ?? 1)") }
        if before.cycle != after.cycle { clauses.append(after.cycle ? "CYCLE" : "NO CYCLE") }
        return clauses
    }
}

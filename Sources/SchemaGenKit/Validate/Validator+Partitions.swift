/// Reading `partition_by:` on a table and the partitions (`partition_of:` with `for_values:`), and attaching each
/// partition to its parent.
extension Validator {
    /// `partition_by: { range: [a, b] }`, `{ list: region }`, `{ hash: [id] }`; a key part is a column or an
    /// expression in parentheses.
    mutating func readPartitioning(_ entry: Entry, into draft: inout TableDraft) {
        let path = draft.path + ".partition_by"
        let strategies = Partitioning.Strategy.allCases.map(\.rawValue)
        guard let parts = reader.mapping(entry.value, path, allowed: strategies) else { return }
        guard parts.count == 1, let part = parts.first, let strategy = Partitioning.Strategy(rawValue: part.key) else {
            reader.report(.invalidValue("partition_by takes exactly one of: \(strategies.joined(separator: ", "))"), entry.value, path)
            invalidPartitionKeys.insert(draft.table.name)
            return
        }
        var keys: [PartitionKey] = []
        var valid = true
        defer {
            // A partition of a table whose key is wrong is not checked against it: the key's error is the one to fix.
            if !valid { invalidPartitionKeys.insert(draft.table.name) }
        }
        for (text, node) in reader.stringList(part.value, "\(path).\(part.key)") ?? [] {
            let trimmed = text.trimmingWhitespace()
            if trimmed.hasPrefix("(") && trimmed.hasSuffix(")") && trimmed.count > 2 {
                keys.append(PartitionKey(column: nil, expression: trimmed))
                continue
            }
            guard requireColumn(trimmed, in: draft, node, "\(path).\(part.key)") else { valid = false; continue }
            if draft.table.column(trimmed)?.generated != nil {
                reader.report(.invalidValue("the generated column '\(trimmed)' cannot be part of a partition key"), node, "\(path).\(part.key)")
                valid = false
                continue
            }
            keys.append(PartitionKey(column: trimmed, expression: nil))
        }
        if keys.isEmpty {
            valid = false
            if case .sequence(let items) = part.value.kind, items.isEmpty {
                reader.report(.emptyList("a partition key"), part.value, "\(path).\(part.key)")
            }
            return
        }
        if strategy == .list && keys.count > 1 {
            reader.report(.invalidValue("list partitioning takes one key column or expression, not \(keys.count)"), part.value, "\(path).\(part.key)")
            valid = false
            return
        }
        draft.table.partitioning = Partitioning(strategy: strategy, keys: keys, partitions: [])
        draft.partitionNode = entry.keyNode
    }

    /// A table with `partition_of:`: its parent and bound are checked once every table is read.
    mutating func readPartition(_ name: QualifiedName, entry: Entry, fields: [Entry], parent: Entry, path: String) {
        for field in fields where !Validator.partitionKeys.contains(field.key) {
            reader.report(.invalidValue("a partition has its parent's columns, keys, indexes and policies; '\(field.key)' belongs on the parent",
                                        hint: "a partition takes only: \(Validator.partitionKeys.joined(separator: ", "))"),
                          field.keyNode, path)
        }
        guard let parentName = reader.string(parent.value, path + ".partition_of", what: "a table name") else { return }
        let bound = fields["for_values"]
        if bound == nil { reader.report(.missingKey("for_values"), entry.value, path) }
        pendingPartitions.append(PendingPartition(
            name: name, parent: parentName, parentNode: parent.value, bound: bound?.value,
            comment: fields["comment"].flatMap { reader.string($0.value, path + ".comment") }, node: entry.keyNode, path: path))
    }

    /// Attaches every partition to its parent, checking its bound against the parent's strategy and key, and checks
    /// that each partitioned table's primary key and unique constraints contain the partition key.
    mutating func resolvePartitions() {
        var seen: [QualifiedName: SourceLocation] = [:]
        let tableNames = drafts.filter { !$0.table.isExternal }.map {
            $0.table.name.schema == "public" ? $0.table.name.name : $0.table.name.description
        }
        for pending in pendingPartitions {
            if let first = seen[pending.name] ?? drafts.first(where: { $0.table.name == pending.name })?.node.location {
                reader.report(.duplicateName("table", pending.name.description, first: first), pending.node, pending.path)
                continue
            }
            seen[pending.name] = pending.node.location
            guard let parentName = qualifiedName(pending.parent, pending.parentNode, pending.path + ".partition_of") else { continue }
            guard let index = draftIndex[parentName], !drafts[index].table.isExternal else {
                reader.report(.unknownTable(pending.parent, candidates: tableNames), pending.parentNode, pending.path + ".partition_of")
                continue
            }
            if invalidPartitionKeys.contains(parentName) { continue }
            guard let partitioning = drafts[index].table.partitioning else {
                reader.report(.invalidValue("table \(parentName) is not partitioned",
                                            hint: "give it 'partition_by: { range | list | hash: [columns] }'"),
                              pending.parentNode, pending.path + ".partition_of")
                continue
            }
            guard let boundNode = pending.bound,
                  let bound = partitionBound(boundNode, partitioning, parent: parentName, path: pending.path + ".for_values") else { continue }
            if case .hash(let modulus, let remainder) = bound,
               partitioning.partitions.contains(where: { $0.bound == .hash(modulus: modulus, remainder: remainder) }) {
                reader.report(.invalidValue("another partition of \(parentName) already holds modulus \(modulus), remainder \(remainder)"),
                              boundNode, pending.path + ".for_values")
                continue
            }
            if bound == .defaultPartition, partitioning.partitions.contains(where: { $0.bound == .defaultPartition }) {
                reader.report(.invalidValue("table \(parentName) already has a default partition"), boundNode, pending.path + ".for_values")
                continue
            }
            drafts[index].table.partitioning?.partitions.append(Partition(name: pending.name, bound: bound, comment: pending.comment))
        }
        for draft in drafts {
            guard let partitioning = draft.table.partitioning else { continue }
            let keyColumns = partitioning.keys.compactMap(\.column)
            let hasExpression = partitioning.keys.contains { $0.column == nil }
            func check(_ kind: String, _ columns: [String], _ node: YAMLNode?) {
                let missing = keyColumns.filter { !columns.contains($0) }
                if hasExpression {
                    reader.report(.invalidValue("table \(draft.table.name) is partitioned by an expression, so it cannot have a \(kind)",
                                                hint: "PostgreSQL enforces a \(kind) on a partitioned table only when the partition key is plain columns"),
                                  node ?? draft.node, draft.path)
                } else if !missing.isEmpty {
                    reader.report(.invalidValue("the \(kind) of partitioned table \(draft.table.name) must include the partition key column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))",
                                                hint: "PostgreSQL checks uniqueness within each partition only"),
                                  node ?? draft.node, draft.path)
                }
            }
            if let key = draft.table.primaryKey { check("primary key", key.columns, draft.primaryKeyNode) }
            for (offset, unique) in draft.table.uniques.enumerated() {
                check("unique constraint", unique.columns, offset < draft.uniqueNodes.count ? draft.uniqueNodes[offset] : nil)
            }
            for (offset, index) in draft.table.indexes.enumerated() where index.unique {
                check("unique index", index.parts.compactMap(\.column), offset < draft.indexNodes.count ? draft.indexNodes[offset] : nil)
            }
        }
    }

    /// `default`, `{ from: [...], to: [...] }`, `{ in: [...] }` or `{ modulus: m, remainder: r }`, by the strategy.
    mutating func partitionBound(_ node: YAMLNode, _ partitioning: Partitioning, parent: QualifiedName, path: String) -> PartitionBound? {
        let strategy = partitioning.strategy
        let expected: String
        switch strategy {
        case .range: expected = "{ from: [...], to: [...] } or default"
        case .list: expected = "{ in: [...] } or default"
        case .hash: expected = "{ modulus: m, remainder: r }"
        }
        if case .scalar(let text, true) = node.kind, text == "default" {
            if strategy == .hash {
                reader.report(.invalidValue("a hash-partitioned table has no default partition", hint: "write \(expected)"), node, path)
                return nil
            }
            return .defaultPartition
        }
        let allowed: [String]
        switch strategy {
        case .range: allowed = ["from", "to"]
        case .list: allowed = ["in"]
        case .hash: allowed = ["modulus", "remainder"]
        }
        guard case .mapping(let pairs) = node.kind else {
            reader.report(.wrongKind(expected: expected, found: node.shown), node, path)
            return nil
        }
        if let stray = pairs.first(where: { !allowed.contains($0.key.scalar ?? "") }),
           let key = stray.key.scalar, ["from", "to", "in", "modulus", "remainder"].contains(key) {
            // The bound of another strategy: one error that says which form this parent takes.
            reader.report(.invalidValue("\(parent) is partitioned by \(strategy.rawValue), so its partitions take for_values: \(expected)"),
                          stray.key, path)
            return nil
        }
        guard let fields = reader.mapping(node, path, allowed: allowed) else { return nil }
        for key in allowed where fields[key] == nil {
            reader.report(.missingKey(key), node, path)
            return nil
        }
        switch strategy {
        case .range:
            guard let from = fields["from"], let to = fields["to"],
                  let low = boundValues(from.value, keys: partitioning.keys.count, range: true, path: path + ".from"),
                  let high = boundValues(to.value, keys: partitioning.keys.count, range: true, path: path + ".to") else { return nil }
            return .range(from: low, to: high)
        case .list:
            guard let values = fields["in"], let list = boundValues(values.value, keys: nil, range: false, path: path + ".in") else { return nil }
            return .list(list)
        case .hash:
            guard let modulusEntry = fields["modulus"], let remainderEntry = fields["remainder"],
                  let modulus = reader.int(modulusEntry.value, path + ".modulus"),
                  let remainder = reader.int(remainderEntry.value, path + ".remainder") else { return nil }
            if modulus < 1 {
                reader.report(.invalidValue("modulus must be a positive integer"), modulusEntry.value, path + ".modulus")
                return nil
            }
            if remainder < 0 || remainder >= modulus {
                reader.report(.invalidValue("remainder must be at least 0 and less than the modulus (\(modulus))"),
                              remainderEntry.value, path + ".remainder")
                return nil
            }
            return .hash(modulus: modulus, remainder: remainder)
        }
    }

    /// The values of a bound: one per key part for a range (`MINVALUE`/`MAXVALUE` allowed), one or more for a list
    /// (`null` allowed); a single value may be written without brackets.
    mutating func boundValues(_ node: YAMLNode, keys: Int?, range: Bool, path: String) -> [PartitionValue]? {
        var items: [YAMLNode] = [node]
        var isList = false
        if case .sequence(let list) = node.kind { items = list; isList = true }
        if items.isEmpty {
            reader.report(.emptyList("a partition bound"), node, path)
            return nil
        }
        if let keys, items.count != keys {
            reader.report(.invalidValue("a range bound has one value per partition key part: \(keys), not \(items.count)"), node, path)
            return nil
        }
        var values: [PartitionValue] = []
        for (offset, item) in items.enumerated() {
            let itemPath = isList ? "\(path)[\(offset)]" : path
            guard case .scalar(let text, let plain) = item.kind else {
                reader.report(.wrongKind(expected: "a value", found: item.shown), item, itemPath)
                return nil
            }
            if item.isNull {
                if range {
                    reader.report(.invalidValue("a range bound cannot be null", hint: "use minvalue or maxvalue"), item, itemPath)
                    return nil
                }
                values.append(.null)
            } else if plain && ["minvalue", "maxvalue"].contains(text.lowercased()) {
                guard range else {
                    reader.report(.invalidValue("\(text) belongs in a range bound"), item, itemPath)
                    return nil
                }
                values.append(text.lowercased() == "minvalue" ? .minValue : .maxValue)
            } else if plain && (text == "true" || text == "false") {
                values.append(.boolean(text == "true"))
            } else if plain, text.range(of: #"^-?\d+(\.\d+)?$"#, options: .regularExpression) != nil {
                values.append(.number(text))
            } else {
                values.append(.string(text))
            }
        }
        if range {
            // After MINVALUE or MAXVALUE every later value must be one too (PostgreSQL's rule).
            if let first = values.firstIndex(where: { $0 == .minValue || $0 == .maxValue }),
               values[first...].contains(where: { $0 != .minValue && $0 != .maxValue }) {
                reader.report(.invalidValue("every value after minvalue or maxvalue must be minvalue or maxvalue too"), node, path)
                return nil
            }
        }
        return values
    }
}

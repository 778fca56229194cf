/// A unified diff of two texts, cut after a number of lines, for `schemagen check`.
public enum UnifiedDiff {
    /// Renders `--- old` / `+++ new` hunks with three lines of context; at most `limit` lines of hunks.
    public static func render(old: String, new: String, oldName: String, newName: String, limit: Int = 40) -> String {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let edits = diff(a, b)
        var lines = ["--- \(oldName)", "+++ \(newName)"]
        var body: [String] = []
        var index = 0
        while index < edits.count {
            guard let start = edits[index...].firstIndex(where: { $0.kind != .same }) else { break }
            var end = start
            var lastChange = start
            while end < edits.count {
                if edits[end].kind != .same { lastChange = end }
                if end - lastChange > 6 { break }
                end += 1
            }
            let from = max(index, start - 3), to = min(edits.count, lastChange + 4)
            let hunk = edits[from..<to]
            let oldStart = (hunk.first?.oldLine ?? 0) + 1, newStart = (hunk.first?.newLine ?? 0) + 1
            let oldCount = hunk.filter { $0.kind != .insert }.count, newCount = hunk.filter { $0.kind != .delete }.count
            body.append("@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@")
            for edit in hunk {
                switch edit.kind {
                case .same: body.append(" " + edit.text)
                case .delete: body.append("-" + edit.text)
                case .insert: body.append("+" + edit.text)
                }
            }
            index = to
        }
        if body.count > limit {
            let hidden = body.count - limit
            body = Array(body.prefix(limit)) + ["... (\(hidden) more line\(hidden == 1 ? "" : "s"))"]
        }
        lines += body
        return lines.joined(separator: "\n")
    }

    struct Edit {
        enum Kind { case same, delete, insert }
        var kind: Kind
        var text: String
        var oldLine: Int
        var newLine: Int
    }

    /// Line diff: common prefix and suffix trimmed, then an LCS over what is left (bounded to keep it fast).
    static func diff(_ a: [String], _ b: [String]) -> [Edit] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let midA = Array(a[prefix..<(a.count - suffix)]), midB = Array(b[prefix..<(b.count - suffix)])
        var edits: [Edit] = (0..<prefix).map { Edit(kind: .same, text: a[$0], oldLine: $0, newLine: $0) }
        if midA.count * midB.count > 4_000_000 {
            edits += midA.enumerated().map { Edit(kind: .delete, text: $0.element, oldLine: prefix + $0.offset, newLine: prefix) }
            edits += midB.enumerated().map { Edit(kind: .insert, text: $0.element, oldLine: prefix + midA.count, newLine: prefix + $0.offset) }
        } else {
            var table = [[Int]](repeating: [Int](repeating: 0, count: midB.count + 1), count: midA.count + 1)
            for i in stride(from: midA.count - 1, through: 0, by: -1) {
                for j in stride(from: midB.count - 1, through: 0, by: -1) {
                    table[i][j] = midA[i] == midB[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
                }
            }
            var i = 0, j = 0
            while i < midA.count || j < midB.count {
                if i < midA.count, j < midB.count, midA[i] == midB[j] {
                    edits.append(Edit(kind: .same, text: midA[i], oldLine: prefix + i, newLine: prefix + j)); i += 1; j += 1
                } else if i < midA.count, j == midB.count || table[i + 1][j] >= table[i][j + 1] {
                    // On a tie the old line goes first: a changed line reads `-old` then `+new`, as diff -u prints it.
                    edits.append(Edit(kind: .delete, text: midA[i], oldLine: prefix + i, newLine: prefix + j)); i += 1
                } else {
                    edits.append(Edit(kind: .insert, text: midB[j], oldLine: prefix + i, newLine: prefix + j)); j += 1
                }
            }
        }
        let baseA = a.count - suffix, baseB = b.count - suffix
        edits += (0..<suffix).map { Edit(kind: .same, text: a[baseA + $0], oldLine: baseA + $0, newLine: baseB + $0) }
        return edits
    }
}

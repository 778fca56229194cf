import Foundation

/// The project directory (the schema file's), which files the schema names must stay inside once symlinks are
/// resolved: the validator rejects `..` and absolute paths, and this catches a symlink inside the project that
/// points out of it (a template or output that reads `/etc/passwd` would print it in `check`'s diff).
public enum ProjectDirectory {
    /// Whether `path` (absolute, or relative to the working directory) lies inside `base`, symlinks resolved.
    ///
    /// A path that does not exist yet is judged by its deepest existing ancestor and the names after it.
    public static func contains(_ path: String, in base: String) -> Bool {
        guard let root = resolved(base) else { return false }
        guard let target = resolved(path) else { return false }
        return target == root || target.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    /// Where a path leads, symlinks resolved; for a missing file, its deepest existing ancestor resolved plus the rest.
    static func resolved(_ path: String) -> String? {
        let absolute = (path as NSString).isAbsolutePath
            ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        var existing = absolute
        var rest: [String] = []
        while true {
            if let real = realpath(existing, nil) {
                defer { free(real) }
                let head = String(cString: real)
                // The names after the existing part are plain names (the validator refuses `..`), so no symlink follows.
                if rest.contains("..") { return nil }
                return rest.isEmpty ? head : (head as NSString).appendingPathComponent(rest.reversed().joined(separator: "/"))
            }
            let parent = (existing as NSString).deletingLastPathComponent
            if parent == existing || parent.isEmpty { return nil }
            let name = (existing as NSString).lastPathComponent
            if name != "." { rest.append(name) }
            existing = parent
        }
    }
}

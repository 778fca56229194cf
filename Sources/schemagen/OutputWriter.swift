import Foundation

/// Writes outputs atomically, and only when their bytes changed, so build systems see no change.
///
/// Writing is staged: each changed output goes to a temporary file beside its destination as soon as it is
/// rendered (so no more than one output is held in memory), and the temporary files are renamed into place only
/// when every output rendered without errors; otherwise they are removed and nothing is written.
enum OutputWriter {
    /// A changed output written beside its destination, not yet in place.
    struct Staged {
        var temporary: String
        var path: String
    }

    /// A file that could not be written, with the system's reason (`No space left on device`).
    struct WriteError: Error, CustomStringConvertible {
        var path: String
        var reason: String

        init(path: String, errorNumber: Int32) {
            self.path = path
            self.reason = String(cString: strerror(errorNumber))
        }

        var description: String { "cannot write \(path): \(reason)" }
    }

    /// Writes `contents` to a temporary file beside `path`, or returns nil when the file already holds those bytes.
    static func stage(_ contents: String, to path: String) throws -> Staged? {
        if let existing = mapped(path), same(existing, contents) { return nil }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                // The reason is the system's, not Foundation's wrapping of it.
                let errorNumber = mkdir(directory, 0o777) == 0 ? 0 : errno
                throw WriteError(path: directory, errorNumber: errorNumber == 0 ? EIO : errorNumber)
            }
        }
        let temporary = (directory.isEmpty ? "." : directory) + "/.\((path as NSString).lastPathComponent).schemagen-\(getpid())"
        let errorNumber = write(contents, toNewFile: temporary)
        guard errorNumber == 0 else {
            unlink(temporary)
            throw WriteError(path: path, errorNumber: errorNumber)
        }
        return Staged(temporary: temporary, path: path)
    }

    /// A file's bytes, mapped rather than read when the system allows, so comparing a large output costs no copy.
    static func mapped(_ path: String) -> Data? {
        try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
    }

    /// Writes a string's UTF-8 to a new file (mode 0666 less the umask, as before) straight from the string's storage;
    /// returns 0, or the `errno` of the failure (a full disk may only say so when the file is closed).
    private static func write(_ contents: String, toNewFile path: String) -> Int32 {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o666)
        guard descriptor >= 0 else { return errno }
        var contents = contents
        let failure: Int32 = contents.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return 0
        }
        if failure != 0 { close(descriptor); return failure }
        return close(descriptor) == 0 ? 0 : errno
    }

    /// Moves staged outputs into place; returns their paths.
    static func commit(_ staged: [Staged]) throws -> [String] {
        for (index, file) in staged.enumerated() where rename(file.temporary, file.path) != 0 {
            let errorNumber = errno
            discard(Array(staged[index...]))
            throw WriteError(path: file.path, errorNumber: errorNumber)
        }
        return staged.map(\.path)
    }

    /// Removes staged outputs.
    static func discard(_ staged: [Staged]) {
        for file in staged { unlink(file.temporary) }
    }

    /// Writes files all or none: each to a temporary file beside it, then renamed into place. On a failure what was
    /// renamed is undone (a file's `previous` contents put back, a file that had none removed, a directory made for
    /// them removed) and the error rethrown.
    static func writeAllOrNone(_ files: [(path: String, contents: String)], previous: [String: String] = [:],
                               directory: String) throws {
        var isDirectory: ObjCBool = false
        let madeDirectory = !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
        var staged: [Staged] = []
        do {
            for file in files {
                if let change = try stage(file.contents, to: file.path) { staged.append(change) }
            }
            _ = try commit(staged)
        } catch {
            // The files renamed into place before the failure (their temporary files are gone).
            let renamed = staged.filter { access($0.temporary, F_OK) != 0 }
            discard(staged)
            for file in renamed {
                if let contents = previous[file.path] { _ = try? write(contents, to: file.path) } else { unlink(file.path) }
            }
            if madeDirectory { _ = try? FileManager.default.removeItem(atPath: directory) }
            throw error
        }
    }

    /// Writes one output now; returns whether the file was written.
    static func write(_ contents: String, to path: String) throws -> Bool {
        guard let staged = try stage(contents, to: path) else { return false }
        _ = try commit([staged])
        return true
    }

    /// Whether a file's bytes are a string's UTF-8, compared without copying either.
    static func same(_ data: Data, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            data.count == utf8.count && data.withUnsafeBytes { raw in
                utf8.isEmpty || memcmp(raw.baseAddress!, utf8.baseAddress!, utf8.count) == 0
            }
        }
    }
}

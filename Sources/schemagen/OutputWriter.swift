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

    /// Writes `contents` to a temporary file beside `path`, or returns nil when the file already holds those bytes.
    static func stage(_ contents: String, to path: String) throws -> Staged? {
        if let existing = mapped(path), same(existing, contents) { return nil }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let temporary = (directory.isEmpty ? "." : directory) + "/.\((path as NSString).lastPathComponent).schemagen-\(getpid())"
        guard write(contents, toNewFile: temporary) else {
            unlink(temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
        }
        return Staged(temporary: temporary, path: path)
    }

    /// A file's bytes, mapped rather than read when the system allows, so comparing a large output costs no copy.
    static func mapped(_ path: String) -> Data? {
        try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
    }

    /// Writes a string's UTF-8 to a new file (mode 0666 less the umask, as before) straight from the string's storage.
    private static func write(_ contents: String, toNewFile path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o666)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var contents = contents
        return contents.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }

    /// Moves staged outputs into place; returns their paths.
    static func commit(_ staged: [Staged]) throws -> [String] {
        for (index, file) in staged.enumerated() where rename(file.temporary, file.path) != 0 {
            discard(Array(staged[index...]))
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path])
        }
        return staged.map(\.path)
    }

    /// Removes staged outputs.
    static func discard(_ staged: [Staged]) {
        for file in staged { unlink(file.temporary) }
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

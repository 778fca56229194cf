import Foundation

// Build tool of the EmbedTemplates plugin: writes a Swift source that holds every template of `Templates/` as a
// string literal, so the built-in templates live inside the binary and the .mustache files stay their one source.
//
// Usage: embed-templates OUTPUT.swift [--json-schema SCHEMA.json] TEMPLATE.mustache...

/// A raw multi-line string literal whose contents are exactly `text`, byte for byte.
func literal(_ text: String) -> String {
    // One `#` more than the longest run of `#` after a quote, so no quote in the text can end the literal.
    var longest = 0, run = -1
    for scalar in text.unicodeScalars {
        if scalar == "\"" { run = 0 } else if scalar == "#", run >= 0 { run += 1; longest = max(longest, run) } else { run = -1 }
    }
    let hashes = String(repeating: "#", count: longest + 1)
    // A multi-line literal reads CR, CR LF and other line breaks as LF; written as escapes, they stay what they are.
    var body = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\r": body += "\\\(hashes)r"
        case "\n", "\t": body.unicodeScalars.append(scalar)
        case _ where scalar.value < 0x20 || scalar.value == 0x7F:
            body += "\\\(hashes)u{\(String(scalar.value, radix: 16))}"
        default: body.unicodeScalars.append(scalar)
        }
    }
    // The line break before the closing delimiter is not part of the literal; one more keeps a final newline.
    return "\(hashes)\"\"\"\n\(body)\n\"\"\"\(hashes)"
}

let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else {
    FileHandle.standardError.write(Data("usage: embed-templates OUTPUT.swift TEMPLATE.mustache...\n".utf8))
    exit(2)
}
/// The text of a UTF-8 file, or exit 1 naming what it is.
func read(_ path: String, what: String) -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("\(path): error: cannot read the \(what)\n".utf8))
        exit(1)
    }
    guard let text = String(data: data, encoding: .utf8) else {
        FileHandle.standardError.write(Data("\(path): error: the \(what) is not valid UTF-8\n".utf8))
        exit(1)
    }
    return text
}

var rest = Array(arguments.dropFirst())
var jsonSchema: String?
if rest.first == "--json-schema", rest.count >= 2 {
    jsonSchema = read(rest[1], what: "JSON Schema")
    rest.removeFirst(2)
}
var entries: [(name: String, text: String)] = []
for path in rest {
    let text = read(path, what: "template")
    let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    entries.append((name, text))
}
entries.sort { $0.name < $1.name }

var source = """
// Generated at build time from Templates/*.mustache by the EmbedTemplates plugin. DO NOT EDIT.

extension TemplateSet {
    /// The text of every template in `Templates/`, by name (`sql` for `sql.mustache`).
    static let embeddedSources: [String: String] = [

"""
for entry in entries {
    source += "        \(entry.name.debugDescription): \(literal(entry.text)),\n"
}
source += entries.isEmpty ? "        :\n    ]\n}\n" : "    ]\n}\n"
if let jsonSchema {
    source += """

    extension EditorSchema {
        /// docs/schema.json as it was when this library was built.
        static let embedded: String = \(literal(jsonSchema))
    }

    """
}

do {
    let data = Data(source.utf8)
    // The same bytes are not rewritten: SwiftPM may rerun this command (a new build configuration, a relinked tool),
    // and an untouched file does not recompile the library.
    if FileManager.default.contents(atPath: output) != data {
        try data.write(to: URL(fileURLWithPath: output), options: .atomic)
    }
} catch {
    FileHandle.standardError.write(Data("\(output): error: cannot write the embedded templates: \(error)\n".utf8))
    exit(1)
}

/// The JSON Schema of schema.yaml (docs/schema.json), built into the library so that `schemagen init` can give an
/// editor (through the `yaml-language-server` line) a schema that exists and matches this schemagen.
public enum EditorSchema {
    /// The JSON Schema's text, byte for byte docs/schema.json of the source this schemagen was built from.
    public static var json: String { embedded }

    /// The file name `schemagen init` writes it to, beside the schema file.
    public static let defaultFileName = "schemagen.schema.json"
}

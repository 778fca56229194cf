/// The version of schemagen: the one place it is written (`schemagen --version`, generated headers, release archives).
public enum SchemaGenVersion {
    /// The version, `MAJOR.MINOR.PATCH`.
    public static let current = "0.1.0"
}

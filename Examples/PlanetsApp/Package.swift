// swift-tools-version: 6.0
import PackageDescription

// An app that uses schemagen's build-tool plugin: Sources/PlanetsApp/schema.yaml becomes Swift Codable models at
// build time. In your own package, depend on schemagen by URL instead of by path.
let package = Package(
    name: "PlanetsApp",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "schemagen", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "PlanetsApp",
            // `swift package generate-schema` writes the SQL and the other configured outputs there.
            exclude: ["Generated"],
            plugins: [.plugin(name: "SchemaGenPlugin", package: "schemagen")]
        ),
    ]
)

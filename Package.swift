// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "schemagen",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "schemagen", targets: ["schemagen"]),
        .library(name: "SchemaGenKit", targets: ["SchemaGenKit"]),
        .plugin(name: "SchemaGenPlugin", targets: ["SchemaGenPlugin"]),
        .plugin(name: "GenerateSchema", targets: ["GenerateSchema"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Test only: the Mustache library the templates were first rendered with, to compare the engine against.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // Test only: random edit sequences for the migration planner's property test.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .target(
            name: "SchemaGenKit",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
            ],
            path: ".",
            exclude: ["Sources/schemagen", "Sources/SchemaGenFuzz", "Sources/bench-floor", "Sources/embed-templates", "Tests",
                      "Generated", "README.md", "schema.yaml", "scripts", "docs", "Plugins", "Examples", "Templates"],
            sources: ["Sources/SchemaGenKit"],
            // The built-in templates are compiled in from Templates/ (no resource bundle to ship beside the binary).
            plugins: ["EmbedTemplates"]
        ),
        // Build tool of EmbedTemplates: Templates/*.mustache -> one Swift source of string literals. Foundation only.
        .executableTarget(
            name: "embed-templates",
            path: "Sources/embed-templates"
        ),
        .plugin(
            name: "EmbedTemplates",
            capability: .buildTool(),
            dependencies: ["embed-templates"]
        ),
        .executableTarget(
            name: "schemagen",
            dependencies: [
                "SchemaGenKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fuzzing the loader and validator: scripts/fuzz.sh builds it with -sanitize=fuzzer; a plain build replays inputs.
        .executableTarget(
            name: "SchemaGenFuzz",
            dependencies: ["SchemaGenKit"]
        ),
        // The process floor scripts/bench.sh compares schemagen against.
        .executableTarget(
            name: "bench-floor",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Build-tool plugin: a target's schema.yaml becomes Swift Codable models at build time.
        .plugin(
            name: "SchemaGenPlugin",
            capability: .buildTool(),
            dependencies: ["schemagen"]
        ),
        // Command plugin: `swift package --allow-writing-to-package-directory generate-schema` writes every output.
        .plugin(
            name: "GenerateSchema",
            capability: .command(
                intent: .custom(verb: "generate-schema", description: "Write every output configured in the package's schema.yaml files"),
                permissions: [.writeToPackageDirectory(reason: "schemagen writes the generated files (SQL, Drizzle, SQLAlchemy, Swift) into the package")]
            ),
            dependencies: ["schemagen"]
        ),
        .testTarget(
            name: "SchemaGenKitTests",
            dependencies: [
                "SchemaGenKit",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
    ]
)

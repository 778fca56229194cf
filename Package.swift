// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "schemagen",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "schemagen", targets: ["schemagen"]),
        // pull, status and migrate apply: the commands that talk to a database. Without the Database trait it only
        // says how to build it, so `swift build` (pre-commit, plugins) never compiles the PostgreSQL driver.
        .executable(name: "schemagen-db", targets: ["schemagen-db"]),
        .library(name: "SchemaGenKit", targets: ["SchemaGenKit"]),
        .plugin(name: "SchemaGenPlugin", targets: ["SchemaGenPlugin"]),
        .plugin(name: "GenerateSchema", targets: ["GenerateSchema"]),
    ],
    traits: [
        .trait(name: "Database", description: "Builds schemagen-db with the PostgreSQL driver (postgres-nio): pull, status, migrate apply"),
        .default(enabledTraits: []),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // Only with the Database trait: the driver behind schemagen-db.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // Test only: random edit sequences for the migration planner's property test.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .target(
            name: "SchemaGenKit",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            path: ".",
            exclude: ["Sources/schemagen", "Sources/schemagen-db", "Sources/SchemaGenFuzz", "Sources/bench-floor", "Tests", "Generated", "README.md", "schema.yaml", "scripts", "docs", "Plugins", "Examples"],
            sources: ["Sources/SchemaGenKit"],
            resources: [.copy("Templates")]
        ),
        .executableTarget(
            name: "schemagen",
            dependencies: [
                "SchemaGenKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "schemagen-db",
            dependencies: [
                "SchemaGenKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["Database"])),
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
                .product(name: "Mustache", package: "swift-mustache"),
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
            ]
        ),
    ]
)

import ArgumentParser

/// `--db URL`, shared by every command that connects.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database URL (postgres://...); else DATABASE_URL, else the PG* variables.", valueName: "url"))
    var db: String?
}

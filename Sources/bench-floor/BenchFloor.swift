import ArgumentParser
import Foundation
import Yams

/// The process floor for `scripts/bench.sh`: links what schemagen links (Foundation, Yams, ArgumentParser),
/// parses its arguments like the CLI does, and exits without doing any work.
@main
struct BenchFloor: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench-floor", abstract: "Start and exit.")

    @Option(name: .long, help: "Ignored; accepted so the command line looks like schemagen's.")
    var schema: String = "schema.yaml"

    func run() throws {
        // Touch each library so none of them is dropped at link time.
        _ = FileManager.default.currentDirectoryPath
        _ = Yams.Node.Scalar.Style.plain
    }
}

import Foundation
import SchemaGenKit

/// Whether each generated file on disk (or in the git index) is what schema.yaml generates; shared by `check` and
/// `status`.
enum OutputFreshness {
    /// One output's state.
    enum State {
        case fresh
        /// Up to date on disk but not in the git index (only with an index).
        case notStaged
        case missing
        /// Differs: why (the `stale: ...` or `edited by hand: ...` line) and the current contents.
        case stale(reason: String, current: String)
    }

    /// One output compared.
    struct Output {
        var path: String
        var expected: String
        var state: State
    }

    /// Compares every output of the compilation with the file on disk, or with the index when one is given.
    static func compare(_ compilation: Compilation, index: Git.Index?) -> [Output] {
        let paths = compilation.result.outputs.map { Compilation.resolve($0.path, in: compilation.baseDirectory) }
        let staged = index?.contents(of: paths) ?? [:]
        return zip(compilation.result.outputs, paths).map { file, path in
            compare(file, path: path, index: index, staged: staged, schemaName: compilation.schemaName)
        }
    }

    /// Compares one output with its file on disk, or with `staged` (the index's files by path) when there is an index.
    static func compare(_ file: OutputFile, path: String, index: Git.Index?, staged: [String: Data], schemaName: String) -> Output {
        let data = index == nil ? OutputWriter.mapped(path) : staged[path]
        if let data, OutputWriter.same(data, file.contents) { return Output(path: path, expected: "", state: .fresh) }
        if index != nil, let onDisk = OutputWriter.mapped(path), OutputWriter.same(onDisk, file.contents) {
            return Output(path: path, expected: file.contents, state: .notStaged)
        }
        guard let data else { return Output(path: path, expected: file.contents, state: .missing) }
        let current = String(decoding: data, as: UTF8.self)
        let reason = Check.reason(path: path, current: GeneratedHeader.recorded(in: current[...]),
                                  expected: GeneratedHeader.recorded(in: file.contents[...]), schemaName: schemaName)
        return Output(path: path, expected: file.contents, state: .stale(reason: reason, current: current))
    }
}

/// The migrations guard of `check` and `status`: with a migrations directory, schema.yaml must match the last
/// migration's snapshot and the directory must be intact.
enum MigrationGuard {
    /// The problems, each one line, and the paths they concern (empty when there is no migrations directory).
    static func problems(_ compilation: Compilation, schemaFile: String, index: Git.Index?) throws -> (messages: [String], paths: [String]) {
        let schema = compilation.schema
        let directory = Compilation.resolve(schema.settings.migrations.directory, in: compilation.baseDirectory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else { return ([], []) }
        var state = try MigrationFiles.read(directory, format: schema.settings.migrations.format)
        if let index {
            state.snapshot = index.contents(of: directory + "/" + MigrationSnapshot.fileName).map { String(decoding: $0, as: UTF8.self) }
        }
        let problems = state.problems()
        if !problems.isEmpty {
            return (problems.map { "\(directory): \($0)" }, [directory])
        }
        guard let recorded = try state.recordedSchema() else { return ([], []) }
        let plan = MigrationPlanner.plan(from: recorded, to: schema, file: schemaFile)
        if plan.isEmpty && !plan.hasErrors { return ([], []) }
        var command = FixCommand.prefix() + " migrate new NAME"
        if schemaFile != "schema.yaml" { command += " --schema \(shellQuote(schemaFile))" }
        return (["\(compilation.schemaName) differs from the last migration's snapshot (\(directory)/\(MigrationSnapshot.fileName)); "
                 + "run `\(command)` to write its migration"], [directory + "/" + MigrationSnapshot.fileName])
    }
}

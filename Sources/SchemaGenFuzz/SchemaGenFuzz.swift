import Foundation
import SchemaGenKit

/// One fuzz input through the loader, the validator and, when the schema is valid, every emitter.
///
/// An input must end in valid outputs or in diagnostics that each have a place in the file; anything else traps,
/// which libFuzzer reports as a crash and keeps the input.
enum FuzzHarness {
    static let templates: TemplateSet = TemplateSet.builtin()

    static func run(_ bytes: [UInt8]) {
        let result = Pipeline.run(bytes, fileName: "fuzz.yaml", templates: templates)
        let lineCount = yamlLineCount(bytes)
        for diagnostic in result.diagnostics {
            let location = diagnostic.location
            if location.line < 1 || location.column < 1 || location.line > lineCount + 1 {
                fail("diagnostic outside the file (\(lineCount) lines): \(diagnostic)")
            }
            if diagnostic.message.isEmpty { fail("diagnostic without a message: \(diagnostic)") }
        }
        if result.hasErrors {
            if result.schema != nil && result.outputs.isEmpty == false { fail("outputs despite errors") }
            if result.schema == nil && result.diagnostics.isEmpty { fail("no schema and no diagnostic") }
        } else {
            if result.schema == nil { fail("no schema and no error") }
            for output in result.outputs where !output.contents.hasSuffix("\n") {
                fail("output \(output.path) is not newline-terminated")
            }
        }
    }

    /// Lines as YAML counts them: LF, CR, CRLF, NEL, LS and PS each end a line.
    static func yamlLineCount(_ bytes: [UInt8]) -> Int {
        var count = 1
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case 0x0A: count += 1
            case 0x0D:
                count += 1
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
            case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85: count += 1
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                count += 1
            default: break
            }
            index += 1
        }
        return count
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("schemagen fuzz invariant violated: \(message)\n".utf8))
        abort()
    }
}

#if FUZZING
/// libFuzzer's driver: parses libFuzzer's flags and calls the callback for each input.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// Built with `-sanitize=fuzzer`: SwiftPM names every executable's entry point itself, so this `main` hands
/// control to libFuzzer's driver instead of relying on libFuzzer's own `main`.
@main
struct FuzzMain {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            FuzzHarness.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
            return 0
        }
        exit(status)
    }
}
#else
/// Without the fuzzer: replays input files (a crash reproducer, a corpus directory) through the same harness.
@main
struct ReplayFuzzInputs {
    static func main() {
        var paths: [String] = []
        for argument in CommandLine.arguments.dropFirst() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                FileHandle.standardError.write(Data("SchemaGenFuzz: no such file \(argument)\n".utf8))
                exit(2)
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []
                paths += names.sorted().map { (argument as NSString).appendingPathComponent($0) }
            } else {
                paths.append(argument)
            }
        }
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            FuzzHarness.run([UInt8](data))
        }
        print("SchemaGenFuzz: \(paths.count) input\(paths.count == 1 ? "" : "s") replayed without a failure")
    }
}
#endif

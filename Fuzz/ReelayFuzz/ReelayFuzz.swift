import Foundation

/// libFuzzer targets for the parsers that read untrusted bytes. Each target checks invariants,
/// not only that nothing traps: a broken one stops the run with `fatalError`, which libFuzzer
/// reports as a crash and saves the input that caused it.
///
/// Built with `-sanitize=fuzzer -DREELAY_FUZZ` (scripts/fuzz), the binary is a libFuzzer driver:
/// `REELAY_FUZZ_TARGET=json ReelayFuzz [libFuzzer flags] [corpus folders]`. Built plainly (as
/// `swift build` does), it replays inputs through the same checks: `ReelayFuzz json FILE...`,
/// which gives a crash found by the fuzzer a full Swift backtrace.
@main
struct ReelayFuzz {
    static func main() {
        #if REELAY_FUZZ
        guard let name = ProcessInfo.processInfo.environment["REELAY_FUZZ_TARGET"], let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("Set REELAY_FUZZ_TARGET to one of: \(FuzzTarget.names).\n".utf8))
            exit(2)
        }
        FuzzTarget.selected = target
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzz))
        #else
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            print("Usage: ReelayFuzz TARGET FILE-OR-FOLDER...  (targets: \(FuzzTarget.names))")
            exit(2)
        }
        var count = 0
        for path in arguments.dropFirst() {
            for file in files(at: URL(fileURLWithPath: path)) {
                guard let data = try? Data(contentsOf: file) else { continue }
                target.run([UInt8](data))
                count += 1
            }
        }
        print("\(name): \(count) inputs, no invariant broken")
        #endif
    }

    /// The file at `url`, or every file under it when it is a folder.
    static func files(at url: URL) -> [URL] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { return [] }
        guard isFolder.boolValue else { return [url] }
        let all = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey])?.compactMap { $0 as? URL } ?? []
        return all.filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }.sorted { $0.path < $1.path }
    }
}

/// The parsers, by the name `REELAY_FUZZ_TARGET` and the corpus folders (`Fuzz/corpus/NAME`) use.
enum FuzzTarget: String, CaseIterable {
    /// Request bodies: the structure scan, the JSON parse, every dialect's decoder, the validator.
    case json
    /// Prompt commands (`--rs 720p --dur 5`) read out of prompt text.
    case prompt
    /// `data:` URIs, with and without a size limit, and encodings of arbitrary bytes.
    case datauri
    /// The magic-number sniffer, the declared-type check and the picture header reader.
    case media
    /// HTTP `Range` headers against files of several sizes.
    case range
    /// What Reelay reads of a multipart form: part header parameters and the OpenAI form decoder.
    case form

    nonisolated(unsafe) static var selected = FuzzTarget.json

    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    func run(_ bytes: [UInt8]) {
        switch self {
        case .json: JSONBodyTarget.run(bytes)
        case .prompt: PromptTarget.run(bytes)
        case .datauri: DataURITarget.run(bytes)
        case .media: MediaTarget.run(bytes)
        case .range: RangeTarget.run(bytes)
        case .form: FormTarget.run(bytes)
        }
    }
}

#if REELAY_FUZZ
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTarget.selected.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// libFuzzer's own driver (its `main`), run from ours: SwiftPM links executables with an entry
/// point of its own naming, so libFuzzer's `main` is never the one that runs.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt
#endif

/// Stops the run when an invariant does not hold; libFuzzer saves the input as a crash.
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
             file: StaticString = #fileID, line: UInt = #line) {
    if !condition() { fatalError("Broken invariant: \(message())", file: file, line: line) }
}

extension Array where Element == UInt8 {
    /// The bytes as text, invalid UTF-8 replaced, as a server reads a header or a field.
    var text: String { String(decoding: self, as: UTF8.self) }
}

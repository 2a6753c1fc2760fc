import Foundation
import Testing

/// `reelay serve` reads `REELAY_UPSTREAMS` from its environment, as an operator sets it.
@Suite("Upstream: reelay serve")
struct UpstreamServeTests {
    @Test func serveRefusesARoutingFileWhoseKeyVariableIsUnset() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.url.appending(path: "upstreams.json")
        try Data(#"{"channels": [{"name": "ark", "kind": "ark", "baseURL": "https://ark.example/api/v3", "apiKeyEnv": "REELAY_TEST_UNSET_ARK_KEY"}]}"#.utf8)
            .write(to: file)
        let process = Process()
        process.executableURL = try ServerProcess.executable
        process.arguments = ["serve", "--data-dir", directory.url.appending(path: "data").path, "--port", "\(try ServerProcess.freePort())"]
        var environment = ProcessInfo.processInfo.environment
        environment["REELAY_UPSTREAMS"] = file.path
        environment["REELAY_API_KEYS"] = "serve-test-key"
        environment["REELAY_TEST_UNSET_ARK_KEY"] = nil
        process.environment = environment
        let errors = directory.url.appending(path: "stderr")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardOutput = FileHandle.nullDevice
        // Should the file be ignored, the server would run on: stop it (safety only) and fail.
        let safety = Task {
            try await Task.sleep(for: .seconds(60))
            if process.isRunning { process.terminate() }
        }
        defer { safety.cancel() }
        let code: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        let stderr = try String(contentsOf: errors, encoding: .utf8)
        #expect(code != 0)
        #expect(stderr.contains("REELAY_TEST_UNSET_ARK_KEY"), "\(stderr)")
    }
}

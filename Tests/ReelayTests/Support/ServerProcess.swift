import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A real `reelay serve` process, for tests that kill and restart the server.
final class ServerProcess {
    /// The API key the server accepts unless the environment names others.
    static let key = "crash-test-key"

    let process = Process()
    let port: Int
    let log: URL
    /// The exit status, once the process has ended.
    private let exit = AsyncStream<Int32>.makeStream(bufferingPolicy: .bufferingNewest(1))

    /// The `reelay` executable that `swift build --build-tests` put beside the test bundle.
    static var executable: URL {
        get throws {
            let root = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent()
            for configuration in ["debug", "release"] {
                let candidate = root.appending(path: ".build/\(configuration)/reelay")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
            throw Shell.ShellError(description: "reelay executable not built; run swift build --build-tests")
        }
    }

    init(dataDirectory: URL, port: Int, environment extra: [String: String] = [:]) throws {
        self.port = port
        log = dataDirectory.appending(path: "server-\(port)-\(UUID().uuidString.prefix(6)).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = try Self.executable
        process.arguments = ["serve", "--port", String(port), "--data-dir", dataDirectory.path]
        var environment = ProcessInfo.processInfo.environment
        environment["REELAY_API_KEYS"] = Self.key
        environment["REELAY_ALLOW_PRIVATE_MEDIA"] = "1"
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        let ended = exit.continuation
        process.terminationHandler = { process in
            ended.yield(process.terminationStatus)
            ended.finish()
        }
        try process.run()
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then the exit status, awaited without holding one of the test run's few threads:
    /// a server draining a render can take many seconds to exit.
    func stop() async -> Int32 {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        for await status in exit.stream { return status }
        return process.terminationStatus
    }

    /// SIGTERM and a blocking wait, for `defer` clean-ups, where the server is idle or gone.
    func terminate() {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
    }

    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// A TCP port that was free a moment ago.
    /// Never the same port twice in one test run: tests run in parallel, and a port the kernel
    /// reported free can be reported again before the first taker binds it.
    private static let handedOut = Mutex<Set<Int>>([])

    static func freePort() throws -> Int {
        for _ in 0..<50 {
            let port = try unusedPort()
            if handedOut.withLock({ $0.insert(port).inserted }) { return port }
        }
        throw CocoaError(.fileWriteUnknown)
    }

    private static func unusedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

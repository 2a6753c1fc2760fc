import Foundation
import HummingbirdTesting
import Testing
@testable import Reelay

/// Connections that hold the server without asking for anything: half-sent requests and idle
/// sockets are closed after the idle timeout, also past the connection cap, and the server goes
/// on answering. (bench/reliability/descriptors.sh runs the same against a real process with
/// only 256 file descriptors.)
@Suite(.serialized, .timeLimit(.minutes(3))) struct ConnectionLimitsTests {
    /// A blocking loopback TCP socket, used off the test's cooperative threads.
    final class RawSocket: @unchecked Sendable {
        let descriptor: Int32

        init(port: Int) throws {
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            // A hang guard for reads, not a speed limit: the server closes long before.
            var guardTime = timeval(tv_sec: 60, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &guardTime, socklen_t(MemoryLayout<timeval>.size))
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { close(descriptor); throw POSIXError(.ECONNREFUSED) }
        }

        func send(_ text: String) {
            _ = text.utf8CString.withUnsafeBufferPointer { Glibc.send(descriptor, $0.baseAddress, $0.count - 1, 0) }
        }

        /// Reads until the server closes the connection: what it sent, or nil when the hang
        /// guard ran out first.
        func readToClose() async -> String? {
            await withCheckedContinuation { continuation in
                Thread {
                    var received: [UInt8] = []
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    while true {
                        let count = recv(self.descriptor, &buffer, buffer.count, 0)
                        if count == 0 { continuation.resume(returning: String(decoding: received, as: UTF8.self)); return }
                        if count < 0 { continuation.resume(returning: nil); return }
                        received += buffer.prefix(count)
                    }
                }.start()
            }
        }

        func closedByServer() async -> Bool { await readToClose() != nil }

        /// The server still answers: a whole request on a connection of its own.
        static func healthy(port: Int) async throws -> Bool {
            let socket = try RawSocket(port: port)
            socket.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            return await socket.readToClose()?.hasPrefix("HTTP/1.1 200") == true
        }

        deinit { close(descriptor) }
    }

    static func run(idleTimeout: Int, maxConnections: Int = 1000, _ body: @Sendable @escaping (Int) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = TestServer.configuration(directory)
        configuration.idleTimeout = idleTimeout
        configuration.maxConnections = maxConnections
        try await TestServer.run(configuration: configuration) { client in
            try await body(try #require(client.port))
        }
    }

    @Test func aHalfSentRequestIsClosedAfterTheIdleTimeout() async throws {
        try await Self.run(idleTimeout: 1) { port in
            let socket = try RawSocket(port: port)
            socket.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            #expect(await socket.closedByServer())
            #expect(try await RawSocket.healthy(port: port))
        }
    }

    @Test func idleConnectionsPastTheCapAreAllClosedAndTheServerAnswers() async throws {
        try await Self.run(idleTimeout: 1, maxConnections: 4) { port in
            let sockets = try (0..<24).map { _ in try RawSocket(port: port) }
            // Each is closed after a second of silence; those the cap kept waiting are accepted
            // as room frees up, and closed in turn.
            for socket in sockets { #expect(await socket.closedByServer()) }
            #expect(try await RawSocket.healthy(port: port))
        }
    }
}

import AsyncHTTPClient
import NIOCore
import Synchronization

/// A request body that notes the moment the HTTP client starts sending it. The client asks for
/// the body only once the request head has gone out on a connection, so a request whose body was
/// never asked for certainly did not reach the upstream, whatever error the client reports (a
/// deadline that passed while it waited for a connection, a refused connect, a TLS failure).
/// This is what tells a create that may be sent to another channel from one that must not.
struct SendMarkedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    /// Set when the body was first asked for.
    final class Marker: Sendable {
        private let flag = Atomic(false)
        var started: Bool { flag.load(ordering: .acquiring) }
        func markStarted() { flag.store(true, ordering: .releasing) }
    }

    let bytes: ByteBuffer
    let marker: Marker

    struct AsyncIterator: AsyncIteratorProtocol {
        var bytes: ByteBuffer?
        let marker: Marker

        mutating func next() async -> ByteBuffer? {
            marker.markStarted()
            defer { bytes = nil }
            return bytes
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(bytes: bytes, marker: marker) }

    /// The body for an `HTTPClientRequest`, with its length known up front.
    var requestBody: HTTPClientRequest.Body { .stream(self, length: .known(Int64(bytes.readableBytes))) }
}

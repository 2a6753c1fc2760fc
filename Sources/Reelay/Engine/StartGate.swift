import Synchronization

/// Opens once. The engine waits on it so that it touches the store only after the schema is
/// migrated, which happens as the HTTP server starts (when the PostgreSQL pool runs as a
/// service beside the engine). Waiting ends when the gate opens or the waiting task is cancelled.
public final class StartGate: Sendable {
    private let stream: AsyncStream<Never>
    private let continuation: AsyncStream<Never>.Continuation
    private let opened = Atomic<Bool>(false)

    public init() {
        (stream, continuation) = AsyncStream.makeStream()
    }

    public var isOpen: Bool { opened.load(ordering: .acquiring) }

    public func open() {
        opened.store(true, ordering: .releasing)
        continuation.finish()
    }

    /// One waiter at a time (an `AsyncStream` has one consumer).
    public func wait() async {
        for await _ in stream {}
    }
}

import Dispatch

/// CPU work whose length a client decides (parsing a large body, decoding a large `data:` URI),
/// run on a queue of its own instead of Swift's cooperative pool. That pool has one thread per
/// core: two clients flooding large creates would otherwise hold every one of them, and
/// `/healthz` and polls would wait their turn. Here the system shares the cores between the heavy
/// work and the threads that answer everything else.
enum HeavyWork {
    /// Below this many bytes the work is too short to be worth a thread hop.
    static let threshold = 256 * 1024

    private static let queue = DispatchQueue(label: "reelay.heavy-work", qos: .utility, attributes: .concurrent)

    static func run<T: Sendable, E: Error>(_ work: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
        let result: Result<T, E> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(E) {
                    continuation.resume(returning: .success(try work()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}

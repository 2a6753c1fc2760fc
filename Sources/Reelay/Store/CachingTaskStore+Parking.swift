import Foundation
import ReelayCore

/// Parking through the cache: every step that changes what a client sees of a task (its
/// progress, its status) evicts it, like any other write.
extension CachingTaskStore: UpstreamParking {
    private var parking: any UpstreamParking {
        get throws {
            guard let parking = base as? any UpstreamParking else { throw ParkingUnsupported() }
            return parking
        }
    }

    public func park(id: String, worker: String, wait: UpstreamWait, progress: Int, now: Date) async throws -> Bool {
        defer { evict([id]) }
        return try await parking.park(id: id, worker: worker, wait: wait, progress: progress, now: now)
    }

    public func claimParked(channel: String, poller: String, limit: Int, leaseUntil: Date, now: Date) async throws -> [ParkedTask] {
        // Only the lease changes, which no client sees: nothing to evict.
        try await parking.claimParked(channel: channel, poller: poller, limit: limit, leaseUntil: leaseUntil, now: now)
    }

    public func reschedule(id: String, poller: String, wait: UpstreamWait, progress: Int, now: Date) async throws -> Bool {
        defer { evict([id]) }
        return try await parking.reschedule(id: id, poller: poller, wait: wait, progress: progress, now: now)
    }

    public func reschedule(_ looks: [ParkedLook], poller: String, now: Date) async throws -> Int {
        defer { evict(looks.map(\.id)) }
        return try await parking.reschedule(looks, poller: poller, now: now)
    }

    public func handOff(id: String, poller: String, now: Date) async throws -> Bool {
        try await parking.handOff(id: id, poller: poller, now: now)
    }

    public func unpark(id: String, poller: String) async throws {
        try await parking.unpark(id: id, poller: poller)
    }

    public func wake(channel: String, upstreamID: String, now: Date) async throws -> Bool {
        try await parking.wake(channel: channel, upstreamID: upstreamID, now: now)
    }
}

/// The store under a cache that cannot park tasks (a test double).
struct ParkingUnsupported: Error, CustomStringConvertible {
    var description: String { "This task store cannot park upstream tasks." }
}

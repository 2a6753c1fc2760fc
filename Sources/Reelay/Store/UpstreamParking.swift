import Foundation
import ReelayCore

/// Tasks that wait on an upstream without holding a worker.
///
/// Once an upstream accepted a task, the worker that sent it parks it: the task stays `running`
/// to its clients, but no worker, lease or heartbeat holds it; the row carries its channel,
/// upstream id and next look time instead. Polling is then a store query: a poller claims the
/// due parked tasks of a channel in a batch under a short lease (other instances skip them),
/// looks at them upstream, and either parks them again with a later look time or hands a
/// finished one to a worker (`claimNext` takes it, without counting an attempt) for the download
/// and the finish. A poller that dies lets its lease run out, and another one polls the task.
///
/// The crash rules do not depend on this: the upstream ledger holds the create's state and the
/// upstream id, written before the task is parked, so a task that loses its worker before it
/// is parked resumes from the ledger as before (docs/UPSTREAMS.md).
public protocol UpstreamParking: Sendable {
    /// Parks `worker`'s running task. A task its owner cancelled meanwhile is parked too, due at
    /// once, so that a poller cancels its upstream task while still queued there. True when a
    /// running task was parked.
    func park(id: String, worker: String, wait: UpstreamWait, progress: Int, now: Date) async throws -> Bool
    /// Claims up to `limit` parked tasks of `channel` whose next look is due, for `poller` until
    /// `leaseUntil`, oldest look first. Running tasks, and cancelled ones still to clean up.
    func claimParked(channel: String, poller: String, limit: Int, leaseUntil: Date, now: Date) async throws -> [ParkedTask]
    /// Parks a claimed task again with its new look state; raises its progress. False when the
    /// poller no longer held it.
    func reschedule(id: String, poller: String, wait: UpstreamWait, progress: Int, now: Date) async throws -> Bool
    /// Parks several claimed tasks again at once, as `reschedule` does each; answers how many
    /// the poller still held. One statement where the store can (a round re-parks hundreds).
    func reschedule(_ looks: [ParkedLook], poller: String, now: Date) async throws -> Int
    /// A claimed task whose upstream task finished goes to the next idle worker.
    func handOff(id: String, poller: String, now: Date) async throws -> Bool
    /// A claimed cancelled task whose upstream was dealt with stops being parked.
    func unpark(id: String, poller: String) async throws
    /// A hint (a callback) that the upstream task changed: its parked task is looked at now.
    /// A poller's claim on it ends too, so a look already under way cannot re-park it for later
    /// over the wake (a look may then be made twice; only the holder of a claim writes).
    /// True when such a task is parked.
    func wake(channel: String, upstreamID: String, now: Date) async throws -> Bool
}

/// Where a parked task waits and how it is being looked at.
public struct UpstreamWait: Sendable, Equatable {
    public var channel: String
    public var upstreamID: String
    /// When the create was sent: the task's deadline counts from here.
    public var since: Date
    public var nextLook: Date
    /// The current pause between looks, in seconds; it backs off while the task runs.
    public var interval: Double
    /// Looks in a row that did not list the task.
    public var misses = 0
    /// Looks in a row that the upstream refused (a revoked key).
    public var refusals = 0
    /// The last status word seen (`queued`, `running`...), nil before the first look: a
    /// cancelled task is cancelled upstream only while still queued there.
    public var phase: String?

    public init(channel: String, upstreamID: String, since: Date, nextLook: Date, interval: Double, misses: Int = 0,
                refusals: Int = 0, phase: String? = nil) {
        self.channel = channel
        self.upstreamID = upstreamID
        self.since = since
        self.nextLook = nextLook
        self.interval = interval
        self.misses = misses
        self.refusals = refusals
        self.phase = phase
    }
}

extension UpstreamParking {
    public func reschedule(_ looks: [ParkedLook], poller: String, now: Date) async throws -> Int {
        var held = 0
        for look in looks where try await reschedule(id: look.id, poller: poller, wait: look.wait, progress: look.progress, now: now) {
            held += 1
        }
        return held
    }
}

/// A claimed task's new look state and progress, to park it again.
public struct ParkedLook: Sendable, Equatable {
    public var id: String
    public var wait: UpstreamWait
    public var progress: Int

    public init(id: String, wait: UpstreamWait, progress: Int) {
        self.id = id
        self.wait = wait
        self.progress = progress
    }
}

/// A parked task a poller claimed.
public struct ParkedTask: Sendable {
    public var task: GenerationTask
    public var wait: UpstreamWait
}

import Foundation
import ReelayCore
import Synchronization

/// A task store that keeps recently read tasks in memory in front of another store, so that
/// status polls, by far the most frequent request, are answered without a database query.
///
/// Correct when every write to the tasks goes through this instance (the SQLite mode, where one
/// process holds the data directory's lock), or when it hears of every other write: on
/// PostgreSQL a `TaskChangeListener` relays the database's change announcements to
/// `changedElsewhere(id:)` and switches filling on only while it listens. Each write evicts the
/// tasks it changes once it has returned; a write that changes tasks it does not name (orphan
/// recovery) empties the cache.
///
/// A read that misses fills the cache only if no write touched that task while the read was in
/// flight; otherwise a row read just before a write could be kept after it. Writes are counted
/// per stripe of ids (a fixed array, so it never grows); a write to another id of the same
/// stripe only costs a skipped fill.
public final class CachingTaskStore: TaskStore {
    let base: any TaskStore
    private let capacity: Int
    private let state: Mutex<State>

    private static let stripes = 1024

    private struct State {
        var tasks: [String: GenerationTask] = [:]
        /// Ids in the order they were cached; the oldest is evicted when the cache is full.
        var order: [String] = []
        var next = 0
        var writes = [UInt64](repeating: 0, count: CachingTaskStore.stripes)
        var clears: UInt64 = 0
        /// Whether reads may keep what they read (see `startFilling`).
        var filling: Bool
    }

    /// A read's view of the write counters when it started.
    private struct Ticket {
        var stripe: Int
        var writes: UInt64
        var clears: UInt64
    }

    private enum Lookup {
        case hit(GenerationTask)
        case miss(Ticket)
    }

    /// `filling: false` passes every read through until `startFilling()` (for a store that
    /// others write too, until their changes are heard).
    public init(_ base: any TaskStore, capacity: Int = 4096, filling: Bool = true) {
        precondition(capacity > 0)
        self.base = base
        self.capacity = capacity
        self.state = Mutex(State(filling: filling))
    }

    /// Another instance changed or deleted this task: the copy held here, if any, is out of date.
    public func changedElsewhere(id: String) {
        evict([id])
    }

    /// Lets reads keep what they read, from an empty cache: changes made while nobody listened
    /// may have made anything held before stale.
    public func startFilling() {
        clear()
        state.withLock { $0.filling = true }
    }

    /// Stops keeping reads and forgets everything: changes elsewhere can no longer be heard.
    public func stopFilling() {
        state.withLock { $0.filling = false }
        clear()
    }

    /// How many tasks are held now (for tests).
    var count: Int { state.withLock { $0.tasks.count } }
    /// Whether reads are kept now (for tests).
    var isFilling: Bool { state.withLock { $0.filling } }

    // MARK: Reads

    public func task(id: String) async throws -> GenerationTask? {
        let stripe = Self.stripe(of: id)
        let lookup: Lookup = state.withLock { state in
            if let cached = state.tasks[id] { return .hit(cached) }
            return .miss(Ticket(stripe: stripe, writes: state.writes[stripe], clears: state.clears))
        }
        switch lookup {
        case .hit(let cached):
            return cached
        case .miss(let ticket):
            guard let task = try await base.task(id: id) else { return nil }
            state.withLock { state in
                guard state.filling, state.writes[ticket.stripe] == ticket.writes, state.clears == ticket.clears else { return }
                Self.keep(task, in: &state, capacity: capacity)
            }
            return task
        }
    }

    public func tasks(owner: String, query: TaskQuery) async throws -> TaskPage {
        try await base.tasks(owner: owner, query: query)
    }

    public func counts() async throws -> [TaskStatus: Int] {
        try await base.counts()
    }

    public func usage(owner: String?, since: Date) async throws -> [String: TaskUsage] {
        try await base.usage(owner: owner, since: since)
    }

    public func inputBytes(owner: String?) async throws -> [String: Int] {
        try await base.inputBytes(owner: owner)
    }

    // MARK: Writes

    public func insert(_ task: GenerationTask) async throws {
        defer { evict([task.id]) }
        try await base.insert(task)
    }

    public func claimNext(worker: String, leaseUntil: Date, now: Date) async throws -> GenerationTask? {
        let claimed = try await base.claimNext(worker: worker, leaseUntil: leaseUntil, now: now)
        if let claimed { evict([claimed.id]) }
        return claimed
    }

    public func heartbeat(id: String, worker: String, progress: Int, leaseUntil: Date, now: Date) async throws -> Bool {
        defer { evict([id]) }
        return try await base.heartbeat(id: id, worker: worker, progress: progress, leaseUntil: leaseUntil, now: now)
    }

    public func finish(id: String, worker: String?, from: Set<TaskStatus>, to status: TaskStatus,
                       result: TaskResult?, failure: TaskFailure?, provider: String?, now: Date) async throws -> GenerationTask? {
        defer { evict([id]) }
        return try await base.finish(id: id, worker: worker, from: from, to: status, result: result, failure: failure,
                                     provider: provider, now: now)
    }

    public func release(id: String, worker: String, now: Date) async throws {
        defer { evict([id]) }
        try await base.release(id: id, worker: worker, now: now)
    }

    public func recoverOrphans(now: Date, maxAttempts: Int, all: Bool) async throws -> [GenerationTask] {
        // Requeued tasks are not in the answer, only failed ones: forget everything.
        defer { clear() }
        return try await base.recoverOrphans(now: now, maxAttempts: maxAttempts, all: all)
    }

    public func expireQueued(createdBefore cutoff: Date, now: Date) async throws -> [GenerationTask] {
        do {
            let expired = try await base.expireQueued(createdBefore: cutoff, now: now)
            evict(expired.map(\.id))
            return expired
        } catch {
            clear()
            throw error
        }
    }

    public func delete(id: String) async throws {
        defer { evict([id]) }
        try await base.delete(id: id)
    }

    public func deleteFinished(before cutoff: Date) async throws -> [String] {
        do {
            let deleted = try await base.deleteFinished(before: cutoff)
            evict(deleted)
            return deleted
        } catch {
            clear()
            throw error
        }
    }

    // MARK: The cache

    func evict(_ ids: [String]) {
        state.withLock { state in
            for id in ids {
                state.writes[Self.stripe(of: id)] &+= 1
                state.tasks[id] = nil
            }
        }
    }

    private func clear() {
        state.withLock { state in
            state.clears &+= 1
            state.tasks.removeAll(keepingCapacity: true)
            state.order.removeAll(keepingCapacity: true)
            state.next = 0
        }
    }

    private static func keep(_ task: GenerationTask, in state: inout State, capacity: Int) {
        guard state.tasks.updateValue(task, forKey: task.id) == nil else { return }
        if state.order.count < capacity {
            state.order.append(task.id)
            return
        }
        // Full: the slot of the oldest id goes to the new one. That id may already have been
        // evicted by a write; removing it again is harmless.
        let oldest = state.order[state.next]
        if oldest != task.id { state.tasks[oldest] = nil }
        state.order[state.next] = task.id
        state.next = (state.next + 1) % capacity
    }

    private static func stripe(of id: String) -> Int {
        var hasher = Hasher()
        hasher.combine(id)
        return Int(UInt(bitPattern: hasher.finalize()) % UInt(stripes))
    }
}

import Foundation
import Logging
import ReelayCore
import ServiceLifecycle
import Synchronization

/// Follows parked upstream tasks (`UpstreamParking`) with store queries instead of workers.
///
/// Each round, per channel, it claims the due parked tasks in batches under a short lease (on
/// PostgreSQL other instances skip them, so several pollers share the work without looking at a
/// task twice), asks the upstream about them in batches (Ark: up to `pageSize` ids per list
/// request; relays: one request per task), and then per task: parks it again with its progress
/// and a later look (the pause backs off from `initialInterval` to `maxInterval`), hands it to
/// a worker once it succeeded upstream (the worker looks once more, downloads and finishes it),
/// or ends it when the upstream failed, lost or refused it, or its deadline passed, with the
/// same codes and messages a waiting worker used. A cancelled parked task has its upstream task
/// cancelled while still queued there. A callback wakes its task at once (`receiveCallback`).
public final class UpstreamPoller: Service, Sendable {
    /// What the rounds did, for tests, benches and logs.
    public struct Statistics: Sendable, Equatable {
        public var rounds = 0
        /// Rounds that found due tasks.
        public var busyRounds = 0
        /// Requests to the upstreams: list pages, single looks, cancels.
        public var requests = 0
        public var maxRequestsInARound = 0
        public var tasksLooked = 0
        public var maxTasksInARound = 0
        /// Statements that changed the store: claims, re-parks, hand-offs, ends.
        public var storeWrites = 0
        public var maxStoreWritesInARound = 0
        public var handOffs = 0
        public var callbacks = 0
    }

    /// One round's figures.
    public struct Round: Sendable, Equatable {
        public var tasks = 0
        public var requests = 0
        public var storeWrites = 0
        public var handOffs = 0
        public var ended = 0
    }

    let store: any TaskStore & UpstreamParking
    let channels: [String: PolledChannel]
    let events: any TaskEvents
    /// Marks this instance's claims.
    let pollerID: String
    /// How long a claim holds a task: a poller that dies mid-round frees it after this.
    let lease: TimeInterval
    /// The pause between rounds when nothing wakes the poller earlier.
    let tick: Duration
    /// Tasks claimed per statement.
    let claimBatch: Int
    /// Called after tasks were handed to workers, to wake idle ones (`TaskEngine.taskQueued`).
    let handedOff: @Sendable () -> Void
    let startGate: StartGate?
    let logger: Logger
    private let signal = WorkSignal()
    private let stopping = Atomic<Bool>(false)
    private let counters = Mutex(Statistics())

    init(store: any TaskStore & UpstreamParking, channels: [PolledChannel], events: any TaskEvents, lease: TimeInterval = 30,
         tick: Duration = .milliseconds(500), claimBatch: Int = 1000, startGate: StartGate? = nil,
         handedOff: @escaping @Sendable () -> Void = {}, logger: Logger) {
        self.store = store
        self.channels = Dictionary(channels.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.events = events
        self.pollerID = "poller-\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        self.lease = lease
        self.tick = tick
        self.claimBatch = max(1, claimBatch)
        self.startGate = startGate
        self.handedOff = handedOff
        self.logger = logger
    }

    public var statistics: Statistics { counters.withLock { $0 } }

    /// Runs a round soon (a task was woken).
    public func nudge() { signal.signal() }

    public func run() async throws {
        if let startGate {
            await cancelWhenGracefulShutdown { await startGate.wait() }
            guard startGate.isOpen else { return }
        }
        await withGracefulShutdownHandler {
            while !self.isStopping {
                _ = await self.round()
                await self.signal.wait(upTo: self.tick)
            }
        } onGracefulShutdown: {
            self.stopping.store(true, ordering: .relaxed)
            self.signal.signalAll()
        }
        logger.info("Upstream poller stopped")
    }

    private var isStopping: Bool { stopping.load(ordering: .relaxed) || Task.isCancelled }

    /// An upstream's status POST for `channel`, taken as a hint: the parked task it names is
    /// looked at now (and read back from the upstream, so a forged body changes nothing). True
    /// when such a task is parked.
    public func receiveCallback(channel: String, body: Data) async -> Bool {
        counters.withLock { $0.callbacks += 1 }
        guard channels[channel] != nil, let json = try? JSONDecoder().decode(JSONValue.self, from: body),
              let id = json["id"]?.stringValue, !id.isEmpty
        else { return false }
        do {
            guard try await store.wake(channel: channel, upstreamID: id, now: Date()) else { return false }
        } catch {
            logger.warning("Could not wake the task of a callback: \(error)")
            return false
        }
        signal.signal()
        return true
    }

    // MARK: Rounds

    /// Looks at every due parked task of every channel once.
    @discardableResult
    func round(now: Date = Date()) async -> Round {
        var total = Round()
        for channel in channels.values.sorted(by: { $0.name < $1.name }) {
            while !isStopping {
                let claimed: [ParkedTask]
                do {
                    claimed = try await store.claimParked(channel: channel.name, poller: pollerID, limit: claimBatch,
                                                          leaseUntil: now + lease, now: now)
                } catch {
                    logger.error("Could not claim parked tasks: \(error)", metadata: ["channel": "\(channel.name)"])
                    break
                }
                guard !claimed.isEmpty else { break }
                total.storeWrites += 1
                let part = await poll(claimed, on: channel, now: now)
                total.tasks += part.tasks
                total.requests += part.requests
                total.storeWrites += part.storeWrites
                total.handOffs += part.handOffs
                total.ended += part.ended
                if claimed.count < claimBatch { break }
            }
        }
        if total.handOffs > 0 { handedOff() }
        counters.withLock { stats in
            stats.rounds += 1
            guard total.tasks > 0 else { return }
            stats.busyRounds += 1
            stats.requests += total.requests
            stats.maxRequestsInARound = max(stats.maxRequestsInARound, total.requests)
            stats.tasksLooked += total.tasks
            stats.maxTasksInARound = max(stats.maxTasksInARound, total.tasks)
            stats.storeWrites += total.storeWrites
            stats.maxStoreWritesInARound = max(stats.maxStoreWritesInARound, total.storeWrites)
            stats.handOffs += total.handOffs
        }
        return total
    }

    /// One claimed batch of a channel: cancelled tasks cleaned up, running ones looked at in
    /// pages, a few pages at a time.
    private func poll(_ claimed: [ParkedTask], on channel: PolledChannel, now: Date) async -> Round {
        var round = Round()
        var running: [ParkedTask] = []
        for parked in claimed {
            if parked.task.status == .running {
                running.append(parked)
            } else {
                round.requests += await cleanUpCancelled(parked, on: channel)
                round.storeWrites += 1
            }
        }
        let ids = running.map(\.wait.upstreamID)
        let size = max(1, channel.backend.lookBatch)
        let pages = stride(from: 0, to: ids.count, by: size).map { Array(ids[$0..<min($0 + size, ids.count)]) }
        var looks: [String: UpstreamLook] = [:]
        for start in stride(from: 0, to: pages.count, by: Self.pagesAtOnce) {
            await withTaskGroup(of: [String: UpstreamLook].self) { group in
                for page in pages[start..<min(start + Self.pagesAtOnce, pages.count)] {
                    group.addTask { await channel.backend.look(at: page) }
                }
                for await answer in group { looks.merge(answer) { first, _ in first } }
            }
        }
        round.requests += pages.count
        round.tasks = running.count
        var reparks: [ParkedLook] = []
        for parked in running {
            let outcome = await settle(parked, look: looks[parked.wait.upstreamID] ?? .failed("no answer"), on: channel, now: now)
            round.requests += outcome.requests
            round.storeWrites += outcome.storeWrites
            round.handOffs += outcome.handedOff ? 1 : 0
            round.ended += outcome.ended ? 1 : 0
            if let repark = outcome.repark { reparks.append(repark) }
        }
        round.storeWrites += await repark(reparks, now: now)
        return round
    }

    /// Tasks re-parked per store statement.
    static let reparkBatch = 500

    /// Parks the still running tasks of a batch again, a few hundred per statement; answers the
    /// statements made.
    private func repark(_ looks: [ParkedLook], now: Date) async -> Int {
        var statements = 0
        for start in stride(from: 0, to: looks.count, by: Self.reparkBatch) {
            let part = Array(looks[start..<min(start + Self.reparkBatch, looks.count)])
            statements += 1
            do {
                _ = try await store.reschedule(part, poller: pollerID, now: now)
            } catch {
                // The claims' lease runs out and the tasks are looked at again.
                logger.warning("Could not save parked tasks' looks: \(error)", metadata: ["tasks": "\(part.count)"])
            }
        }
        return statements
    }

    /// Upstream list pages in flight at once per batch.
    static let pagesAtOnce = 8

    private struct Outcome {
        var requests = 0
        var storeWrites = 1
        var handedOff = false
        var ended = false
        /// Still running: parked again with the batch's other running tasks.
        var repark: ParkedLook?
    }

    /// What a look means for one task.
    private func settle(_ parked: ParkedTask, look: UpstreamLook, on channel: PolledChannel, now: Date) async -> Outcome {
        var outcome = Outcome()
        var wait = parked.wait
        let id = wait.upstreamID
        let settings = channel.polling
        var look = look
        if case .missing = look, wait.misses + 1 >= settings.vanishRounds {
            // Not listed for several rounds: asked for alone, and gone only when that says so.
            outcome.requests += 1
            let alone = await channel.backend.lookAlone(id)
            if case .missing = alone {
                return await end(parked, channel.backend.vanished(id, rounds: settings.vanishRounds), on: channel, outcome: outcome)
            }
            if case .found = alone {} else { wait.misses += 1 }
            look = alone
        }
        var progress = parked.task.progress
        switch look {
        case .found(let snapshot):
            wait.phase = snapshot.phase.word
            if snapshot.phase == .succeeded {
                outcome.handedOff = (try? await store.handOff(id: parked.task.id, poller: pollerID, now: now)) ?? false
                return outcome
            }
            if let failure = snapshot.failure(channel: channel.name) {
                return await end(parked, failure, on: channel, outcome: outcome)
            }
            wait.misses = 0
            wait.refusals = 0
            wait.interval = min(wait.interval * settings.backoff, settings.maxInterval.timeInterval)
            let elapsed = now.timeIntervalSince(wait.since)
            progress = max(progress, min(99, Int(ProgressEstimate(spec: parked.task.spec).fraction(for: snapshot, elapsed: elapsed) * 100)))
        case .missing:
            // Just created tasks may take a moment to be listed: look again soon.
            wait.misses += 1
            wait.interval = settings.initialInterval.timeInterval
        case .refused(let reason):
            wait.refusals += 1
            if wait.refusals >= settings.vanishRounds {
                return await end(parked, ProviderError(
                    code: .upstreamPollFailed,
                    message: "Channel \(channel.name) keeps refusing to report upstream task \(id) (\(reason)); it may still finish upstream."),
                    on: channel, outcome: outcome)
            }
            wait.interval = min(wait.interval * settings.backoff, settings.maxInterval.timeInterval)
        case .failed(let reason):
            logger.warning("Polling the upstream failed", metadata: ["channel": "\(channel.name)", "upstream_task": "\(id)", "reason": "\(reason)"])
            wait.refusals = 0
            wait.interval = min(wait.interval * settings.backoff, settings.maxInterval.timeInterval)
        }
        if now >= wait.since + channel.taskTimeout.timeInterval {
            if wait.phase == nil || wait.phase == "queued" {
                outcome.requests += 1
                _ = await channel.backend.cancel(id)
            }
            return await end(parked, ProviderError(
                code: .upstreamTimeout,
                message: "Upstream task \(id) on channel \(channel.name) did not finish within \(Int(channel.taskTimeout.timeInterval)) s."),
                on: channel, outcome: outcome)
        }
        wait.nextLook = now + wait.interval
        outcome.storeWrites = 0
        outcome.repark = ParkedLook(id: parked.task.id, wait: wait, progress: progress)
        return outcome
    }

    /// Ends a parked task with the failure a waiting worker would have reported.
    private func end(_ parked: ParkedTask, _ error: ProviderError, on channel: PolledChannel, outcome: Outcome) async -> Outcome {
        var outcome = outcome
        outcome.ended = true
        outcome.storeWrites += 1
        // The note goes once the end is stored (`UpstreamNoteRemover`, one of `events`).
        let failure = TaskFailure(code: error.code, message: error.message)
        var logger = logger
        logger[metadataKey: "task"] = "\(parked.task.id)"
        logger.warning("Task \(error.endsAs.rawValue): \(failure.message)", metadata: ["channel": "\(channel.name)"])
        if error.code != .cancelled { channel.activity?.failed(error) }
        do {
            if let done = try await store.finish(id: parked.task.id, worker: pollerID, from: [.running], to: error.endsAs,
                                                 result: nil, failure: failure, now: Date()) {
                await events.taskChanged(done)
            }
        } catch {
            logger.error("Could not end a parked task: \(error)")
        }
        return outcome
    }

    /// A parked task its owner cancelled: its upstream task is cancelled while still queued
    /// there (a running one is left to finish, as before), and it stops being parked.
    private func cleanUpCancelled(_ parked: ParkedTask, on channel: PolledChannel) async -> Int {
        var requests = 0
        if parked.wait.phase == nil || parked.wait.phase == "queued" {
            requests = 1
            if await channel.backend.cancel(parked.wait.upstreamID) {
                logger.info("Cancelled the queued upstream task", metadata: ["task": "\(parked.task.id)", "channel": "\(channel.name)"])
            }
        }
        try? await channel.ledger.remove(parked.task.id)
        do {
            try await store.unpark(id: parked.task.id, poller: pollerID)
        } catch {
            logger.warning("Could not unpark a cancelled task: \(error)", metadata: ["task": "\(parked.task.id)"])
        }
        return requests
    }
}

/// One upstream channel as the poller sees it.
struct PolledChannel: Sendable {
    let name: String
    let backend: any UpstreamBackend
    let polling: PollingSettings
    let taskTimeout: Duration
    let ledger: any UpstreamLedger
    /// Where failures seen while polling are noted for the admin channel report.
    var activity: ChannelActivity?
}

extension ProgressEstimate {
    /// The fraction for a look at a parked task, from the time since its create alone: the
    /// poller keeps no memory between looks (the store keeps the highest figure).
    func fraction(for snapshot: UpstreamSnapshot, elapsed: TimeInterval) -> Double {
        switch snapshot.phase {
        case .queued:
            return 0.02
        case .running, .unknown, .succeeded, .failed, .cancelled, .expired:
            if let reported = snapshot.progress { return min(0.9, 0.05 + 0.85 * min(1, max(0, reported))) }
            return min(0.9, 0.05 + 0.85 * (1 - exp(-max(0, elapsed) / expected)))
        }
    }
}

import Foundation
import Logging
import ReelayCore
import ServiceLifecycle
import Synchronization

/// Runs queued tasks on a provider: a pool of workers that claim tasks from the store under a
/// lease, keep the lease alive with heartbeats that also save progress, and end each task with
/// one compare-and-set transition. A task whose worker died is run again or failed by the
/// maintenance loop; none stays running.
public final class TaskEngine: Service, Sendable {
    let store: any TaskStore
    let provider: any VideoProvider
    let blobs: any BlobStore
    let events: any TaskEvents
    let configuration: EngineConfiguration
    let logger: Logger
    /// Where tasks an upstream accepted wait without a worker, when an upstream poller runs.
    let parking: (any UpstreamParking)?
    /// Identifies this process's claims.
    public let workerID: String
    private let signal = WorkSignal()
    /// Wakes the maintenance loop from its sleep when shutdown starts.
    private let stopSignal = WorkSignal()
    private let stopping = Atomic<Bool>(false)
    /// What must open before the engine touches the store (the schema's migrations), if anything.
    private let startGate: StartGate?

    public init(store: any TaskStore, provider: any VideoProvider, blobs: any BlobStore, events: any TaskEvents = NoTaskEvents(),
                configuration: EngineConfiguration, startGate: StartGate? = nil, parking: (any UpstreamParking)? = nil, logger: Logger) {
        self.store = store
        self.parking = parking
        self.startGate = startGate
        self.events = events
        self.provider = provider
        self.blobs = blobs
        self.configuration = configuration
        self.logger = logger
        self.workerID = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
    }

    /// Tells an idle worker that a task was queued.
    public func taskQueued() {
        signal.signal()
    }

    /// Alone on the data directory, every work folder at start is a crash's leftover. Sharing it
    /// with other instances, a folder stays while its task is still running that attempt.
    private func removeAbandonedWork() async throws {
        let alone = configuration.recoverAllRunningOnStart
        try await blobs.removeAbandonedWork { taskID, attempt in
            guard !alone, let task = try await store.task(id: taskID) else { return false }
            return task.status == .running && task.attempts == attempt
        }
    }

    public func run() async throws {
        if let startGate {
            await cancelWhenGracefulShutdown { await startGate.wait() }
            // Shut down (or the start failed) before the store was ready: nothing to hand back.
            guard startGate.isOpen else { return }
        }
        try await recover(all: configuration.recoverAllRunningOnStart)
        try? await removeAbandonedWork()
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    await withTaskGroup(of: Void.self) { workers in
                        for index in 0..<self.configuration.workers {
                            workers.addTask { await self.workerLoop(index) }
                        }
                        workers.addTask { await self.maintenanceLoop() }
                    }
                }
                // Running tasks get `drainTimeout` to finish after shutdown starts; then they are
                // cancelled, which hands them back to the queue.
                group.addTask {
                    guard (try? await gracefulShutdown()) != nil else { return }
                    try? await Task.sleep(for: .seconds(self.configuration.drainTimeout))
                }
                await group.next()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.stopping.store(true, ordering: .relaxed)
            self.signal.signalAll()
            self.stopSignal.signal()
        }
        logger.info("Task engine stopped")
    }

    // MARK: Workers

    private func workerLoop(_ index: Int) async {
        let worker = "\(workerID)/\(index)"
        while !isStopping {
            do {
                let now = Date()
                if let task = try await store.claimNext(worker: worker, leaseUntil: now + configuration.leaseDuration, now: now) {
                    await execute(task, worker: worker)
                } else {
                    await signal.wait(upTo: .seconds(configuration.pollInterval))
                }
            } catch is CancellationError {
                break
            } catch {
                logger.error("Could not claim a task: \(error)")
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    private var isStopping: Bool { stopping.load(ordering: .relaxed) || Task.isCancelled }

    private enum Outcome: Sendable {
        case finished(TaskResult, provider: String)
        case leaseLost
    }

    private func execute(_ task: GenerationTask, worker: String) async {
        var logger = logger
        logger[metadataKey: "task"] = "\(task.id)"
        logger.info("Running task", metadata: ["model": "\(task.spec.model)", "attempt": "\(task.attempts)"])
        await events.taskChanged(task)
        let progress = ProgressCell()
        do {
            let work = try blobs.workDirectory(taskID: task.id, attempt: task.attempts)
            var run = ProviderJob(taskID: task.id, owner: task.owner, spec: task.spec, outputDirectory: work, attempt: task.attempts)
            run.mayPark = parking != nil
            let job = run
            let outcome = try await withThrowingTaskGroup(of: Outcome.self) { group in
                group.addTask {
                    let made = try await self.provider.generateNamingMaker(job) { fraction in
                        progress.value = min(99, max(0, Int(fraction * 100)))
                    }
                    return .finished(made.result, provider: made.provider)
                }
                group.addTask { [logger] in
                    try await self.heartbeat(task.id, worker: worker, progress: progress, logger: logger)
                    return .leaseLost
                }
                defer { group.cancelAll() }
                return try await group.next()!
            }
            switch outcome {
            case .finished(let result, let maker):
                try await blobs.commit(taskID: task.id, from: work)
                if let done = try await store.finish(id: task.id, worker: worker, from: [.running], to: .succeeded,
                                                     result: result, failure: nil, provider: maker, now: Date()) {
                    logger.info("Task succeeded")
                    await events.taskChanged(done)
                } else {
                    logger.warning("Task finished but was no longer held by this worker")
                }
            case .leaseLost:
                logger.warning("Task was cancelled or taken over while running; stopped")
            }
        } catch let parked as UpstreamParked {
            await park(task, parked.wait, worker: worker, progress: progress.value, logger: logger)
        } catch is CancellationError {
            // Shutdown: hand the task back to the queue for the next start or another instance,
            // in a task of its own because this one is cancelled.
            await Task { [store, id = task.id, worker] in try? await store.release(id: id, worker: worker, now: Date()) }.value
            logger.info("Task handed back to the queue")
        } catch {
            let providerError = error as? ProviderError
            let failure = providerError.map { TaskFailure(code: $0.code, message: $0.message) }
                ?? TaskFailure(code: .internalError, message: "The task failed because of an error on this server; try again.")
            let status = providerError?.endsAs ?? .failed
            // The error itself (which may name files on this machine) goes to the log only.
            logger.warning("Task \(status.rawValue): \(failure.message)", metadata: providerError == nil ? ["error": "\(error)"] : [:])
            if let failed = try? await store.finish(id: task.id, worker: worker, from: [.running], to: status,
                                                    result: nil, failure: failure, now: Date()) {
                await events.taskChanged(failed)
            }
        }
    }

    /// Saves progress and extends the lease until cancelled; returns when the lease is lost.
    private func heartbeat(_ id: String, worker: String, progress: ProgressCell, logger: Logger) async throws {
        while true {
            try await Task.sleep(for: .seconds(configuration.heartbeatInterval))
            let now = Date()
            do {
                let held = try await store.heartbeat(id: id, worker: worker, progress: progress.value,
                                                     leaseUntil: now + configuration.leaseDuration, now: now)
                if !held { return }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                // A store hiccup (disk full, busy) must not kill a render; the lease has slack.
                logger.warning("Heartbeat failed: \(error)")
            }
        }
    }

    // MARK: Maintenance

    private func maintenanceLoop() async {
        let interval = max(0.5, min(configuration.leaseDuration / 2, 15))
        while !isStopping {
            await stopSignal.wait(upTo: .seconds(interval))
            if isStopping { break }
            do {
                try await recover(all: false)
            } catch {
                logger.error("Maintenance failed: \(error)")
            }
        }
    }

    private func recover(all: Bool) async throws {
        let now = Date()
        let failed = try await store.recoverOrphans(now: now, maxAttempts: configuration.maxAttempts, all: all)
        for task in failed {
            logger.warning("Task failed after repeated interruptions", metadata: ["task": "\(task.id)"])
            await events.taskChanged(task)
        }
        let expired = try await store.expireQueued(createdBefore: now - configuration.queueTimeout, now: now)
        for task in expired {
            logger.warning("Task expired in the queue", metadata: ["task": "\(task.id)"])
            await events.taskChanged(task)
        }
        if let retention = configuration.retention {
            for id in try await store.deleteFinished(before: now - retention) { try? await blobs.delete(taskID: id) }
        }
        signal.signal()
    }
}

/// The latest progress a provider reported, read by the heartbeat.
final class ProgressCell: Sendable {
    private let storage = Atomic<Int>(0)

    var value: Int {
        get { storage.load(ordering: .relaxed) }
        set { storage.store(newValue, ordering: .relaxed) }
    }
}

import Foundation
import Logging
import ReelayCore
import Synchronization

/// Runs one job on one upstream channel, whatever its API: writes the create down in the ledger,
/// sends it once (again only when the upstream certainly refused it), follows the task to its
/// end under a deadline, copies the result files into the job's folder, and cancels a still
/// queued upstream task when the job is cancelled.
struct UpstreamRunner: Sendable {
    let channel: String
    let backend: any UpstreamBackend
    let gate: ChannelGate
    let ledger: any UpstreamLedger
    let downloader: ResultDownloader
    /// For creates the upstream refused with a retryable answer.
    let retry: RetryPolicy
    /// Catalog model id (or the caller's name for it) → this channel's model or endpoint id.
    let models: [String: String]
    /// How long an upstream task may take from its create to its end.
    let taskTimeout: Duration
    let logger: Logger
    /// When to look at a parked task first (`initialInterval`).
    var polling = PollingSettings()

    func run(_ job: ProviderJob, waitForSlot: Bool, progress: @escaping @Sendable (Double) async -> Void) async throws -> TaskResult {
        var logger = logger
        logger[metadataKey: "task"] = "\(job.taskID)"
        logger[metadataKey: "channel"] = "\(channel)"
        let earlier = try await note(job.taskID, logger: logger)
        if let earlier, earlier.upstreamID == nil || earlier.channel != channel {
            throw Self.outcomeUnknown(channel: earlier.channel, "an earlier run of this task was sending it when it stopped", at: earlier.createdAt)
        }
        guard try await gate.enter(wait: waitForSlot || earlier != nil) else { throw ChannelRefusal.busy(channel) }
        defer { gate.leave() }
        await progress(0.01)

        let upstreamID: String
        let createdAt: Date
        if let earlier, let id = earlier.upstreamID {
            (upstreamID, createdAt) = (id, earlier.createdAt)
            logger.info("Resuming the upstream task an earlier run created", metadata: ["upstream_task": "\(id)"])
        } else {
            (upstreamID, createdAt) = try await submit(job, logger: logger)
        }
        logger[metadataKey: "upstream_task"] = "\(upstreamID)"
        if job.mayPark {
            return try await lookOrPark(upstreamID, createdAt: createdAt, resumed: earlier != nil, job: job, progress: progress, logger: logger)
        }
        return try await follow(upstreamID, createdAt: createdAt, job: job, progress: progress, logger: logger)
    }

    // MARK: Create

    private func submit(_ job: ProviderJob, logger: Logger) async throws -> (String, Date) {
        let model = models[job.spec.model] ?? models[job.spec.requestedModel] ?? job.spec.model
        let body: JSONValue
        do {
            body = try backend.encode(job.spec, model: model)
        } catch {
            throw ChannelRefusal(error: error)
        }
        let sentAt = Date()
        do {
            try await ledger.record(.init(channel: channel, upstreamID: nil, createdAt: sentAt), for: job.taskID)
        } catch {
            // The error may name the database or its files: the log gets it, the caller a plain reason.
            logger.error("Cannot record the upstream create in the ledger: \(error)")
            throw ProviderError(code: .internalError, message: "The task could not be recorded before it was sent upstream; try again.")
        }
        var attempt = 0
        while true {
            attempt += 1
            guard gate.breaker.permit() else {
                await forget(job.taskID, logger: logger)
                throw ChannelRefusal(error: ProviderError(code: .circuitOpen, message: "Channel \(channel) is failing; its circuit is open."))
            }
            do {
                try await gate.rate?.acquire()
            } catch {
                gate.breaker.abandoned()
                await forget(job.taskID, logger: logger)
                throw error
            }
            // Shielded from cancellation: a create cut off mid-way would leave an unknown outcome.
            // A cancelled job cancels the (queued) upstream task right after instead.
            let outcome = await Task { [backend] () -> Result<String, CreateFailure> in
                do throws(CreateFailure) { return .success(try await backend.create(body)) } catch { return .failure(error) }
            }.value
            switch outcome {
            case .success(let id):
                gate.breaker.succeeded()
                do {
                    try await ledger.record(.init(channel: channel, upstreamID: id, createdAt: sentAt), for: job.taskID)
                } catch {
                    logger.error("Cannot record the upstream task id in the ledger: \(error)", metadata: ["upstream_task": "\(id)"])
                }
                logger.info("Upstream accepted the task", metadata: ["upstream_task": "\(id)", "model": "\(model)"])
                return (id, sentAt)
            case .failure(.unknown(let detail)):
                gate.breaker.abandoned()
                // The "sending" note stays until the failure is stored: a rerun fails the same way.
                logger.error("Upstream create outcome unknown; not sent again", metadata: ["reason": "\(detail)"])
                let unknown = Self.outcomeUnknown(channel: channel, detail, at: sentAt)
                gate.activity.failed(unknown)
                throw unknown
            case .failure(.refused(let error, let retryable, let channelFault, let retryAfter)):
                if channelFault { gate.breaker.failed() } else { gate.breaker.abandoned() }
                gate.activity.failed(error)
                logger.warning("Upstream refused the task", metadata: ["code": "\(error.code)", "reason": "\(error.message)", "attempt": "\(attempt)"])
                if retryable && attempt < retry.attempts {
                    do {
                        try await Task.sleep(for: retry.delay(after: attempt, retryAfter: retryAfter))
                        continue
                    } catch {
                        await forget(job.taskID, logger: logger)
                        throw error
                    }
                }
                await forget(job.taskID, logger: logger)
                throw channelFault ? ChannelRefusal(error: error) : error
            }
        }
    }

    /// The ledger's note of an earlier run of this task. A store that cannot be read must not
    /// look like "never sent": that would send the task a second time.
    private func note(_ taskID: String, logger: Logger) async throws -> UpstreamLedgerEntry? {
        do {
            return try await ledger.entry(for: taskID)
        } catch {
            logger.error("Cannot read the upstream ledger: \(error)")
            throw ProviderError(code: .internalError, message: "The task's earlier upstream run could not be looked up; try again.")
        }
    }

    /// Drops the task's note where the create certainly did not happen (or the upstream task was
    /// cancelled), so a rerun may send it again. Every other note stays until the task's end is
    /// stored (`UpstreamNoteRemover`); one left behind by a failing store is pruned later.
    private func forget(_ taskID: String, logger: Logger) async {
        do {
            try await ledger.remove(taskID)
        } catch {
            logger.warning("Cannot remove the task's note from the upstream ledger: \(error)")
        }
    }

    static func outcomeUnknown(channel: String, _ detail: String, at date: Date) -> ProviderError {
        ProviderError(code: .upstreamOutcomeUnknown,
                      message: "Channel \(channel) may or may not have accepted the task (\(detail)). It was not sent again, to avoid a "
                        + "duplicate task and charge; look for a task created around \(date.formatted(.iso8601)) in the upstream's console.")
    }

    // MARK: Park

    /// This channel as the store-driven poller sees it.
    var polled: PolledChannel {
        PolledChannel(name: channel, backend: backend, polling: polling, taskTimeout: taskTimeout, ledger: ledger, activity: gate.activity)
    }

    /// With parking, a run ends as soon as the upstream holds the task: a new task is parked at
    /// once, and the store's poller looks at it from then on. A resumed task (run again after a
    /// crash, or handed back by the poller once it finished upstream) gets one look: finished,
    /// its result is saved (or its failure reported) here; otherwise it is parked again.
    private func lookOrPark(_ id: String, createdAt: Date, resumed: Bool, job: ProviderJob,
                            progress: @escaping @Sendable (Double) async -> Void, logger: Logger) async throws -> TaskResult {
        var phase: String?
        if resumed {
            let look = await Task { [backend] in await backend.lookAlone(id) }.value
            if case .found(let snapshot) = look {
                if snapshot.phase.isTerminal { return try await conclude(snapshot, job: job, progress: progress, logger: logger) }
                phase = snapshot.phase.word
            }
        }
        throw UpstreamParked(wait: UpstreamWait(channel: channel, upstreamID: id, since: createdAt,
                                                nextLook: Date() + polling.initialInterval.timeInterval, interval: polling.initialInterval.timeInterval,
                                                phase: phase))
    }

    /// The end of an upstream task that has ended: its failure, or its files saved. The note
    /// stays: a run killed before the task's end is stored resumes this upstream task.
    private func conclude(_ final: UpstreamSnapshot, job: ProviderJob, progress: @escaping @Sendable (Double) async -> Void,
                          logger: Logger) async throws -> TaskResult {
        do {
            if let failure = final.failure(channel: channel) {
                logger.info("Upstream task ended without a video", metadata: ["code": "\(failure.code)"])
                if failure.code != .cancelled { gate.activity.failed(failure) }
                throw failure
            }
            let result = try await save(final, job: job, progress: progress, logger: logger)
            logger.info("Upstream task succeeded", metadata: ["tokens": "\(result.tokens)"])
            return result
        } catch {
            // Stopped mid-download: a rerun looks and downloads again.
            if Task.isCancelled || error is CancellationError { throw CancellationError() }
            throw error
        }
    }

    // MARK: Follow

    /// The phase last seen, read after the waiting task has ended.
    private final class LastPhase: Sendable {
        let value = Mutex<UpstreamSnapshot.Phase?>(nil)
    }

    private func follow(_ id: String, createdAt: Date, job: ProviderJob, progress: @escaping @Sendable (Double) async -> Void,
                        logger: Logger) async throws -> TaskResult {
        let lastPhase = LastPhase()
        let final: UpstreamSnapshot
        do {
            // A task resumed after its deadline still gets a last look, so a finished result is not lost.
            let remaining = max(Duration.seconds(createdAt.addingTimeInterval(taskTimeout.timeInterval).timeIntervalSinceNow), .seconds(60))
            final = try await wait(for: id, within: min(remaining, taskTimeout), job: job, lastPhase: lastPhase,
                                   progress: progress, logger: logger)
        } catch {
            if Task.isCancelled || error is CancellationError {
                await cancelIfQueued(id, lastPhase: lastPhase.value.withLock { $0 }, taskID: job.taskID, logger: logger)
                throw CancellationError()
            }
            if let error = error as? ProviderError, error.code == "UpstreamTimeout" {
                _ = await cancelIfQueued(id, lastPhase: lastPhase.value.withLock { $0 }, taskID: job.taskID, logger: logger)
            }
            throw error
        }
        // Ended upstream: nothing is left to cancel there.
        return try await conclude(final, job: job, progress: progress, logger: logger)
    }

    private func wait(for id: String, within limit: Duration, job: ProviderJob, lastPhase: LastPhase,
                      progress: @escaping @Sendable (Double) async -> Void, logger: Logger) async throws -> UpstreamSnapshot {
        try await withThrowingTaskGroup(of: UpstreamSnapshot?.self) { group in
            group.addTask { [backend, channel] in
                var estimate = ProgressEstimate(spec: job.spec)
                var unknownWords: Set<String> = []
                for try await snapshot in await backend.updates(for: id) {
                    lastPhase.value.withLock { $0 = snapshot.phase }
                    if case .unknown(let word) = snapshot.phase, unknownWords.insert(word).inserted {
                        logger.warning("Upstream reported a status word Reelay does not know; treating it as running", metadata: ["status": "\(word)"])
                    }
                    if snapshot.phase.isTerminal { return snapshot }
                    await progress(estimate.fraction(for: snapshot))
                }
                try Task.checkCancellation()
                throw ProviderError(code: .upstreamLost, message: "Channel \(channel) stopped reporting on upstream task \(id).")
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let final = try await group.next()! else {
                throw ProviderError(code: .upstreamTimeout,
                                    message: "Upstream task \(id) on channel \(channel) did not finish within \(Int(taskTimeout.timeInterval)) s.")
            }
            return final
        }
    }

    private func save(_ final: UpstreamSnapshot, job: ProviderJob, progress: @escaping @Sendable (Double) async -> Void,
                      logger: Logger) async throws -> TaskResult {
        await progress(0.92)
        guard let videoURL = final.videoURL, !videoURL.isEmpty else {
            throw ProviderError(code: .upstreamResultMissing, message: "Upstream task \(final.id) on channel \(channel) succeeded without a video URL.")
        }
        let video = try await downloader.download(videoURL, kind: .video, name: "video", into: job.outputDirectory)
        var lastFrame: String?
        if let url = final.lastFrameURL, !url.isEmpty {
            do {
                lastFrame = try await downloader.download(url, kind: .image, name: "last_frame", into: job.outputDirectory)
            } catch let error as ProviderError {
                // The video is what was paid for; a missing last frame must not throw it away.
                logger.warning("The last frame could not be saved; keeping the video", metadata: ["reason": "\(error.message)"])
            }
        }
        let spec = job.spec
        let known = Geometry.size(family: spec.family, resolution: final.resolution ?? spec.resolution, ratio: final.ratio ?? spec.ratio)
        let measured = known == nil ? await downloader.measure(job.outputDirectory.appending(path: video)) : nil
        await progress(1)
        return final.result(for: spec, videoFile: video, lastFrameFile: lastFrame, probedSize: measured)
    }

    /// On cancellation, a task still queued upstream is cancelled there (no charge, and nothing
    /// left to resume); a running one is left to finish, and a rerun of the job resumes it.
    @discardableResult
    private func cancelIfQueued(_ id: String, lastPhase: UpstreamSnapshot.Phase?, taskID: String, logger: Logger) async -> Bool {
        guard lastPhase == nil || lastPhase == .queued else {
            logger.info("Job stopped while the upstream task runs; a rerun resumes it")
            return false
        }
        let cancelled = await Task { [backend] in await backend.cancel(id) }.value
        if cancelled {
            await forget(taskID, logger: logger)
            logger.info("Cancelled the queued upstream task")
        }
        return cancelled
    }
}

extension Duration {
    /// Seconds as a `TimeInterval`, for `Date` arithmetic and messages.
    var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

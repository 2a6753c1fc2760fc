import Foundation
import Logging
import ReelayCore

/// Watches every in-flight task of one Ark channel with one list request per round instead of
/// one request per task: `GET /contents/generations/tasks?filter.task_ids=a&filter.task_ids=b...`
/// in pages of at most `pageSize` ids. Each task's pause between looks backs off while it stays
/// unfinished; tasks due at about the same time share a round.
///
/// Ark can also POST a task's status to a callback URL. `receive(callbackBody:)` takes such a
/// POST as a hint and reads the task back at once, so a waiting job ends without waiting for
/// its next round (polling stays as the fallback); a repeated callback finds nobody waiting and
/// is ignored. The body itself is not trusted: anyone can reach a callback URL.
public actor ArkPoller {
    /// Counters for tests and metrics.
    public struct Statistics: Sendable, Equatable {
        public var rounds = 0
        public var listRequests = 0
        public var maxListRequestsInARound = 0
        public var maxTasksInARound = 0
        /// Single-task reads (vanish checks and callbacks).
        public var taskRequests = 0
        public var callbacks = 0
    }

    private struct Waiter {
        var token: Int
        var continuation: AsyncThrowingStream<UpstreamSnapshot, any Error>.Continuation
        var interval: Duration
        var nextPoll: ContinuousClock.Instant
        var missingRounds = 0
        var refusedRounds = 0
    }

    enum Page: Sendable {
        case items([String: UpstreamSnapshot])
        /// `refused`: the upstream answered with a client error (a revoked key), not a hiccup.
        case failed(String, refused: Bool)
    }

    enum Lookup: Sendable {
        case found(UpstreamSnapshot)
        case notFound
        case failed(String)
    }

    /// Ark's tasks path under its base URL (which ends in `/api/v3`).
    static let tasksPath = String(APIRoutes.arkCreate.path.dropFirst(APIRoutes.arkBasePath.count))
    /// One task's path under Ark's base URL.
    static func taskPath(_ id: String) -> String { String(APIRoutes.arkQuery.path(id).dropFirst(APIRoutes.arkBasePath.count)) }

    let channel: String
    let client: UpstreamClient
    let settings: PollingSettings
    let retry: RetryPolicy
    let logger: Logger
    private var waiters: [String: Waiter] = [:]
    private var nextToken = 0
    private var loop: Task<Void, Never>?
    public private(set) var statistics = Statistics()

    init(channel: String, client: UpstreamClient, settings: PollingSettings, retry: RetryPolicy, logger: Logger) {
        self.channel = channel
        self.client = client
        var settings = settings
        settings.pageSize = min(500, max(1, settings.pageSize))
        self.settings = settings
        self.retry = retry
        self.logger = logger
    }

    /// The states of upstream task `id` until a terminal one. Cancelling the consumer stops
    /// watching it.
    func track(_ id: String) -> AsyncThrowingStream<UpstreamSnapshot, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: UpstreamSnapshot.self, throwing: (any Error).self,
                                                                    bufferingPolicy: .bufferingNewest(8))
        nextToken += 1
        let token = nextToken
        waiters[id]?.continuation.finish()
        waiters[id] = Waiter(token: token, continuation: continuation, interval: settings.initialInterval,
                             nextPoll: .now + settings.initialInterval)
        continuation.onTermination = { _ in Task { await self.forget(id, token: token) } }
        if loop == nil { loop = Task { await self.runLoop() } }
        return stream
    }

    /// How many tasks are being watched.
    public var watching: Int { waiters.count }

    /// A status POST from Ark. Returns true when it concerned a task being waited for.
    public func receive(callbackBody: Data) async -> Bool {
        statistics.callbacks += 1
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: callbackBody), let id = json["id"]?.stringValue,
              waiters[id] != nil
        else { return false }
        statistics.taskRequests += 1
        switch await lookUp(id) {
        case .found(let snapshot): deliver(snapshot)
        case .notFound, .failed: break  // the next round will tell
        }
        return true
    }

    private func forget(_ id: String, token: Int) {
        if waiters[id]?.token == token { waiters[id] = nil }
    }

    // MARK: Rounds

    private func runLoop() async {
        while !waiters.isEmpty {
            let now = ContinuousClock.now
            let earliest = waiters.values.map(\.nextPoll).min() ?? now
            if earliest > now {
                // Wake at least every half initial interval: a task added meanwhile may be due sooner.
                try? await Task.sleep(until: min(earliest, now + settings.initialInterval / 2), clock: .continuous)
                continue
            }
            let horizon = now + settings.initialInterval / 2
            await poll(waiters.filter { $0.value.nextPoll <= horizon }.map(\.key))
        }
        loop = nil
    }

    private func poll(_ ids: [String]) async {
        let pages = stride(from: 0, to: ids.count, by: settings.pageSize).map { Array(ids[$0..<min($0 + settings.pageSize, ids.count)]) }
        let results = await withTaskGroup(of: ([String], Page, Int).self) { group in
            for page in pages {
                group.addTask {
                    let (result, requests) = await self.fetch(page)
                    return (page, result, requests)
                }
            }
            var results: [([String], Page, Int)] = []
            for await result in group { results.append(result) }
            return results
        }
        let requests = results.map(\.2).reduce(0, +)
        statistics.rounds += 1
        statistics.listRequests += requests
        statistics.maxListRequestsInARound = max(statistics.maxListRequestsInARound, requests)
        statistics.maxTasksInARound = max(statistics.maxTasksInARound, ids.count)

        var missing: [String] = []
        for (page, result, _) in results {
            switch result {
            case .items(let found):
                for id in page {
                    if let snapshot = found[id] {
                        deliver(snapshot)
                    } else if var waiter = waiters[id] {
                        // Just created tasks may take a moment to be listed: look again soon, then ask for it alone.
                        waiter.missingRounds += 1
                        waiter.nextPoll = .now + settings.initialInterval
                        waiters[id] = waiter
                        if waiter.missingRounds >= settings.vanishRounds { missing.append(id) }
                    }
                }
            case .failed(let reason, let refused):
                logger.warning("Polling the upstream failed", metadata: ["channel": "\(channel)", "tasks": "\(page.count)", "reason": "\(reason)"])
                for id in page {
                    guard var waiter = waiters[id] else { continue }
                    waiter.refusedRounds = refused ? waiter.refusedRounds + 1 : 0
                    if waiter.refusedRounds >= settings.vanishRounds {
                        waiters[id] = nil
                        waiter.continuation.finish(throwing: ProviderError(
                            code: .upstreamPollFailed,
                            message: "Channel \(channel) keeps refusing to report upstream task \(id) (\(reason)); it may still finish upstream."))
                        continue
                    }
                    waiter.interval = min(waiter.interval * settings.backoff, settings.maxInterval)
                    waiter.nextPoll = .now + waiter.interval
                    waiters[id] = waiter
                }
            }
        }
        for id in missing { await confirmMissing(id) }
    }

    /// A task not listed for several rounds is asked for alone: gone (404) ends its job.
    private func confirmMissing(_ id: String) async {
        statistics.taskRequests += 1
        switch await lookUp(id) {
        case .found(let snapshot):
            deliver(snapshot)
        case .notFound:
            guard let waiter = waiters.removeValue(forKey: id) else { return }
            logger.warning("Upstream task vanished", metadata: ["channel": "\(channel)", "upstream_task": "\(id)"])
            waiter.continuation.finish(throwing: Self.vanished(id, channel: channel, rounds: settings.vanishRounds))
        case .failed:
            break
        }
    }

    static func vanished(_ id: String, channel: String, rounds: Int) -> ProviderError {
        ProviderError(code: .upstreamTaskVanished,
                      message: "Upstream task \(id) no longer exists on channel \(channel) (not listed for \(rounds) rounds, "
                        + "then not found); its result cannot be retrieved.")
    }

    private func deliver(_ snapshot: UpstreamSnapshot) {
        guard var waiter = waiters[snapshot.id] else { return }
        waiter.continuation.yield(snapshot)
        if snapshot.phase.isTerminal {
            waiters[snapshot.id] = nil
            waiter.continuation.finish()
            return
        }
        waiter.missingRounds = 0
        waiter.refusedRounds = 0
        waiter.interval = min(waiter.interval * settings.backoff, settings.maxInterval)
        waiter.nextPoll = .now + waiter.interval
        waiters[snapshot.id] = waiter
    }

    // MARK: Requests

    /// One list page (with retries); returns it and the number of requests it took.
    nonisolated func fetch(_ ids: [String]) async -> (Page, Int) {
        var requests = 0
        let query = [("page_num", "1"), ("page_size", "\(ids.count)")] + ids.map { ("filter.task_ids", $0) }
        do {
            let found = try await retry.run { () async throws -> RetryPolicy.Attempt<[String: UpstreamSnapshot]> in
                requests += 1
                let response: UpstreamClient.Response
                do {
                    response = try await client.send(.GET, Self.tasksPath, query: query)
                } catch let error as UpstreamClient.TransportError {
                    return .transient(error.description)
                }
                if response.status == 408 || response.status == 429 || response.status >= 500 {
                    return .transient("HTTP \(response.status)", retryAfter: response.retryAfter)
                }
                guard response.isSuccess else { throw Refused(reason: redacted(UpstreamErrorBody.summary(response.json, status: response.status))) }
                guard let items = response.json?["items"]?.arrayValue else { return .transient("malformed JSON in the list answer") }
                var found: [String: UpstreamSnapshot] = [:]
                for item in items {
                    if let snapshot = UpstreamSnapshot(ark: item)?.redacted(by: client.secret) { found[snapshot.id] = snapshot }
                }
                return .success(found)
            }
            return (.items(found), requests)
        } catch let error as Refused {
            return (.failed(error.reason, refused: true), requests)
        } catch let error as RetryPolicy.Exhausted {
            return (.failed(error.reason, refused: false), requests)
        } catch {
            return (.failed("interrupted", refused: false), requests)
        }
    }

    /// One task by id (with retries).
    nonisolated func lookUp(_ id: String) async -> Lookup {
        do {
            return try await retry.run { () async throws -> RetryPolicy.Attempt<Lookup> in
                let response: UpstreamClient.Response
                do {
                    response = try await client.send(.GET, Self.taskPath(id))
                } catch let error as UpstreamClient.TransportError {
                    return .transient(error.description)
                }
                if response.status == 404 { return .success(.notFound) }
                if response.status == 408 || response.status == 429 || response.status >= 500 {
                    return .transient("HTTP \(response.status)", retryAfter: response.retryAfter)
                }
                guard response.isSuccess else { return .success(.failed("HTTP \(response.status)")) }
                guard let json = response.json, let snapshot = UpstreamSnapshot(ark: json)?.redacted(by: client.secret) else {
                    return .transient("malformed JSON in the task answer")
                }
                return .success(.found(snapshot))
            }
        } catch {
            return .failed("\(error)")
        }
    }

    private nonisolated func redacted(_ text: String) -> String {
        client.secret?.redact(text) ?? text
    }

    private struct Refused: Error {
        var reason: String
    }
}

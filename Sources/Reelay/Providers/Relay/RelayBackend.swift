import Foundation
import Logging
import ReelayCore

/// Another gateway's task API, in one of the dialects Reelay speaks, as an `UpstreamBackend`.
/// Those dialects query one task per request, so each task is watched by a loop of its own
/// whose pause backs off while the task stays unfinished.
struct RelayBackend: UpstreamBackend {
    let channel: String
    let client: UpstreamClient
    let codec: any RelayCodec
    let polling: PollingSettings
    let retry: RetryPolicy
    let logger: Logger

    func encode(_ spec: RenderSpec, model: String) throws(ProviderError) -> JSONValue {
        try codec.body(spec, model: model)
    }

    func create(_ body: JSONValue) async throws(CreateFailure) -> String {
        let response: UpstreamClient.Response
        do {
            response = try await client.send(.POST, codec.createPath, body: body)
        } catch let error as UpstreamClient.TransportError {
            throw .from(error)
        } catch {
            throw .unknown("the request was interrupted")
        }
        if response.isSuccess, let json = response.json, let id = codec.taskID(inCreateAnswer: json) { return id }
        throw .from(response, secret: client.secret)
    }

    func updates(for id: String) async -> AsyncThrowingStream<UpstreamSnapshot, any Error> {
        AsyncThrowingStream(bufferingPolicy: .bufferingNewest(8)) { continuation in
            let watcher = Task { await watch(id, continuation) }
            continuation.onTermination = { _ in watcher.cancel() }
        }
    }

    /// One task per request: the relay dialects have no list of tasks by id.
    var lookBatch: Int { 1 }

    func look(at ids: [String]) async -> [String: UpstreamLook] {
        var looks: [String: UpstreamLook] = [:]
        for id in ids { looks[id] = await lookAlone(id) }
        return looks
    }

    func lookAlone(_ id: String) async -> UpstreamLook {
        switch await lookUp(id) {
        case .found(let snapshot): .found(snapshot)
        case .notFound: .missing
        case .refused(let reason): .refused(reason)
        case .failed(let reason): .failed(reason)
        }
    }

    func vanished(_ id: String, rounds: Int) -> ProviderError {
        Self.vanished(id, channel: channel, rounds: rounds)
    }

    static func vanished(_ id: String, channel: String, rounds: Int) -> ProviderError {
        ProviderError(code: .upstreamTaskVanished,
                      message: "Upstream task \(id) no longer exists on channel \(channel) (not found \(rounds) times); its result cannot be retrieved.")
    }

    func cancel(_ id: String) async -> Bool {
        guard let path = codec.cancelPath(id) else { return false }
        return (try? await client.send(.DELETE, path, timeout: .seconds(10)))?.isSuccess ?? false
    }

    func receiveCallback(_ body: Data) async -> Bool { false }

    // MARK: Watching

    private enum Lookup: Sendable {
        case found(UpstreamSnapshot)
        case notFound
        /// A client error (a revoked key): counted, and fatal when it persists.
        case refused(String)
        case failed(String)
    }

    private func watch(_ id: String, _ continuation: AsyncThrowingStream<UpstreamSnapshot, any Error>.Continuation) async {
        var interval = polling.initialInterval
        var missing = 0
        var refused = 0
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                break
            }
            switch await lookUp(id) {
            case .found(let snapshot):
                missing = 0
                refused = 0
                continuation.yield(snapshot)
                if snapshot.phase.isTerminal {
                    continuation.finish()
                    return
                }
            case .notFound:
                missing += 1
                if missing >= polling.vanishRounds {
                    continuation.finish(throwing: Self.vanished(id, channel: channel, rounds: missing))
                    return
                }
                continue
            case .refused(let reason):
                refused += 1
                if refused >= polling.vanishRounds {
                    continuation.finish(throwing: ProviderError(
                        code: .upstreamPollFailed,
                        message: "Channel \(channel) keeps refusing to report upstream task \(id) (\(reason)); it may still finish upstream."))
                    return
                }
            case .failed(let reason):
                logger.warning("Polling the upstream failed", metadata: ["upstream_task": "\(id)", "reason": "\(reason)"])
            }
            interval = min(interval * polling.backoff, polling.maxInterval)
        }
        continuation.finish()
    }

    private func lookUp(_ id: String) async -> Lookup {
        do {
            return try await retry.run { () async throws -> RetryPolicy.Attempt<Lookup> in
                let response: UpstreamClient.Response
                do {
                    response = try await client.send(.GET, codec.queryPath(id))
                } catch let error as UpstreamClient.TransportError {
                    return .transient(error.description)
                }
                let json = response.json
                if codec.isNotFound(status: response.status, answer: json) { return .success(.notFound) }
                if response.status == 408 || response.status == 429 || response.status >= 500 {
                    return .transient("HTTP \(response.status)", retryAfter: response.retryAfter)
                }
                guard response.isSuccess else {
                    let summary = UpstreamErrorBody.summary(json, status: response.status)
                    return .success(.refused(client.secret?.redact(summary) ?? summary))
                }
                guard let json, let snapshot = codec.snapshot(json, id: id)?.redacted(by: client.secret) else {
                    return .transient("malformed JSON in the task answer")
                }
                return .success(.found(snapshot))
            }
        } catch let error as RetryPolicy.Exhausted {
            return .failed(error.reason)
        } catch {
            return .failed("interrupted")
        }
    }
}

import Foundation
import ReelayCore

/// The wire half of an upstream channel: how to encode, submit, watch and cancel a task in one
/// API (Ark's, or a relay's dialect). `UpstreamRunner` adds everything the APIs share: the
/// ledger, the gate, retries, deadlines, progress and downloads.
protocol UpstreamBackend: Sendable {
    /// The create body, or a `ProviderError` when this API cannot express the request (a relay
    /// dialect without video references): another channel may.
    func encode(_ spec: RenderSpec, model: String) throws(ProviderError) -> JSONValue

    /// Sends one create, never retried here. Returns the upstream id; throws `CreateFailure`.
    func create(_ body: JSONValue) async throws(CreateFailure) -> String

    /// The task's states as they are learnt, until a terminal one. Ends with a `ProviderError`
    /// when the task cannot be followed any more (it vanished, the key was revoked).
    func updates(for id: String) async -> AsyncThrowingStream<UpstreamSnapshot, any Error>

    /// How many tasks one `look(at:)` covers: Ark lists up to its page size per request; the
    /// relay dialects read one task per request.
    var lookBatch: Int { get }

    /// One request (retried on hiccups) about up to `lookBatch` tasks, for the store-driven
    /// poller: every id gets an answer, `.missing` when the upstream did not list it.
    func look(at ids: [String]) async -> [String: UpstreamLook]

    /// One task on its own: confirms that a task no longer listed is gone, and gives a resumed
    /// task its one look.
    func lookAlone(_ id: String) async -> UpstreamLook

    /// Why a task that is gone upstream failed, as this API found it gone after `rounds` looks.
    func vanished(_ id: String, rounds: Int) -> ProviderError

    /// Asks the upstream to cancel a queued task; true when it did.
    func cancel(_ id: String) async -> Bool

    /// A status notification the upstream POSTed to the callback URL; true when it concerned a
    /// task being waited for.
    func receiveCallback(_ body: Data) async -> Bool
}

/// Why a create did not return an id.
enum CreateFailure: Error, Sendable {
    /// The upstream certainly did not accept the task. `retryable`: sending it again may work
    /// (429, 5xx with an error body, no connection). `channelFault`: the channel itself is at
    /// fault (also 401/403/404), so it counts against its circuit breaker and another channel
    /// may be tried; otherwise the request is (a 400) and the job fails with the upstream's reason.
    case refused(ProviderError, retryable: Bool, channelFault: Bool, retryAfter: Duration?)
    /// The upstream may have accepted it (timeout after sending, dropped connection, a 2xx
    /// without an id, a gateway 5xx): it must not be sent again.
    case unknown(String)

    /// Classifies an HTTP answer that carried no task id.
    static func from(_ response: UpstreamClient.Response, secret: UpstreamSecret?) -> CreateFailure {
        let json = response.json
        let parsed = UpstreamErrorBody.parse(json)
        let summary = secret?.redact(UpstreamErrorBody.summary(json, status: response.status)) ?? UpstreamErrorBody.summary(json, status: response.status)
        let message = secret?.redact(parsed?.message ?? "") ?? parsed?.message ?? ""
        func refused(_ code: FailureCode, retryable: Bool, channelFault: Bool) -> CreateFailure {
            .refused(ProviderError(code: parsed?.code.map { FailureCode(rawValue: $0) } ?? code, message: message.isEmpty ? "The upstream refused the task (\(summary))." : message),
                     retryable: retryable, channelFault: channelFault, retryAfter: response.retryAfter)
        }
        switch response.status {
        case 200..<300:
            // Accepted, perhaps, but without an id we can follow; an explicit error body says no.
            return parsed == nil ? .unknown("it answered HTTP \(response.status) without a task id") : refused(.upstreamRefused, retryable: false, channelFault: false)
        case 408, 429:
            return refused(response.status == 429 ? "RateLimitExceeded" : "UpstreamTimeout", retryable: true, channelFault: true)
        case 401, 403:
            return refused(.upstreamAuthenticationFailed, retryable: false, channelFault: true)
        case 404:
            return refused(.upstreamModelNotFound, retryable: false, channelFault: true)
        case 504:
            return .unknown("its gateway timed out (\(summary))")
        case 500..<600:
            // An error body is the upstream's own answer: it handled the request and made no task.
            // Anything else (an HTML page from a proxy) may hide an accepted task.
            return parsed == nil ? .unknown("it answered \(summary) without an error body") : refused(.upstreamError, retryable: true, channelFault: true)
        default:
            return refused(.upstreamRefused, retryable: false, channelFault: false)
        }
    }

    /// Classifies a request that got no answer.
    static func from(_ error: UpstreamClient.TransportError) -> CreateFailure {
        error.sent
            ? .unknown(error.description)
            : .refused(ProviderError(code: .upstreamUnreachable, message: "The upstream could not be reached: \(error.description)."),
                       retryable: true, channelFault: true, retryAfter: nil)
    }
}

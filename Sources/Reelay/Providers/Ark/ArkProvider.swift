import AsyncHTTPClient
import Foundation
import Logging
import ReelayCore

/// Volcengine Ark or BytePlus ModelArk as a provider: each job becomes one upstream task,
/// created once, watched through the channel's batched `ArkPoller` (and Ark's callbacks, when a
/// callback URL is configured), and its video and last frame copied into the job's folder.
public struct ArkProvider: UpstreamChannel {
    /// Fields Ark takes per create that are the operator's choice, not the caller's.
    public struct Options: Sendable {
        /// Where Ark POSTs status changes: Reelay's callback route for this channel.
        public var callbackURL: String?
        /// `default` or `flex` (cheaper, slower).
        public var serviceTier: String?
        /// Seconds an upstream task may wait before Ark expires it (3600...259200).
        public var executionExpiresAfter: Int?

        public init(callbackURL: String? = nil, serviceTier: String? = nil, executionExpiresAfter: Int? = nil) {
            self.callbackURL = callbackURL
            self.serviceTier = serviceTier
            self.executionExpiresAfter = executionExpiresAfter
        }

        var body: [String: JSONValue] {
            var body: [String: JSONValue] = [:]
            if let callbackURL { body["callback_url"] = .string(callbackURL) }
            if let serviceTier { body["service_tier"] = .string(serviceTier) }
            if let executionExpiresAfter { body["execution_expires_after"] = .int(executionExpiresAfter) }
            return body
        }
    }

    public let name: String
    public let poller: ArkPoller
    public let breaker: CircuitBreaker
    let runner: UpstreamRunner

    /// - Parameters:
    ///   - httpClient: shared, and configured not to follow redirects (downloads check each hop).
    ///   - ledger: where creates are written down, so that a rerun resumes instead of creating twice.
    ///   - addressPolicy: which result hosts besides the channel's own may be downloaded from.
    ///   - tool: measures videos whose pixel size Ark's answer does not settle.
    public init(settings: ChannelSettings, options: Options = .init(), httpClient: HTTPClient, ledger: any UpstreamLedger,
                addressPolicy: AddressPolicy = .init(), tool: (any MediaTool)? = nil, logger: Logger) {
        var logger = logger
        logger[metadataKey: "channel"] = "\(settings.name)"
        let client = UpstreamClient(httpClient: httpClient, baseURL: settings.baseURL, secret: settings.apiKey, timeout: settings.requestTimeout)
        name = settings.name
        poller = ArkPoller(channel: settings.name, client: client, settings: settings.polling, retry: settings.retry, logger: logger)
        breaker = CircuitBreaker(threshold: settings.breakerThreshold, coolDown: settings.breakerCoolDown, now: settings.now)
        let backend = ArkBackend(client: client, poller: poller, extras: options.body)
        runner = UpstreamRunner(settings: settings, backend: backend, client: client, ledger: ledger, breaker: breaker,
                                addressPolicy: addressPolicy, tool: tool, logger: logger)
    }

    public func generate(_ job: ProviderJob, progress: @escaping @Sendable (Double) async -> Void) async throws -> TaskResult {
        try await generateOnChannel(job, progress: progress)
    }

    func run(_ job: ProviderJob, waitForSlot: Bool, progress: @escaping @Sendable (Double) async -> Void) async throws -> TaskResult {
        try await runner.run(job, waitForSlot: waitForSlot, progress: progress)
    }

    public func receiveCallback(_ body: Data) async -> Bool {
        await poller.receive(callbackBody: body)
    }

    var polled: PolledChannel? { runner.polled }
    var gate: ChannelGate? { runner.gate }
}

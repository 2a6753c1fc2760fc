import AsyncHTTPClient
import Foundation
import Logging
import ReelayCore

/// Another gateway (a reseller, or another Reelay) as a provider, in any dialect Reelay speaks
/// but OpenAI's: each job becomes one task there, created once, followed through the dialect's
/// query route with its status words mapped to canonical ones, and its files copied here.
public struct RelayProvider: UpstreamChannel {
    public let name: String
    public let dialect: DialectID
    public let breaker: CircuitBreaker
    let runner: UpstreamRunner

    /// Throws `ConfigurationError` for a dialect that cannot be relayed to (OpenAI's).
    public init(settings: ChannelSettings, dialect: DialectID, httpClient: HTTPClient, ledger: any UpstreamLedger,
                addressPolicy: AddressPolicy = .init(), tool: (any MediaTool)? = nil, logger: Logger) throws {
        guard let codec = RelayCodecs.codec(for: dialect) else {
            throw ConfigurationError("Channel \(settings.name): relaying to the \(dialect.rawValue) dialect is not supported; "
                + "use anyfast, ark, toapis, apimart or unified.")
        }
        var logger = logger
        logger[metadataKey: "channel"] = "\(settings.name)"
        let client = UpstreamClient(httpClient: httpClient, baseURL: settings.baseURL, secret: settings.apiKey, timeout: settings.requestTimeout)
        name = settings.name
        self.dialect = dialect
        breaker = CircuitBreaker(threshold: settings.breakerThreshold, coolDown: settings.breakerCoolDown, now: settings.now)
        let backend = RelayBackend(channel: settings.name, client: client, codec: codec, polling: settings.polling,
                                   retry: settings.retry, logger: logger)
        runner = UpstreamRunner(settings: settings, backend: backend, client: client, ledger: ledger, breaker: breaker,
                                addressPolicy: addressPolicy, tool: tool, logger: logger)
    }

    public func generate(_ job: ProviderJob, progress: @escaping @Sendable (Double) async -> Void) async throws -> TaskResult {
        try await generateOnChannel(job, progress: progress)
    }

    func run(_ job: ProviderJob, waitForSlot: Bool, progress: @escaping @Sendable (Double) async -> Void) async throws -> TaskResult {
        try await runner.run(job, waitForSlot: waitForSlot, progress: progress)
    }

    public func receiveCallback(_ body: Data) async -> Bool { false }

    var polled: PolledChannel? { runner.polled }
    var gate: ChannelGate? { runner.gate }
}

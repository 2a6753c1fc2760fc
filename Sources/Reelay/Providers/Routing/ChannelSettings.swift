import AsyncHTTPClient
import Logging

/// How Reelay talks to one upstream channel: where it is, its key, its limits and patience.
/// The routing file fills it in; defaults suit a real Ark account.
public struct ChannelSettings: Sendable {
    /// The channel's name in logs, errors, the ledger and callback routes.
    public var name: String
    /// Ark: the SDK's `base_url` (`https://ark.cn-beijing.volces.com/api/v3`); a relay: the
    /// gateway's root, with a dialect prefix if it has one (`https://gw.example/anyfast`).
    public var baseURL: String
    public var apiKey: UpstreamSecret?
    /// Catalog model id (or the caller's model name) → the id this channel knows it by (Ark
    /// endpoint ids `ep-...`, a reseller's alias). Unmapped models are sent under their catalog id.
    public var models: [String: String] = [:]
    /// For one API call (create, poll page, delete).
    public var requestTimeout: Duration = .seconds(30)
    /// How long an upstream task may take from create to end before the job fails. Ark expires
    /// tasks after `execution_expires_after` (48 h by default); this leaves an hour on top.
    public var taskTimeout: Duration = .seconds(176_400)
    /// Upstream tasks in flight at once (the account's concurrency quota); nil for no limit.
    public var maxConcurrent: Int?
    /// Creates per second; nil for no limit.
    public var requestsPerSecond: Double?
    public var retry = RetryPolicy()
    /// Definite create failures in a row that open the circuit, and how long it stays open.
    public var breakerThreshold = 5
    public var breakerCoolDown: Duration = .seconds(30)
    /// The circuit breaker's time; tests pass their own to step past the cool-down.
    public var now: @Sendable () -> ContinuousClock.Instant = { .now }
    public var polling = PollingSettings()
    public var maxVideoBytes = 512 << 20
    public var maxImageBytes = 32 << 20
    /// For downloading one result file.
    public var downloadTimeLimit: Duration = .seconds(600)

    public init(name: String, baseURL: String, apiKey: UpstreamSecret?) {
        self.name = name
        self.baseURL = baseURL
        self.apiKey = apiKey
    }
}

/// How upstream tasks are watched.
public struct PollingSettings: Sendable, Equatable {
    /// The first look comes this long after the create; each look that finds the task unfinished
    /// multiplies the pause by `backoff`, up to `maxInterval`.
    public var initialInterval: Duration = .seconds(3)
    public var maxInterval: Duration = .seconds(15)
    public var backoff = 1.5
    /// Ark: task ids per list request (1...500).
    public var pageSize = 100
    /// Rounds a task may be missing from the upstream's answers before it counts as vanished.
    public var vanishRounds = 3

    public init() {}
}

extension UpstreamRunner {
    init(settings: ChannelSettings, backend: any UpstreamBackend, client: UpstreamClient, ledger: any UpstreamLedger,
         breaker: CircuitBreaker, addressPolicy: AddressPolicy, tool: (any MediaTool)?, logger: Logger) {
        self.init(
            channel: settings.name, backend: backend,
            gate: ChannelGate(breaker: breaker, maxConcurrent: settings.maxConcurrent, requestsPerSecond: settings.requestsPerSecond,
                              activity: ChannelActivity(secret: settings.apiKey)),
            ledger: ledger,
            downloader: ResultDownloader(httpClient: client.httpClient, trustedHost: client.host, policy: addressPolicy, retry: settings.retry,
                                         maxVideoBytes: settings.maxVideoBytes, maxImageBytes: settings.maxImageBytes,
                                         timeLimit: settings.downloadTimeLimit, tool: tool, logger: logger),
            retry: settings.retry, models: settings.models, taskTimeout: settings.taskTimeout, logger: logger)
        polling = settings.polling
    }
}

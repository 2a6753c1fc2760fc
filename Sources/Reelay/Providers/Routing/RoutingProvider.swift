import AsyncHTTPClient
import Foundation
import Logging
import ReelayCore

/// The provider the engine runs when upstreams are configured: picks the channels of a job's
/// model from the routing file and runs the job on the first that takes it. A channel that
/// definitely did not take it (create refused, circuit open, full) passes it to the next; once
/// an upstream has accepted the task there is no failover, since that could make it twice.
/// A rerun of a job whose task already lives upstream goes back to that channel to resume it.
/// With no routing file everything renders locally.
public struct RoutingProvider: VideoProvider {
    public let name = "routing"
    let channels: [String: any UpstreamChannel]
    private let routes: [String: [Candidate]]
    private let aliases: [String: String]
    private let ledger: (any UpstreamLedger)?
    /// The store-driven poller of parked tasks, once one is made (`makePoller`): callbacks wake it.
    let pollerLink = PollerLink()
    /// How long a note of a task sent upstream can matter: the longest task deadline, and a day.
    private let ledgerRetention: TimeInterval
    /// Where the inputs of tasks are kept; upstreams are sent them inline.
    private let inputs: (any BlobStore)?
    private let random: @Sendable () -> Double
    private let logger: Logger

    /// The name of the built-in channel that renders locally.
    public static let localChannel = "local"

    private struct Candidate: Sendable {
        var channel: String
        var weight: Double
        var priority: Int
    }

    /// Reads the routing file at `path` (nil or empty: everything local) and builds its channels.
    /// - Parameters:
    ///   - environment: where the channels' `apiKeyEnv` variables are read.
    ///   - local: the local renderer, for the `local` channel and unrouted models.
    ///   - httpClient: shared; it must not follow redirects (result downloads check every hop).
    ///   - ledger: where creates sent upstream are written down (the task store's).
    ///   - addressPolicy: which result hosts besides a channel's own may be downloaded from.
    ///   - tool: measures result videos whose size the upstream does not settle.
    ///   - inputs: the blob store that keeps tasks' inline media (`input://` URLs).
    public static func load(file path: String?, environment: UpstreamEnvironment, local: any VideoProvider, httpClient: HTTPClient,
                            ledger: any UpstreamLedger, addressPolicy: AddressPolicy = .init(), tool: (any MediaTool)? = nil,
                            inputs: (any BlobStore)? = nil, logger: Logger) throws -> RoutingProvider {
        let configuration = try path.flatMap { $0.isEmpty ? nil : $0 }
            .map { try RoutingConfiguration.load(contentsOf: URL(filePath: $0)) } ?? RoutingConfiguration()
        return try RoutingProvider(configuration: configuration, environment: environment, local: local, httpClient: httpClient,
                                   ledger: ledger, addressPolicy: addressPolicy, tool: tool, inputs: inputs,
                                   logger: logger)
    }

    public init(configuration: RoutingConfiguration, environment: UpstreamEnvironment, local: any VideoProvider, httpClient: HTTPClient,
                ledger: any UpstreamLedger, addressPolicy: AddressPolicy = .init(), tool: (any MediaTool)? = nil,
                inputs: (any BlobStore)? = nil, logger: Logger,
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
                now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) throws {
        var channels: [String: any UpstreamChannel] = [Self.localChannel: LocalChannel(provider: local)]
        let upstream = configuration.channels.filter { $0.kind != .local }
        var longestTimeout = Duration.zero
        for channel in configuration.channels {
            guard !channel.name.isEmpty, channel.name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)) }) else {
                throw ConfigurationError("Channel name '\(channel.name)' must be letters, digits, '-', '_' or '.'.")
            }
            guard channels[channel.name] == nil || (channel.name == Self.localChannel && channel.kind == .local) else {
                throw ConfigurationError("Channel \(channel.name) is defined twice\(channel.name == Self.localChannel ? " (local is the built-in renderer)" : "").")
            }
            switch channel.kind {
            case .local:
                channels[channel.name] = LocalChannel(provider: local)
            case .ark, .relay:
                var settings = try ChannelSettings(channel, defaults: configuration, environment: environment)
                settings.now = now
                longestTimeout = max(longestTimeout, settings.taskTimeout)
                channels[channel.name] = try Self.makeChannel(channel, settings: settings, httpClient: httpClient, ledger: ledger,
                                                              addressPolicy: addressPolicy, tool: tool, logger: logger)
            }
        }
        var routes: [String: [Candidate]] = [:]
        for (model, entries) in configuration.routes {
            guard !entries.isEmpty else { throw ConfigurationError("Route \(model) lists no channels.") }
            routes[model] = try entries.enumerated().map { index, entry in
                guard channels[entry.channel] != nil else {
                    throw ConfigurationError("Route \(model) names channel \(entry.channel), which is not defined.")
                }
                guard (entry.weight ?? 1) > 0 else { throw ConfigurationError("Route \(model): the weight of \(entry.channel) must be above 0.") }
                return Candidate(channel: entry.channel, weight: entry.weight ?? 1, priority: entry.priority ?? index)
            }
        }
        for (alias, target) in configuration.aliases where routes[target] == nil {
            throw ConfigurationError("Alias \(alias) points to \(target), which has no route.")
        }
        self.channels = channels
        self.routes = routes
        self.aliases = configuration.aliases
        self.ledger = upstream.isEmpty ? nil : ledger
        self.ledgerRetention = longestTimeout.timeInterval + 86_400
        self.inputs = inputs
        self.random = random
        self.logger = logger
        if !upstream.isEmpty {
            logger.info("Upstream channels configured", metadata: ["channels": "\(upstream.map(\.name).joined(separator: ", "))"])
        }
    }

    private static func makeChannel(_ channel: RoutingConfiguration.Channel, settings: ChannelSettings, httpClient: HTTPClient,
                                    ledger: any UpstreamLedger, addressPolicy: AddressPolicy, tool: (any MediaTool)?,
                                    logger: Logger) throws -> any UpstreamChannel {
        if channel.kind == .relay {
            guard let dialect = channel.dialect else { throw ConfigurationError("Channel \(channel.name): a relay needs a dialect.") }
            return try RelayProvider(settings: settings, dialect: dialect, httpClient: httpClient, ledger: ledger,
                                     addressPolicy: addressPolicy, tool: tool, logger: logger)
        }
        if let tier = channel.serviceTier, !["default", "flex"].contains(tier) {
            throw ConfigurationError("Channel \(channel.name): serviceTier must be default or flex, not '\(tier)'.")
        }
        if let expiry = channel.executionExpiresAfter, !(3600...259_200).contains(expiry) {
            throw ConfigurationError("Channel \(channel.name): executionExpiresAfter must be 3600...259200 seconds, not \(expiry).")
        }
        let options = ArkProvider.Options(callbackURL: channel.callbackURL, serviceTier: channel.serviceTier,
                                          executionExpiresAfter: channel.executionExpiresAfter)
        return ArkProvider(settings: settings, options: options, httpClient: httpClient, ledger: ledger,
                           addressPolicy: addressPolicy, tool: tool, logger: logger)
    }

    /// The configured channels, `local` included.
    public var channelNames: [String] { channels.keys.sorted() }

    /// A channel, to inspect it (its circuit breaker, its poller).
    public func channel(named name: String) -> (any VideoProvider)? { channels[name] }

    /// Removes the notes of tasks that cannot be running anywhere any more. Run at start.
    public func pruneLedger() async throws {
        try await ledger?.prune(olderThan: Date() - ledgerRetention)
    }

    /// An upstream's status POST for `channel` (Ark's callback). True when a job was waiting for
    /// that task; unknown channels and tasks are ignored, so the route may always answer 200.
    public func receiveCallback(channel: String, body: Data) async -> Bool {
        let woke = await pollerLink.poller?.receiveCallback(channel: channel, body: body) ?? false
        return await channels[channel]?.receiveCallback(body) ?? false || woke
    }

    // MARK: Running

    public func generate(_ job: ProviderJob, progress: @escaping @Sendable (Double) async -> Void) async throws -> TaskResult {
        try await generateNamingMaker(job, progress: progress).result
    }

    /// Names the channel that made the video (`local` for the local renderer, whatever its
    /// channel is called), not the router.
    public func generateNamingMaker(_ job: ProviderJob, progress: @escaping @Sendable (Double) async -> Void) async throws
        -> (result: TaskResult, provider: String) {
        if let ledger, let entry = try await ledger.entry(for: job.taskID) {
            guard let channel = channels[entry.channel] else {
                throw UpstreamRunner.outcomeUnknown(channel: entry.channel, "an earlier run sent it there, and that channel is no longer configured",
                                                    at: entry.createdAt)
            }
            return (try await channel.generateOnChannel(try await self.job(job, for: channel), progress: progress), maker(channel))
        }

        let order = candidates(for: job.spec)
        var refusals: [(channel: String, refusal: ChannelRefusal)] = []
        for name in order {
            do {
                let channel = channels[name]!
                return (try await channel.run(try await self.job(job, for: channel), waitForSlot: false, progress: progress), maker(channel))
            } catch let refusal as ChannelRefusal {
                if !refusal.busy {
                    logger.warning("Channel did not take the task; trying the next", metadata: [
                        "task": "\(job.taskID)", "channel": "\(name)", "code": "\(refusal.error.code)", "reason": "\(refusal.error.message)"])
                }
                refusals.append((name, refusal))
            }
        }
        // Every channel was full or refused: wait for a slot on the full ones, in order.
        for (index, (name, refusal)) in refusals.enumerated() where refusal.busy {
            do {
                let channel = channels[name]!
                return (try await channel.run(try await self.job(job, for: channel), waitForSlot: true, progress: progress), maker(channel))
            } catch let refusal as ChannelRefusal {
                refusals[index].refusal = refusal
            }
        }
        if refusals.count == 1 { throw refusals[0].refusal.error }
        let reasons = refusals.map { "\($0.channel): \($0.refusal.error.message)" }.joined(separator: "; ")
        throw ProviderError(code: .upstreamUnavailable, message: "No channel accepted the task (\(reasons)).")
    }

    /// The name recorded for a video `channel` made: `local` for any channel of the local
    /// renderer (whatever the routing file calls it), else the channel's name.
    private func maker(_ channel: any UpstreamChannel) -> String {
        channel is LocalChannel ? Self.localChannel : channel.name
    }

    /// The job as `channel` takes it: an upstream gets the stored inputs inline, the local
    /// renderer reads them from the blob store itself.
    private func job(_ job: ProviderJob, for channel: any UpstreamChannel) async throws -> ProviderJob {
        guard !(channel is LocalChannel), let inputs else { return job }
        return try await job.inliningStoredInputs(from: inputs)
    }

    /// The channels to try for a spec, in order: its route (by the caller's model name, the
    /// catalog id, then their aliases, then `*`), tier by tier, each tier in weighted random order.
    func candidates(for spec: RenderSpec) -> [String] {
        let names = [spec.requestedModel, spec.model]
        let key = names.first { routes[$0] != nil } ?? names.compactMap { aliases[$0] }.first { routes[$0] != nil }
            ?? (routes["*"] != nil ? "*" : nil)
        guard let key, let entries = routes[key] else { return [Self.localChannel] }
        var order: [String] = []
        for priority in Set(entries.map(\.priority)).sorted() {
            var tier = entries.filter { $0.priority == priority }
            while !tier.isEmpty {
                var point = random() * tier.map(\.weight).reduce(0, +)
                let index = tier.firstIndex { entry in
                    defer { point -= entry.weight }
                    return point < entry.weight
                } ?? tier.count - 1
                let chosen = tier.remove(at: index)
                if !order.contains(chosen.channel) { order.append(chosen.channel) }
            }
        }
        return order
    }
}

extension ChannelSettings {
    /// The settings of a configured channel: its own values, else the file's defaults, else the
    /// built-in ones; the key read from the environment variable it names.
    init(_ channel: RoutingConfiguration.Channel, defaults: RoutingConfiguration, environment: UpstreamEnvironment) throws {
        func fail(_ message: String) -> ConfigurationError { ConfigurationError("Channel \(channel.name): \(message)") }
        guard let baseURL = channel.baseURL, let url = URLComponents(string: baseURL), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
              !(url.host ?? "").isEmpty
        else { throw fail("baseURL must be an http(s) URL.") }
        var key: UpstreamSecret?
        if let variable = channel.apiKeyEnv {
            guard !variable.isEmpty, variable.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else {
                throw fail("apiKeyEnv must name an environment variable in capital letters, digits and underscores, not '\(variable)'.")
            }
            guard let value = environment[variable]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
                throw fail("the environment variable \(variable) named by apiKeyEnv is not set.")
            }
            key = UpstreamSecret(value)
        } else if channel.kind == .ark {
            throw fail("apiKeyEnv is required: name the environment variable that holds the Ark API key.")
        }
        self.init(name: channel.name, baseURL: baseURL, apiKey: key)
        models = channel.models ?? [:]

        func positive(_ value: Double?, _ key: String) throws -> Duration? {
            guard let value else { return nil }
            guard value > 0 else { throw fail("\(key) must be above 0.") }
            return .milliseconds(Int(value * 1000))
        }
        if let value = try positive(channel.requestTimeout, "requestTimeout") { requestTimeout = value }
        if let value = try positive(channel.taskTimeout, "taskTimeout") {
            taskTimeout = value
        } else if let expiry = channel.executionExpiresAfter {
            taskTimeout = .seconds(expiry + 3600)
        }
        if let limit = channel.maxConcurrent {
            guard limit >= 1 else { throw fail("maxConcurrent must be at least 1.") }
            maxConcurrent = limit
        }
        if let rate = channel.requestsPerSecond {
            guard rate > 0 else { throw fail("requestsPerSecond must be above 0.") }
            requestsPerSecond = rate
        }
        if let megabytes = channel.maxVideoMB {
            guard megabytes >= 1 else { throw fail("maxVideoMB must be at least 1.") }
            maxVideoBytes = megabytes << 20
        }

        let poll = channel.polling ?? defaults.polling
        let pollDefaults = defaults.polling
        if let value = try positive(poll?.initialInterval ?? pollDefaults?.initialInterval, "polling.initialInterval") { polling.initialInterval = value }
        if let value = try positive(poll?.maxInterval ?? pollDefaults?.maxInterval, "polling.maxInterval") { polling.maxInterval = value }
        polling.maxInterval = max(polling.maxInterval, polling.initialInterval)
        if let value = poll?.backoff ?? pollDefaults?.backoff {
            guard value >= 1 else { throw fail("polling.backoff must be at least 1.") }
            polling.backoff = value
        }
        if let value = poll?.pageSize ?? pollDefaults?.pageSize {
            guard (1...500).contains(value) else { throw fail("polling.pageSize must be 1...500 (Ark's limit).") }
            polling.pageSize = value
        }
        if let value = poll?.vanishRounds ?? pollDefaults?.vanishRounds {
            guard value >= 1 else { throw fail("polling.vanishRounds must be at least 1.") }
            polling.vanishRounds = value
        }

        let retrySettings = channel.retry ?? defaults.retry
        let retryDefaults = defaults.retry
        if let attempts = retrySettings?.attempts ?? retryDefaults?.attempts, attempts < 1 { throw fail("retry.attempts must be at least 1.") }
        retry = RetryPolicy(attempts: retrySettings?.attempts ?? retryDefaults?.attempts ?? retry.attempts,
                            baseDelay: try positive(retrySettings?.baseDelay ?? retryDefaults?.baseDelay, "retry.baseDelay") ?? retry.baseDelay,
                            maxDelay: try positive(retrySettings?.maxDelay ?? retryDefaults?.maxDelay, "retry.maxDelay") ?? retry.maxDelay)

        let breaker = channel.circuitBreaker ?? defaults.circuitBreaker
        if let threshold = breaker?.failureThreshold ?? defaults.circuitBreaker?.failureThreshold {
            guard threshold >= 1 else { throw fail("circuitBreaker.failureThreshold must be at least 1.") }
            breakerThreshold = threshold
        }
        if let value = try positive(breaker?.coolDown ?? defaults.circuitBreaker?.coolDown, "circuitBreaker.coolDown") { breakerCoolDown = value }
    }
}

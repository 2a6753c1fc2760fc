import Foundation
import ReelayCore

/// The routing file (`REELAY_UPSTREAMS`, JSON): which channels exist and which models go where.
///
/// ```json
/// {
///   "channels": [
///     {"name": "ark-beijing", "kind": "ark", "baseURL": "https://ark.cn-beijing.volces.com/api/v3",
///      "apiKeyEnv": "ARK_API_KEY", "models": {"doubao-seedance-2.0": "doubao-seedance-2-0-260128"},
///      "maxConcurrent": 10, "requestsPerSecond": 2}
///   ],
///   "routes": {"doubao-seedance-2.0": ["ark-beijing", "local"], "*": ["local"]}
/// }
/// ```
///
/// Keys are never in the file: a channel names the environment variable that holds its key.
/// Durations are seconds. Unknown keys are errors (a typo must not silently change behaviour);
/// keys starting with `_` are comments.
public struct RoutingConfiguration: Codable, Sendable, Equatable {
    public var channels: [Channel] = []
    /// Model name (catalog id, a caller's name, or `*` for every other model) → its channels.
    /// Entries with the same `priority` share the traffic by `weight`; otherwise the list order is
    /// the failover order. A model without a route (and no `*`) renders locally.
    public var routes: [String: [Route]] = [:]
    /// Another name → the route key it uses.
    public var aliases: [String: String] = [:]
    /// Defaults for every channel; a channel may override each.
    public var polling: Polling?
    public var retry: Retry?
    public var circuitBreaker: Breaker?

    public init(channels: [Channel] = [], routes: [String: [Route]] = [:], aliases: [String: String] = [:],
                polling: Polling? = nil, retry: Retry? = nil, circuitBreaker: Breaker? = nil) {
        self.channels = channels
        self.routes = routes
        self.aliases = aliases
        self.polling = polling
        self.retry = retry
        self.circuitBreaker = circuitBreaker
    }

    /// Every section is optional: `{}` is a valid file (everything local).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(channels: try container.decodeIfPresent([Channel].self, forKey: .channels) ?? [],
                  routes: try container.decodeIfPresent([String: [Route]].self, forKey: .routes) ?? [:],
                  aliases: try container.decodeIfPresent([String: String].self, forKey: .aliases) ?? [:],
                  polling: try container.decodeIfPresent(Polling.self, forKey: .polling),
                  retry: try container.decodeIfPresent(Retry.self, forKey: .retry),
                  circuitBreaker: try container.decodeIfPresent(Breaker.self, forKey: .circuitBreaker))
    }

    public struct Channel: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable { case local, ark, relay }

        public var name: String
        public var kind: Kind
        public var baseURL: String?
        /// Relays: the dialect the gateway speaks (anyfast, ark, toapis, apimart, unified).
        public var dialect: DialectID?
        /// The environment variable holding the API key.
        public var apiKeyEnv: String?
        public var models: [String: String]?
        public var maxConcurrent: Int?
        public var requestsPerSecond: Double?
        public var requestTimeout: Double?
        public var taskTimeout: Double?
        /// Ark: where it POSTs status changes (Reelay's callback route for this channel).
        public var callbackURL: String?
        public var serviceTier: String?
        public var executionExpiresAfter: Int?
        public var maxVideoMB: Int?
        public var polling: Polling?
        public var retry: Retry?
        public var circuitBreaker: Breaker?

        public init(name: String, kind: Kind, baseURL: String? = nil, dialect: DialectID? = nil, apiKeyEnv: String? = nil,
                    models: [String: String]? = nil) {
            self.name = name
            self.kind = kind
            self.baseURL = baseURL
            self.dialect = dialect
            self.apiKeyEnv = apiKeyEnv
            self.models = models
        }
    }

    /// A channel in a route: `"ark-beijing"` or `{"channel": "ark-beijing", "weight": 3, "priority": 0}`.
    public struct Route: Codable, Sendable, Equatable {
        public var channel: String
        public var weight: Double?
        /// Lower goes first; by default the entry's position in the list.
        public var priority: Int?

        public init(channel: String, weight: Double? = nil, priority: Int? = nil) {
            self.channel = channel
            self.weight = weight
            self.priority = priority
        }

        public init(from decoder: any Decoder) throws {
            if let name = try? decoder.singleValueContainer().decode(String.self) {
                self.init(channel: name)
                return
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(channel: try container.decode(String.self, forKey: .channel),
                      weight: try container.decodeIfPresent(Double.self, forKey: .weight),
                      priority: try container.decodeIfPresent(Int.self, forKey: .priority))
        }
    }

    public struct Polling: Codable, Sendable, Equatable {
        public var initialInterval: Double?
        public var maxInterval: Double?
        public var backoff: Double?
        public var pageSize: Int?
        public var vanishRounds: Int?

        public init(initialInterval: Double? = nil, maxInterval: Double? = nil, backoff: Double? = nil, pageSize: Int? = nil,
                    vanishRounds: Int? = nil) {
            self.initialInterval = initialInterval
            self.maxInterval = maxInterval
            self.backoff = backoff
            self.pageSize = pageSize
            self.vanishRounds = vanishRounds
        }
    }

    public struct Retry: Codable, Sendable, Equatable {
        public var attempts: Int?
        public var baseDelay: Double?
        public var maxDelay: Double?

        public init(attempts: Int? = nil, baseDelay: Double? = nil, maxDelay: Double? = nil) {
            self.attempts = attempts
            self.baseDelay = baseDelay
            self.maxDelay = maxDelay
        }
    }

    public struct Breaker: Codable, Sendable, Equatable {
        public var failureThreshold: Int?
        public var coolDown: Double?

        public init(failureThreshold: Int? = nil, coolDown: Double? = nil) {
            self.failureThreshold = failureThreshold
            self.coolDown = coolDown
        }
    }

    // MARK: Loading

    /// Reads and checks a routing file. Errors name the file and the offending key.
    public static func load(contentsOf file: URL) throws -> RoutingConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw ConfigurationError("Cannot read the routing file \(file.path): \(error.localizedDescription)")
        }
        return try decode(data, source: file.path)
    }

    public static func decode(_ data: Data, source: String = "routing file") throws -> RoutingConfiguration {
        let json: JSONValue
        do {
            json = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw ConfigurationError("The \(source) is not valid JSON (YAML is not supported).")
        }
        if let problem = Self.unknownKey(in: json) { throw ConfigurationError("\(source): \(problem)") }
        do {
            return try JSONDecoder().decode(RoutingConfiguration.self, from: data)
        } catch let error as DecodingError {
            throw ConfigurationError("\(source): \(Self.describe(error))")
        }
    }

    // MARK: Key checking

    private static let topKeys: Set<String> = ["channels", "routes", "aliases", "polling", "retry", "circuitBreaker"]
    private static let channelKeys: Set<String> = [
        "name", "kind", "baseURL", "dialect", "apiKeyEnv", "models", "maxConcurrent", "requestsPerSecond", "requestTimeout",
        "taskTimeout", "callbackURL", "serviceTier", "executionExpiresAfter", "maxVideoMB", "polling", "retry", "circuitBreaker",
    ]
    private static let routeKeys: Set<String> = ["channel", "weight", "priority"]
    private static let pollingKeys: Set<String> = ["initialInterval", "maxInterval", "backoff", "pageSize", "vanishRounds"]
    private static let retryKeys: Set<String> = ["attempts", "baseDelay", "maxDelay"]
    private static let breakerKeys: Set<String> = ["failureThreshold", "coolDown"]
    private static let secretKeys: Set<String> = ["apikey", "api_key", "key", "secret", "token", "authorization", "password"]

    /// The first key the file should not have, described; nil when all are known.
    static func unknownKey(in json: JSONValue) -> String? {
        func check(_ value: JSONValue?, _ known: Set<String>, _ path: String) -> String? {
            guard let object = value?.objectValue else { return nil }
            for key in object.keys.sorted() where !key.hasPrefix("_") && !known.contains(key) {
                let name = path.isEmpty ? key : "\(path).\(key)"
                if secretKeys.contains(key.lowercased()) {
                    return "\(name): keys do not belong in the routing file; put the key in an environment variable and name it in apiKeyEnv."
                }
                return "unknown key \(name) (known here: \(known.sorted().joined(separator: ", ")))."
            }
            return nil
        }
        if let problem = check(json, topKeys, "") { return problem }
        for (key, known) in [("polling", pollingKeys), ("retry", retryKeys), ("circuitBreaker", breakerKeys)] {
            if let problem = check(json[key], known, key) { return problem }
        }
        for (index, channel) in (json["channels"]?.arrayValue ?? []).enumerated() {
            let path = "channels[\(index)]"
            if let problem = check(channel, channelKeys, path) { return problem }
            for (key, known) in [("polling", pollingKeys), ("retry", retryKeys), ("circuitBreaker", breakerKeys)] {
                if let problem = check(channel[key], known, "\(path).\(key)") { return problem }
            }
        }
        for (model, entries) in (json["routes"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            for (index, entry) in (entries.arrayValue ?? []).enumerated() {
                if let problem = check(entry, routeKeys, "routes.\(model)[\(index)]") { return problem }
            }
        }
        return nil
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = path(context)
            return "missing key \(at.isEmpty ? key.stringValue : "\(at).\(key.stringValue)")."
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

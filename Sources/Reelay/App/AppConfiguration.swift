import Configuration
import Foundation
import ReelayCore

/// Everything `reelay serve` can be told, with the embedded defaults. Read from environment
/// variables (`REELAY_PORT`, ...) and command-line flags; tests build it directly.
public struct AppConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// SQLite database, result files and the link-signing secret live here.
    public var dataDirectory = "./reelay-data"
    /// Base of the file links in responses; defaults to `http://host:port`.
    public var publicURL: String?
    /// Static API keys admitted besides the stored ones (`REELAY_API_KEYS=k1,k2`).
    public var staticKeys: [String] = []
    /// Lets media URLs reach loopback and private addresses (tests, trusted networks only).
    public var allowPrivateMedia = false
    /// How long result links stay valid.
    public var linkLifetime: TimeInterval = 86_400
    /// Secret for signing links; generated into the data directory when not set.
    public var signingKey: String?
    /// Secret that signs callback POSTs (`X-Reelay-Signature`); unsigned when not set.
    public var webhookSecret: String?
    /// Which dialect answers a bare `/v1/videos/generations` (shared by toapis and apimart) whose
    /// body fits both; otherwise the body decides (`SharedCreatePath`).
    public var videosDialect: DialectID = .toapis
    /// Ark's request body limit.
    public var maxBodySize = 64 * 1024 * 1024
    /// Seconds a connection may sit without a request part arriving (`REELAY_IDLE_TIMEOUT`):
    /// idle keep-alive connections, and requests whose headers or body stall, are closed.
    public var idleTimeout = 30
    /// Connections served at once (`REELAY_MAX_CONNECTIONS`); past it new ones wait in the
    /// listen queue. Never more than half the process's file descriptors, so the rest (database,
    /// files, child processes, outbound requests) always have room.
    public var maxConnections = 1000
    public var engine = EngineConfiguration()
    /// What one render's ffmpeg may use (`REELAY_RENDER_TIME_LIMIT`, `REELAY_RENDER_CPU_SECONDS`,
    /// `REELAY_RENDER_MEMORY_MB`); a render past a limit fails with the limit named.
    public var renderLimits = ChildLimits.render
    /// The limits of every key that sets none of its own (`REELAY_LIMIT_RPM`, `REELAY_LIMIT_CONCURRENT`,
    /// `REELAY_LIMIT_DAILY_SECONDS`, `REELAY_LIMIT_STORAGE_MB`).
    public var limits = KeyLimits()
    /// Opens the admin API (`/admin/...`) to this key.
    public var adminKey: String?
    /// When set, `/metrics` answers only `Authorization: Bearer <token>` (`REELAY_METRICS_TOKEN`).
    public var metricsToken: String?
    /// Log lines as JSON objects (`REELAY_LOG_FORMAT=json`).
    public var jsonLogs = false
    /// `postgres://user:password@host:port/database`: tasks, keys and assets in PostgreSQL, shared
    /// by several instances. Nil means the embedded SQLite database in the data directory.
    public var databaseURL: String?
    /// What this instance does: serve the API, run workers, or both.
    public var role: Role = .all
    /// The routing file (`REELAY_UPSTREAMS`, see docs/UPSTREAMS.md) that sends models to Ark,
    /// BytePlus or other gateways. Nil renders everything locally.
    public var upstreamsFile: String?
    /// The price list (`REELAY_PRICES`, JSON; see `PriceList`): what tasks cost and what key
    /// budgets count. Nil: tasks are recorded at no cost, and a key with a budget cannot create.
    public var pricesFile: String?
    /// Where the routing file's `apiKeyEnv` variables are looked up: the configuration's reader
    /// when read from one. Keys stay there, never in the file.
    public var upstreamEnvironment: UpstreamEnvironment = [:]
    /// Results, inputs and assets in an S3-compatible bucket (`REELAY_BLOB_URL`) instead of the
    /// data directory; nil: local files.
    public var objectStorage: ObjectStorageSettings?

    public enum Role: String, Sendable, CaseIterable {
        case all, api, worker

        var servesAPI: Bool { self != .worker }
        var runsWorkers: Bool { self != .api }
    }

    public init() {}

    /// Reads `REELAY_*` settings from a configuration reader (environment variables, with
    /// command-line flags layered on top by the caller). Invalid values are errors, not silently ignored.
    public init(reader: ConfigReader) throws {
        self.init()
        host = reader.string(forKey: "reelay.host", default: host)
        port = try Self.int(reader, "reelay.port", default: port, range: 0...65535)
        dataDirectory = reader.string(forKey: "reelay.data.dir", default: dataDirectory)
        publicURL = reader.string(forKey: "reelay.public.url")
        staticKeys = (reader.string(forKey: "reelay.api.keys", isSecret: true) ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        allowPrivateMedia = try Self.bool(reader, "reelay.allow.private.media", default: allowPrivateMedia)
        linkLifetime = TimeInterval(try Self.int(reader, "reelay.link.ttl", default: Int(linkLifetime), range: 60...31_536_000))
        signingKey = reader.string(forKey: "reelay.signing.key", isSecret: true)
        webhookSecret = reader.string(forKey: "reelay.webhook.secret", isSecret: true)
        if let dialect = reader.string(forKey: "reelay.videos.dialect") {
            guard let value = DialectID(rawValue: dialect), value == .toapis || value == .apimart else {
                throw ConfigurationError("REELAY_VIDEOS_DIALECT must be toapis or apimart, not '\(dialect)'.")
            }
            videosDialect = value
        }
        databaseURL = reader.string(forKey: "reelay.database.url", isSecret: true).flatMap { $0.isEmpty ? nil : $0 }
        if let role = reader.string(forKey: "reelay.role") {
            guard let value = Role(rawValue: role) else {
                throw ConfigurationError("REELAY_ROLE must be all, api or worker, not '\(role)'.")
            }
            self.role = value
        }
        limits.requestsPerMinute = try Self.limit(reader, "reelay.limit.rpm", default: limits.requestsPerMinute)
        limits.concurrentTasks = try Self.limit(reader, "reelay.limit.concurrent", default: limits.concurrentTasks)
        limits.dailyVideoSeconds = try Self.limit(reader, "reelay.limit.daily.seconds", default: limits.dailyVideoSeconds)
        limits.storageBytes = try Self.limit(reader, "reelay.limit.storage.mb", default: limits.storageBytes.map { $0 >> 20 }).map { $0 << 20 }
        limits.failedKeysPerMinute = try Self.limit(reader, "reelay.limit.failed.keys", default: limits.failedKeysPerMinute)
        adminKey = reader.string(forKey: "reelay.admin.key", isSecret: true).flatMap { $0.isEmpty ? nil : $0 }
        metricsToken = reader.string(forKey: "reelay.metrics.token", isSecret: true).flatMap { $0.isEmpty ? nil : $0 }
        if let format = reader.string(forKey: "reelay.log.format") {
            guard format == "json" || format == "text" else { throw ConfigurationError("REELAY_LOG_FORMAT must be json or text, not '\(format)'.") }
            jsonLogs = format == "json"
        }
        upstreamsFile = reader.string(forKey: "reelay.upstreams").flatMap { $0.isEmpty ? nil : $0 }
        pricesFile = reader.string(forKey: "reelay.prices").flatMap { $0.isEmpty ? nil : $0 }
        upstreamEnvironment = UpstreamEnvironment(reader: reader)
        objectStorage = try ObjectStorageSettings(reader: reader)
        let retentionDays = try Self.int(reader, "reelay.retention.days", default: 30, range: 0...36_500)
        engine.retention = retentionDays == 0 ? nil : TimeInterval(retentionDays) * 86_400
        engine.workers = try Self.int(reader, "reelay.workers", default: engine.workers, range: 1...256)
        engine.leaseDuration = TimeInterval(try Self.int(reader, "reelay.lease.seconds", default: Int(engine.leaseDuration), range: 2...3600))
        engine.maxAttempts = try Self.int(reader, "reelay.max.attempts", default: engine.maxAttempts, range: 1...100)
        renderLimits.wallTime = .seconds(try Self.int(reader, "reelay.render.time.limit", default: Int(renderLimits.wallTime.components.seconds), range: 10...86_400))
        renderLimits.cpuSeconds = try Self.int(reader, "reelay.render.cpu.seconds", default: renderLimits.cpuSeconds, range: 10...86_400)
        renderLimits.addressSpace = try Self.int(reader, "reelay.render.memory.mb", default: renderLimits.addressSpace >> 20, range: 256...1_048_576) << 20
        idleTimeout = try Self.int(reader, "reelay.idle.timeout", default: idleTimeout, range: 1...3600)
        maxConnections = try Self.int(reader, "reelay.max.connections", default: maxConnections, range: 1...1_000_000)
        engine.drainTimeout = TimeInterval(try Self.int(reader, "reelay.drain.seconds", default: Int(engine.drainTimeout), range: 0...3600))
    }

    public var dataDirectoryURL: URL { URL(filePath: dataDirectory, directoryHint: .isDirectory) }
    public var databasePath: String { dataDirectoryURL.appending(path: "reelay.sqlite").path }

    /// The base of result links: the configured public URL, else this server's own address.
    public var resolvedPublicURL: String {
        if let publicURL, !publicURL.isEmpty { return publicURL }
        let visibleHost = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        return "http://\(visibleHost.contains(":") ? "[\(visibleHost)]" : visibleHost):\(port)"
    }

    private static func int(_ reader: ConfigReader, _ key: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = reader.string(forKey: ConfigKey(key)) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw ConfigurationError("\(environmentName(key)) must be a whole number in \(range.lowerBound)...\(range.upperBound), not '\(text)'.")
        }
        return number
    }

    /// A limit: `value` when unset, nil (no limit) when 0, else the positive whole number given.
    private static func limit(_ reader: ConfigReader, _ key: String, default value: Int?) throws -> Int? {
        let number = try int(reader, key, default: value ?? 0, range: 0...Int(Int32.max))
        return number == 0 ? nil : number
    }

    private static func bool(_ reader: ConfigReader, _ key: String, default value: Bool) throws -> Bool {
        guard let text = reader.string(forKey: ConfigKey(key))?.lowercased() else { return value }
        switch text {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off", "": return false
        default: throw ConfigurationError("\(environmentName(key)) must be 1 or 0, not '\(text)'.")
        }
    }

    static func environmentName(_ key: String) -> String {
        key.uppercased().replacingOccurrences(of: ".", with: "_")
    }
}

public struct ConfigurationError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

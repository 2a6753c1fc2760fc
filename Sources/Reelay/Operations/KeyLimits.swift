/// Limits a key is held to; nil means unlimited. The server's settings give every key its
/// defaults, and a key's own `KeyLimitOverrides` replace them one by one.
public struct KeyLimits: Sendable, Equatable {
    /// API requests per minute (per instance).
    public var requestsPerMinute: Int?
    /// Tasks queued or running at once.
    public var concurrentTasks: Int? = 100
    /// Seconds of video a key may request per UTC day (failed and cancelled tasks do not count).
    public var dailyVideoSeconds: Int?
    /// Bytes of media a key keeps on the server: its assets and the inline media of its tasks.
    public var storageBytes: Int? = 10 << 30
    /// Requests with a wrong or missing key per client address and minute, before that address
    /// is refused outright for the rest of the minute.
    public var failedKeysPerMinute: Int? = 30

    public init(requestsPerMinute: Int? = nil, concurrentTasks: Int? = 100, dailyVideoSeconds: Int? = nil,
                storageBytes: Int? = 10 << 30) {
        self.requestsPerMinute = requestsPerMinute
        self.concurrentTasks = concurrentTasks
        self.dailyVideoSeconds = dailyVideoSeconds
        self.storageBytes = storageBytes
    }

    /// These limits with a key's own settings in place of the defaults.
    public func overridden(by key: KeyLimitOverrides) -> KeyLimits {
        func pick(_ own: Int?, _ fallback: Int?) -> Int? {
            guard let own else { return fallback }
            return own == 0 ? nil : own
        }
        var limits = self
        limits.requestsPerMinute = pick(key.requestsPerMinute, requestsPerMinute)
        limits.concurrentTasks = pick(key.maxQueued, concurrentTasks)
        limits.dailyVideoSeconds = pick(key.dailyVideoSeconds, dailyVideoSeconds)
        limits.storageBytes = pick(key.maxStorageBytes, storageBytes)
        return limits
    }
}

/// Limits every key is held to; nil means unlimited.
public struct KeyLimits: Sendable, Equatable {
    /// API requests per minute (per instance).
    public var requestsPerMinute: Int?
    /// Tasks queued or running at once.
    public var concurrentTasks: Int?
    /// Seconds of video a key may request per UTC day (failed and cancelled tasks do not count).
    public var dailyVideoSeconds: Int?
    /// Requests with a wrong or missing key per client address and minute, before that address
    /// is refused outright for the rest of the minute.
    public var failedKeysPerMinute: Int? = 30

    public init(requestsPerMinute: Int? = nil, concurrentTasks: Int? = nil, dailyVideoSeconds: Int? = nil) {
        self.requestsPerMinute = requestsPerMinute
        self.concurrentTasks = concurrentTasks
        self.dailyVideoSeconds = dailyVideoSeconds
    }
}

import ReelayCore

/// The limits an operator set on one key. Each is nil to use the server's default, 0 for no
/// limit, or the limit itself; the names are those of the admin API and the CLI.
public struct KeyLimitOverrides: Sendable, Equatable, Codable {
    /// Tasks queued or running at once (`max_queued`).
    public var maxQueued: Int?
    /// Bytes of assets and inline media kept (`max_storage_bytes`).
    public var maxStorageBytes: Int?
    /// API requests per minute (`requests_per_minute`).
    public var requestsPerMinute: Int?
    /// Seconds of video per UTC day (`daily_video_seconds`).
    public var dailyVideoSeconds: Int?

    public init(maxQueued: Int? = nil, maxStorageBytes: Int? = nil, requestsPerMinute: Int? = nil, dailyVideoSeconds: Int? = nil) {
        self.maxQueued = maxQueued
        self.maxStorageBytes = maxStorageBytes
        self.requestsPerMinute = requestsPerMinute
        self.dailyVideoSeconds = dailyVideoSeconds
    }

    /// Limits in force written as settings (nil: none), for showing them beside a key's own.
    public init(_ limits: KeyLimits) {
        self.init(maxQueued: limits.concurrentTasks, maxStorageBytes: limits.storageBytes,
                  requestsPerMinute: limits.requestsPerMinute, dailyVideoSeconds: limits.dailyVideoSeconds)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case maxQueued = "max_queued"
        case maxStorageBytes = "max_storage_bytes"
        case requestsPerMinute = "requests_per_minute"
        case dailyVideoSeconds = "daily_video_seconds"
    }

    /// These settings changed by an admin request body: a field with a whole number ≥ 0 sets
    /// it, a field with null returns it to the server's default, a field left out keeps it.
    /// Anything else is a 400 naming the field.
    public func updated(by body: JSONObjectReader) throws(APIError) -> KeyLimitOverrides {
        var overrides = self
        for key in CodingKeys.allCases where body.fields[key.rawValue] != nil {
            let number = try body.int(key.rawValue)
            if let number, number < 0 {
                throw APIError.invalid(key.rawValue, "\(key.rawValue) must be a whole number ≥ 0 (0 means no limit), or null for the server's default.")
            }
            switch key {
            case .maxQueued: overrides.maxQueued = number
            case .maxStorageBytes: overrides.maxStorageBytes = number
            case .requestsPerMinute: overrides.requestsPerMinute = number
            case .dailyVideoSeconds: overrides.dailyVideoSeconds = number
            }
        }
        return overrides
    }

    /// As the admin API shows it: every field, null where the default applies.
    public var json: JSONValue {
        ["max_queued": .int(maxQueued), "max_storage_bytes": .int(maxStorageBytes),
         "requests_per_minute": .int(requestsPerMinute), "daily_video_seconds": .int(dailyVideoSeconds)]
    }
}

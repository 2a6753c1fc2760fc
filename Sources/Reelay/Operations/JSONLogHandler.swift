import Foundation
import Logging
import Synchronization

/// Writes each log record as one JSON object per line on standard error, for log shippers:
/// `{"ts":"...","level":"info","label":"reelay","message":"request","request_id":"...",...}`.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    private static let output = Mutex(FileHandle.standardError)

    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var record: [String: String] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { _, new in new }) {
            record[key] = "\(value)"
        }
        record["ts"] = Date().formatted(.iso8601)
        record["level"] = event.level.rawValue
        record["label"] = label
        record["message"] = "\(event.message)"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var line = try? encoder.encode(record) else { return }
        line.append(0x0A)
        Self.output.withLock { $0.write(line) }
    }
}

import Foundation

/// A durable note per task of what was sent upstream, kept in a folder of small JSON files.
///
/// A create is written down as "submitting" before it is sent and as "created" with the
/// upstream id once the answer arrives. A task run again after a crash or a shutdown then
/// continues the upstream task the earlier run created instead of creating (and paying for) a
/// second one; a task found still "submitting" was sent with an unknown outcome, so it is failed
/// clearly rather than submitted twice. The note is removed when the task ends.
public final class UpstreamLedger: Sendable {
    public struct Entry: Codable, Sendable, Equatable {
        /// The channel the create went to.
        public var channel: String
        /// The upstream's task id; nil while the create is under way.
        public var upstreamID: String?
        /// When the create was sent: deadlines of resumed tasks count from here.
        public var createdAt: Date
    }

    public let directory: URL

    public init(directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    public func entry(for taskID: String) -> Entry? {
        guard let file = try? file(for: taskID), let data = try? Data(contentsOf: file) else { return nil }
        return try? JSONDecoder().decode(Entry.self, from: data)
    }

    public func record(_ entry: Entry, for taskID: String) throws {
        let data = try JSONEncoder().encode(entry)
        try data.write(to: try file(for: taskID), options: .atomic)
    }

    public func remove(_ taskID: String) {
        guard let file = try? file(for: taskID) else { return }
        try? FileManager.default.removeItem(at: file)
    }

    /// Removes notes of tasks that can no longer be running anywhere (cancelled by their owner
    /// while running upstream, so never run again).
    public func prune(olderThan cutoff: Date) {
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        for file in files where file.pathExtension == "json" {
            guard let data = try? Data(contentsOf: file), let entry = try? JSONDecoder().decode(Entry.self, from: data) else { continue }
            if entry.createdAt < cutoff { try? FileManager.default.removeItem(at: file) }
        }
    }

    private func file(for taskID: String) throws -> URL {
        directory.appending(path: "\(try FileBlobStore.checked(taskID)).json")
    }
}

import Foundation
import Logging
import ReelayCore
#if canImport(Glibc)
import Glibc
#endif

/// `BlobStore` on a bucket of an S3-compatible store, so that no instance needs another's disk.
/// Keys under the configured prefix: results and previews at `files/<task id>/<name>`, inline
/// inputs at `inputs/<task id>/<name>`. Renders still run in a local scratch folder
/// (`<scratch>/work/<task id>-<attempt>/`), uploaded by `commit` and then removed; results read
/// back on this instance (previews, OpenAI's content route) are kept in `<scratch>/cache/`.
public struct S3BlobStore: BlobStore {
    public let client: S3Client
    /// Empty, or ending in `/`.
    public let prefix: String
    let work: WorkFolders
    let cache: URL
    /// Where the store's own words about a refusal go (they never reach a client).
    let logger: Logger

    public init(client: S3Client, prefix: String, scratch: URL, logger: Logger = Logger(label: "reelay.blobs")) throws {
        self.client = client
        self.logger = logger
        self.prefix = Self.normalized(prefix)
        self.work = try WorkFolders(parent: scratch.appending(path: "work", directoryHint: .isDirectory))
        self.cache = scratch.appending(path: "cache", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
    }

    /// `a/b` and `/a/b/` both become `a/b/`; an empty prefix stays empty.
    static func normalized(_ prefix: String) -> String {
        let trimmed = prefix.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
        return trimmed.isEmpty ? "" : trimmed + "/"
    }

    /// The key of a task's result (or preview) file.
    public func resultKey(taskID: String, name: String) -> String { "\(prefix)files/\(taskID)/\(name)" }
    func inputKey(taskID: String, name: String) -> String { "\(prefix)inputs/\(taskID)/\(name)" }

    public func workDirectory(taskID: String, attempt: Int) throws -> URL {
        try work.fresh(taskID: taskID, attempt: attempt)
    }

    public func commit(taskID: String, from workDirectory: URL) async throws {
        let id = try FileBlobStore.checked(taskID)
        defer { try? FileManager.default.removeItem(at: workDirectory) }
        let names = try FileManager.default.contentsOfDirectory(atPath: workDirectory.path)
            .filter { (try? FileBlobStore.checked($0)) != nil && isFile(workDirectory.appending(path: $0)) }
        try await reaching("store the result") {
            // An earlier run's results go first: the task's files are this run's, all of them.
            try await client.delete(prefix: "\(prefix)files/\(id)/")
            for name in names {
                try await client.put(key: resultKey(taskID: id, name: name), file: workDirectory.appending(path: name),
                                     contentType: Self.contentType(of: name))
            }
        }
        try? FileManager.default.removeItem(at: cache.appending(path: id))
    }

    public func file(taskID: String, name: String) async throws -> URL? {
        guard contains(taskID: taskID, name: name) else { return nil }
        let local = cache.appending(path: "\(taskID)/\(name)")
        if isFile(local) { return local }
        try FileManager.default.createDirectory(at: local.deletingLastPathComponent(), withIntermediateDirectories: true)
        let partial = local.deletingLastPathComponent().appending(path: ".\(name).\(UUID().uuidString).part")
        do {
            try await client.download(key: resultKey(taskID: taskID, name: name), to: partial)
        } catch let error as S3Error where error.code == "NoSuchKey" || error.code == "Not Found" {
            try? FileManager.default.removeItem(at: partial)
            return nil
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
        guard rename(partial.path, local.path) == 0 else {
            try? FileManager.default.removeItem(at: partial)
            throw CocoaError(.fileWriteUnknown)
        }
        return local
    }

    /// No request to the store: this runs on every poll of a finished task, and a HEAD per poll
    /// would put the bucket's latency (and request price) on the hottest route. The task row is
    /// the evidence instead: the engine commits (uploads) a run's files before it marks the task
    /// succeeded, and retention deletes the row before the objects, so a succeeded task's
    /// recorded result names are in the bucket. A file missing anyway (deleted by hand) answers
    /// 404 at its link, as a file deleted under a link does on local disk.
    public func contains(taskID: String, name: String) -> Bool {
        (try? FileBlobStore.checked(taskID)) != nil && (try? FileBlobStore.checked(name)) != nil
    }

    public func add(taskID: String, name: String, from file: URL) async throws {
        let id = try FileBlobStore.checked(taskID), name = try FileBlobStore.checked(name)
        try await reaching("store the file") {
            try await client.put(key: resultKey(taskID: id, name: name), file: file, contentType: Self.contentType(of: name))
        }
    }

    public func storeInput(taskID: String, name: String, from file: URL) async throws {
        let id = try FileBlobStore.checked(taskID), name = try FileBlobStore.checked(name)
        try await reaching("store the media") {
            try await client.put(key: inputKey(taskID: id, name: name), file: file, contentType: Self.contentType(of: name))
        }
    }

    public func copyInput(taskID: String, name: String, to destination: URL) async throws {
        let key = inputKey(taskID: try FileBlobStore.checked(taskID), name: try FileBlobStore.checked(name))
        try await reaching("read the media") { try await client.download(key: key, to: destination) }
    }

    public func delete(taskID: String) async throws {
        let id = try FileBlobStore.checked(taskID)
        try? FileManager.default.removeItem(at: cache.appending(path: id))
        try await client.delete(prefix: "\(prefix)files/\(id)/")
        try await client.delete(prefix: "\(prefix)inputs/\(id)/")
    }

    /// Work folders as `FileBlobStore` keeps them (each instance has its own scratch folder, so
    /// at start every one is a crash's leftover unless its run is live); the read cache is
    /// dropped whole, since retention on another instance may have deleted what it holds.
    public func removeAbandonedWork(isLive: (String, Int) async throws -> Bool) async throws {
        try await work.removeAbandoned(isLive: isLive)
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: cache.path)) ?? [] {
            try? FileManager.default.removeItem(at: cache.appending(path: entry))
        }
    }

    /// Runs a read or write of the bucket; a refusal becomes a failure a task or a client can be
    /// shown: what could not be done, never the bucket's words (which may name keys or
    /// accounts), which go to the log.
    private func reaching(_ action: String, _ work: () async throws -> Void) async throws {
        do {
            try await work()
        } catch let error as S3Error {
            logger.error("The object store refused a request", metadata: ["error": "\(error)"])
            throw ProviderError(code: .storageUnavailable,
                                message: "Reelay could not \(action): the object store refused or did not answer. Try again later.")
        }
    }

    private func isFile(_ url: URL) -> Bool {
        var status = stat()
        return stat(url.path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }

    static func contentType(of name: String) -> String {
        MediaFormat(fileExtension: (name as NSString).pathExtension)?.contentType ?? "application/octet-stream"
    }
}

import Foundation

/// Where result files live. Providers write into a private local work folder; only a finished
/// run is committed under the task's id, so a crash never leaves a half-written result in view.
/// A task's inputs (the `data:` media of its request, decoded once when it was accepted) are kept
/// apart from its results, so that task rows stay small and a render can run on any instance.
/// Local files (`FileBlobStore`) by default, or a bucket of an S3-compatible store
/// (`S3BlobStore`): what may talk to the network is async.
public protocol BlobStore: Sendable {
    /// A new, empty local folder for one run of one task.
    func workDirectory(taskID: String, attempt: Int) throws -> URL
    /// Makes the files of a finished run the task's results, replacing any earlier ones; the
    /// work folder is gone afterwards.
    func commit(taskID: String, from workDirectory: URL) async throws
    /// A local file holding a committed result, or nil when there is none.
    func file(taskID: String, name: String) async throws -> URL?
    /// Whether a committed result file may be linked (what a status answer checks before linking
    /// it, on every poll of a finished task: it must stay cheap).
    func contains(taskID: String, name: String) -> Bool
    /// Adds a file derived from a committed result (a thumbnail), moving it into place whole.
    func add(taskID: String, name: String, from file: URL) async throws
    /// Keeps `file` as the input `name` of a task (written whole, or not at all).
    func storeInput(taskID: String, name: String, from file: URL) async throws
    /// Copies a kept input to `destination`; throws when it is not there.
    func copyInput(taskID: String, name: String, to destination: URL) async throws
    /// Removes a task's results, inputs and work folders.
    func delete(taskID: String) async throws
    /// Removes the work folders left behind by a crash, except those `isLive(taskID, attempt)`
    /// says a run may still be writing to (another instance sharing the directory).
    func removeAbandonedWork(isLive: (String, Int) async throws -> Bool) async throws
}

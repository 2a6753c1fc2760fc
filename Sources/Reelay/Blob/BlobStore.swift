import Foundation

/// Where result files live. Providers write into a private work folder; only a finished run is
/// committed under the task's id, so a crash never leaves a half-written result in view.
/// A task's inputs (the `data:` media of its request, decoded once when it was accepted) are kept
/// apart from its results, so that task rows stay small and a render can run on any instance.
/// Local files today; an S3-compatible store can implement the same protocol.
public protocol BlobStore: Sendable {
    /// A new, empty folder for one run of one task.
    func workDirectory(taskID: String, attempt: Int) throws -> URL
    /// Makes the files of a finished run the task's results, replacing any earlier ones.
    func commit(taskID: String, from workDirectory: URL) throws
    /// The local file of a committed result, or nil when there is none.
    func file(taskID: String, name: String) -> URL?
    /// Whether a committed result file exists (what a status answer checks before linking it).
    func contains(taskID: String, name: String) -> Bool
    /// Adds a file derived from a committed result (a thumbnail), moving it into place whole.
    func add(taskID: String, name: String, from file: URL) throws
    /// Keeps `file` as the input `name` of a task (written whole, or not at all).
    func storeInput(taskID: String, name: String, from file: URL) throws
    /// Copies a kept input to `destination`; throws when it is not there.
    func copyInput(taskID: String, name: String, to destination: URL) throws
    /// Removes a task's results, inputs and work folders.
    func delete(taskID: String) throws
    /// Removes the work folders left behind by a crash, except those `isLive(taskID, attempt)`
    /// says a run may still be writing to (another instance sharing the directory).
    func removeAbandonedWork(isLive: (String, Int) async throws -> Bool) async throws
}

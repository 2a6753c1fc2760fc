import Foundation

/// The scratch folders renders run in, `<parent>/<task id>-<attempt>/`, for both blob stores:
/// one per attempt, so a run that a lost lease left behind never mixes with the next one.
struct WorkFolders: Sendable {
    let parent: URL

    init(parent: URL) throws {
        self.parent = parent
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
    }

    /// An empty folder for this attempt (what an earlier run of the same attempt left is gone).
    func fresh(taskID: String, attempt: Int) throws -> URL {
        let directory = parent.appending(path: "\(try FileBlobStore.checked(taskID))-\(attempt)")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Removes every folder whose run is not live; anything not named `<task id>-<attempt>` is not
    /// ours to keep either.
    func removeAbandoned(isLive: (String, Int) async throws -> Bool) async throws {
        for entry in try FileManager.default.contentsOfDirectory(atPath: parent.path) {
            if let dash = entry.lastIndex(of: "-"), let attempt = Int(entry[entry.index(after: dash)...]),
               try await isLive(String(entry[..<dash]), attempt) {
                continue
            }
            try? FileManager.default.removeItem(at: parent.appending(path: entry))
        }
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where the files of uploaded assets are kept: a local folder (`LocalAssetFiles`), or the
/// bucket beside the results (`S3AssetFiles`), so an asset uploaded through one instance is
/// usable by a task on any other.
public protocol AssetFiles: Sendable {
    /// Keeps `file` as the asset file `name`, whole or not at all.
    func store(name: String, from file: URL) async throws
    /// Copies the asset file `name` to `destination`; false when there is no such file.
    func copy(name: String, to destination: URL) async throws -> Bool
    func delete(name: String) async throws
}

/// Asset files in one local folder.
public struct LocalAssetFiles: AssetFiles {
    public let folder: URL

    public init(folder: URL) throws {
        self.folder = folder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    public func store(name: String, from file: URL) async throws {
        let destination = folder.appending(path: try FileBlobStore.checked(name))
        let partial = folder.appending(path: ".\(name).\(UUID().uuidString).part")
        try FileManager.default.copyItem(at: file, to: partial)
        // Copied beside the destination, then renamed over it: readers see all or nothing.
        guard rename(partial.path, destination.path) == 0 else {
            try? FileManager.default.removeItem(at: partial)
            throw CocoaError(.fileWriteUnknown)
        }
    }

    public func copy(name: String, to destination: URL) async throws -> Bool {
        let file = folder.appending(path: try FileBlobStore.checked(name))
        guard FileManager.default.fileExists(atPath: file.path) else { return false }
        try FileManager.default.copyItem(at: file, to: destination)
        return true
    }

    public func delete(name: String) async throws {
        try? FileManager.default.removeItem(at: folder.appending(path: try FileBlobStore.checked(name)))
    }
}

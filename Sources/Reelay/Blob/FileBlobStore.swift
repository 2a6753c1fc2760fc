import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `BlobStore` on the local file system: results in `<root>/<task id>/`, runs in progress in
/// `<root>/.work/<task id>-<attempt>/`, moved into place with one rename. Inputs live in
/// `<inputs>/<task id>/`, outside the root that `/files` serves.
public struct FileBlobStore: BlobStore {
    public let root: URL
    public let inputs: URL
    /// `root` as a path, kept for the existence check every poll of a finished task makes.
    private let rootPath: String
    private let work: WorkFolders

    public init(root: URL, inputs: URL) throws {
        self.root = root
        self.inputs = inputs
        self.rootPath = root.path
        self.work = try WorkFolders(parent: root.appending(path: ".work", directoryHint: .isDirectory))
        try FileManager.default.createDirectory(at: self.inputs, withIntermediateDirectories: true)
    }

    public func workDirectory(taskID: String, attempt: Int) throws -> URL {
        try work.fresh(taskID: taskID, attempt: attempt)
    }

    public func commit(taskID: String, from workDirectory: URL) async throws {
        let destination = root.appending(path: try Self.checked(taskID))
        try? FileManager.default.removeItem(at: destination)
        try FileManager.default.moveItem(at: workDirectory, to: destination)
    }

    /// The committed result's file, for callers that know they hold local files (the `/files`
    /// middleware); the protocol's async `file` answers the same.
    public func localFile(taskID: String, name: String) -> URL? {
        contains(taskID: taskID, name: name) ? root.appending(path: "\(taskID)/\(name)") : nil
    }

    public func file(taskID: String, name: String) async throws -> URL? {
        localFile(taskID: taskID, name: name)
    }

    public func contains(taskID: String, name: String) -> Bool {
        guard (try? Self.checked(taskID)) != nil, (try? Self.checked(name)) != nil else { return false }
        // A plain stat of a string path: Foundation's URL and FileManager cost more than the check.
        var status = stat()
        return stat(rootPath + "/" + taskID + "/" + name, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }

    public func add(taskID: String, name: String, from file: URL) async throws {
        let destination = root.appending(path: "\(try Self.checked(taskID))/\(try Self.checked(name))")
        // Copied beside the destination first, then renamed over it: readers see all or nothing.
        let partial = root.appending(path: "\(taskID)/.\(name).\(UUID().uuidString).part")
        try FileManager.default.copyItem(at: file, to: partial)
        guard rename(partial.path, destination.path) == 0 else {
            try? FileManager.default.removeItem(at: partial)
            throw CocoaError(.fileWriteUnknown)
        }
    }

    public func storeInput(taskID: String, name: String, from file: URL) async throws {
        let folder = inputs.appending(path: try Self.checked(taskID), directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let partial = folder.appending(path: ".\(try Self.checked(name)).\(UUID().uuidString).part")
        try FileManager.default.copyItem(at: file, to: partial)
        guard rename(partial.path, folder.appending(path: name).path) == 0 else {
            try? FileManager.default.removeItem(at: partial)
            throw CocoaError(.fileWriteUnknown)
        }
    }

    public func copyInput(taskID: String, name: String, to destination: URL) async throws {
        let file = inputs.appending(path: "\(try Self.checked(taskID))/\(try Self.checked(name))")
        try FileManager.default.copyItem(at: file, to: destination)
    }

    public func delete(taskID: String) async throws {
        let folder = try Self.checked(taskID)
        try? FileManager.default.removeItem(at: root.appending(path: folder))
        try? FileManager.default.removeItem(at: inputs.appending(path: folder))
    }

    public func removeAbandonedWork(isLive: (String, Int) async throws -> Bool) async throws {
        try await work.removeAbandoned(isLive: isLive)
    }

    /// One path component of safe characters: ids and names never climb out of the root.
    static func checked(_ component: String) throws -> String {
        // ASCII letters, digits, '-', '_' and '.' (checked on bytes: this runs on every poll).
        let allowed = component.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."): true
            default: false
            }
        }
        guard !component.isEmpty, !component.hasPrefix("."), allowed else {
            throw CocoaError(.fileReadInvalidFileName)
        }
        return component
    }
}

import Foundation
import ReelayCore

/// Media loading that resolves what Reelay keeps itself (`asset://` from the asset library,
/// `input://` from the blob store) and hands every other URL to the fetcher. Ownership of both
/// is checked when the task is created.
public struct StoredMediaLoader: MediaLoading {
    let library: AssetLibrary
    let blobs: any BlobStore
    let fetcher: any MediaLoading

    public init(library: AssetLibrary, blobs: any BlobStore, fetcher: any MediaLoading) {
        self.library = library
        self.blobs = blobs
        self.fetcher = fetcher
    }

    public func check(_ input: MediaInput) async throws(APIError) {
        guard !input.isAsset, input.storedInput == nil else { return }
        try await fetcher.check(input)
    }

    public func load(_ input: MediaInput, into directory: URL) async throws -> URL {
        if let stored = input.storedInput {
            let copy = Self.copy(of: input, in: directory, extension: (stored.name as NSString).pathExtension)
            do {
                try await blobs.copyInput(taskID: stored.taskID, name: stored.name, to: copy)
            } catch {
                throw ProviderError.invalidInput("The media of \(input.param) are no longer stored.")
            }
            return copy
        }
        guard input.isAsset else { return try await fetcher.load(input, into: directory) }
        let id = String(input.url.dropFirst("asset://".count))
        guard let copy = try await library.copy(id: id, into: directory, name: "\(input.role.rawValue)-\(UUID().uuidString)") else {
            throw ProviderError.invalidInput("The asset at \(input.param) no longer exists.")
        }
        return copy
    }

    /// Where a task's copy of a kept file goes: named by its role, never by anything a caller chose.
    private static func copy(of input: MediaInput, in directory: URL, extension fileExtension: String) -> URL {
        directory.appending(path: "\(input.role.rawValue)-\(UUID().uuidString).\(fileExtension)")
    }
}

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
            let copy = directory.appending(path: "\(input.role.rawValue)-\(UUID().uuidString).\((stored.name as NSString).pathExtension)")
            do {
                try blobs.copyInput(taskID: stored.taskID, name: stored.name, to: copy)
            } catch {
                throw ProviderError.invalidInput("The media of \(input.param) are no longer stored.")
            }
            return copy
        }
        guard input.isAsset else { return try await fetcher.load(input, into: directory) }
        let id = String(input.url.dropFirst("asset://".count))
        guard let file = try await library.file(id: id) else {
            throw ProviderError.invalidInput("The asset at \(input.param) no longer exists.")
        }
        let copy = directory.appending(path: "\(input.role.rawValue)-\(UUID().uuidString).\(file.pathExtension)")
        try FileManager.default.copyItem(at: file, to: copy)
        return copy
    }
}

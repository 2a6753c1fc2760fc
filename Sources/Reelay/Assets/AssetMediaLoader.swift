import Foundation
import ReelayCore

/// Media loading that resolves `asset://` URLs from the asset library and hands every other
/// URL to the fetcher. Ownership of assets is checked when the task is created.
public struct AssetMediaLoader: MediaLoading {
    let library: AssetLibrary
    let fetcher: any MediaLoading

    public init(library: AssetLibrary, fetcher: any MediaLoading) {
        self.library = library
        self.fetcher = fetcher
    }

    public func check(_ input: MediaInput) async throws(APIError) {
        guard !input.isAsset else { return }
        try await fetcher.check(input)
    }

    public func load(_ input: MediaInput, into directory: URL) async throws -> URL {
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

import Foundation
import ReelayCore

/// A key's uploaded media: stores checked files, finds them by `asset://` URL for their owner,
/// and deletes them. Files are recognised by their bytes, not by what the upload claims.
public struct AssetLibrary: Sendable {
    let store: any AssetStore
    let files: any AssetFiles
    /// Probes each upload: what does not decode is refused now, not when a task uses it.
    let tool: any MediaTool
    let limits: MediaLimits
    /// Uploads count against their key's storage.
    let storage: KeyStorage

    /// Asset files in a local folder.
    public init(store: any AssetStore, folder: URL, tool: any MediaTool, storage: KeyStorage, limits: MediaLimits = .default) throws {
        self.init(store: store, files: try LocalAssetFiles(folder: folder), tool: tool, storage: storage, limits: limits)
    }

    public init(store: any AssetStore, files: any AssetFiles, tool: any MediaTool, storage: KeyStorage, limits: MediaLimits = .default) {
        self.store = store
        self.storage = storage
        self.files = files
        self.tool = tool
        self.limits = limits
    }

    /// Stores an upload for `caller`. The bytes must be an image, video or audio file Reelay
    /// recognises, within the limits of its kind and of the key's storage, and agree with the
    /// type the upload declares.
    public func add(_ bytes: [UInt8], contentType: String? = nil, caller: Caller, param: String = "file") async throws(APIError) -> Asset {
        let owner = caller.owner
        let head = bytes.prefix(MediaFormat.sniffLength)
        guard let sniffed = MediaFormat.sniff(head) else {
            let known = MediaFormat.allCases.filter { $0 != .mka }.map(\.name).joined(separator: ", ")
            throw APIError.invalid(param, "The upload is not an image, video or audio file Reelay recognises (\(known)).")
        }
        guard bytes.count <= limits.maxBytes(for: sniffed.kind) else {
            throw APIError(.payloadTooLarge, "The \(sniffed.kind.rawValue) is larger than \(limits.maxBytes(for: sniffed.kind) / 1_048_576) MB.", param: param)
        }
        // Only a media type says anything of the bytes (curl sends raw bodies as a form by default).
        let contentType = contentType.flatMap { ["image/", "video/", "audio/"].contains(where: $0.lowercased().hasPrefix) ? $0 : nil }
        let data = Data(bytes)
        let format: MediaFormat
        do throws(MediaRejection) {
            // A declared type of another kind says which kind the caller means (`audio/mp4`).
            let kind = contentType.flatMap(MediaFormat.init(mimeType:))?.kind ?? sniffed.kind
            format = try MediaFormat.accepted(contentType: contentType, head: head, kind: kind)
            try limits.checkImage(data, format: format)
        } catch {
            throw APIError.invalid(param, "Cannot use the upload: \(error.reason).")
        }
        try await storage.check(caller, adding: bytes.count, param: param)
        let id = Asset.newID()
        let asset = Asset(id: id, owner: owner, kind: format.kind, contentType: format.contentType,
                          fileName: "\(id).\(format.fileExtension)", bytes: bytes.count, createdAt: Date())
        // Probed in a scratch file first: only a decodable upload is kept.
        let file = FileManager.default.temporaryDirectory.appending(path: "reelay-asset-\(UUID().uuidString).\(format.fileExtension)")
        defer { try? FileManager.default.removeItem(at: file) }
        do {
            try data.write(to: file, options: .atomic)
        } catch {
            throw APIError(.unavailable, "The asset could not be stored; try again.")
        }
        guard await decodes(file, as: format.kind) else {
            throw APIError.invalid(param, "Cannot use the upload: it cannot be decoded as \(format.kind.article) \(format.kind.rawValue) file.")
        }
        do {
            try await files.store(name: asset.fileName, from: file)
        } catch {
            // A bucket that refuses (or a full disk): the caller may try again; the cause is the operator's.
            throw APIError(.unavailable, "The asset could not be stored: the file store refused or did not answer; try again.")
        }
        do {
            try await store.insert(asset)
        } catch {
            try? await files.delete(name: asset.fileName)
            throw APIError(.unavailable, "The asset could not be stored; try again.")
        }
        return asset
    }

    private func decodes(_ file: URL, as kind: MediaInput.Kind) async -> Bool {
        (try? await tool.probe(file, kind: kind))?.isDecodable(as: kind) ?? false
    }

    public func list(owner: String) async throws(APIError) -> [Asset] {
        do { return try await store.assets(owner: owner) } catch {
            throw APIError(.unavailable, "The asset store is unavailable; try again.")
        }
    }

    /// The owner's asset by id; another key's asset is as unknown as a missing one.
    public func asset(id: String, owner: String, param: String = "asset_id") async throws(APIError) -> Asset {
        let found: Asset?
        do { found = try await store.asset(id: id) } catch {
            throw APIError(.unavailable, "The asset store is unavailable; try again.")
        }
        guard let asset = found, asset.owner == owner else {
            throw APIError(.notFound, "Asset \(id) does not exist or does not belong to this key.", param: param)
        }
        return asset
    }

    /// Checks an `asset://` input of a request: it exists, belongs to the key and is of the
    /// input's kind.
    public func check(_ input: MediaInput, owner: String) async throws(APIError) {
        let id = String(input.url.dropFirst("asset://".count))
        let asset: Asset
        do {
            asset = try await self.asset(id: id, owner: owner, param: input.param)
        } catch {
            throw APIError.invalid(input.param, error.message)
        }
        guard asset.kind == input.kind else {
            throw APIError.invalid(input.param, "Asset \(id) is \(asset.kind.article) \(asset.kind.rawValue) file, not \(input.kind.article) \(input.kind.rawValue) file.")
        }
    }

    public func delete(_ asset: Asset) async throws(APIError) {
        do {
            try await store.delete(id: asset.id)
            try? await files.delete(name: asset.fileName)
        } catch {
            throw APIError(.unavailable, "The asset could not be deleted; try again.")
        }
    }

    /// Copies the stored file of an asset id for the renderer to `directory`, named by `name`
    /// plus the file's extension; nil when the asset or its file is gone.
    func copy(id: String, into directory: URL, name: String) async throws -> URL? {
        guard let asset = try await store.asset(id: id) else { return nil }
        let copy = directory.appending(path: "\(name).\((asset.fileName as NSString).pathExtension)")
        return try await files.copy(name: asset.fileName, to: copy) ? copy : nil
    }
}

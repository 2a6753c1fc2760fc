import Foundation

/// Asset files in the bucket, at `<prefix>assets/<name>`.
public struct S3AssetFiles: AssetFiles {
    let client: S3Client
    let prefix: String

    public init(store: S3BlobStore) {
        self.client = store.client
        self.prefix = store.prefix + "assets/"
    }

    public func store(name: String, from file: URL) async throws {
        try await client.put(key: prefix + FileBlobStore.checked(name), file: file, contentType: S3BlobStore.contentType(of: name))
    }

    public func copy(name: String, to destination: URL) async throws -> Bool {
        do {
            try await client.download(key: prefix + FileBlobStore.checked(name), to: destination)
            return true
        } catch let error as S3Error where error.code == "NoSuchKey" {
            try? FileManager.default.removeItem(at: destination)
            return false
        }
    }

    public func delete(name: String) async throws {
        try await client.delete(key: prefix + FileBlobStore.checked(name))
    }
}

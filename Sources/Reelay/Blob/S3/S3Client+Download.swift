import Foundation

extension S3Client {
    /// Writes the object's bytes to `file` (created 0600) as they arrive, never whole in memory.
    /// Throws `S3Error` with `NoSuchKey` when there is no such object.
    public func download(key: String, to file: URL) async throws {
        let object = try await get(key: key)
        guard FileManager.default.createFile(atPath: file.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        for try await buffer in object.body {
            try handle.write(contentsOf: buffer.readableBytesView)
        }
    }
}

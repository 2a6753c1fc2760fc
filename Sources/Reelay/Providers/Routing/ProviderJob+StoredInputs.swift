import Foundation
import ReelayCore

extension ProviderJob {
    /// This job with the inputs kept in the blob store (`input://`) written out as `data:` URIs,
    /// as an upstream takes them: Reelay's own names mean nothing there. The bytes are read when
    /// the task is sent, so any instance can send it.
    func inliningStoredInputs(from blobs: any BlobStore) async throws(ProviderError) -> ProviderJob {
        guard spec.media.contains(where: { $0.storedInput != nil }) else { return self }
        var job = self
        let scratch = FileManager.default.temporaryDirectory.appending(path: "reelay-inline-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        for (index, input) in spec.media.enumerated() {
            guard let stored = input.storedInput else { continue }
            guard let format = MediaFormat(fileExtension: (stored.name as NSString).pathExtension) else {
                throw ProviderError.invalidInput("The media of \(input.param) are no longer stored.")
            }
            do {
                try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
                let file = scratch.appending(path: "\(index)-\(stored.name)")
                try await blobs.copyInput(taskID: stored.taskID, name: stored.name, to: file)
                let data = try Data(contentsOf: file)
                job.spec.media[index].url = "data:\(format.contentType);base64,\(data.base64EncodedString())"
            } catch {
                throw ProviderError.invalidInput("The media of \(input.param) are no longer stored.")
            }
        }
        return job
    }
}

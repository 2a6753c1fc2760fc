import Foundation
import Logging
import ReelayCore

/// Checks a request's media whose bytes are already here (`data:` URIs, assets and inputs kept
/// from an earlier task) when it arrives, so that a picture that does not decode or a clip out of
/// limits gets a 400 naming its parameter instead of becoming a task that fails. The probes run
/// on a gated tool under the child limits of checks (`ChildLimits.check`); loading a `data:` URI
/// makes the checks `MediaLoading.check` would (type, size, picture header), so this is the one
/// place they are decoded at request time. Media at web URLs are checked when the task fetches them.
struct InlineMediaCheck: Sendable {
    let media: any MediaLoading
    let tool: any MediaTool

    /// The checked files of the inputs the task keeps (`data:` URIs and earlier inputs), by their
    /// index in `inputs`, in a scratch folder the caller removes once they are stored.
    struct Checked: Sendable {
        var folder: URL?
        var files: [Int: URL] = [:]

        /// What the kept files weigh, for the key's storage.
        var bytes = 0

        func remove() {
            if let folder { try? FileManager.default.removeItem(at: folder) }
        }
    }

    func check(_ inputs: [MediaInput]) async throws(APIError) -> Checked {
        guard inputs.contains(where: Self.isLocal) else { return Checked() }
        let folder = FileManager.default.temporaryDirectory.appending(path: "reelay-check-\(UUID().uuidString)", directoryHint: .isDirectory)
        var checked = Checked(folder: folder)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw APIError(.unavailable, "The media could not be checked; try again.")
        }
        do throws(APIError) {
            // Web clips count too, but their length is not known yet: the totals here are lower
            // bounds, so a total over the limit is over it for certain.
            var limits = ReferenceLimits()
            for (index, input) in inputs.enumerated() where Self.isLocal(input) {
                let file: URL
                let probe: MediaProbe
                do {
                    file = try await media.load(input, into: folder)
                } catch let error as ProviderError {
                    throw APIError.invalid(input.param, error.message)
                } catch {
                    throw APIError(.unavailable, "The media could not be checked; try again.")
                }
                do {
                    probe = try await tool.probe(file, kind: input.kind)
                } catch is MediaToolError, is DecodingError {
                    // ffprobe could not read it: an empty probe, which the limits refuse as undecodable.
                    probe = MediaProbe(width: 0, height: 0, hasVideo: false, decodedFrames: 0)
                } catch {
                    throw APIError(.unavailable, "The media could not be checked; try again.")
                }
                do {
                    try limits.add(input, probe)
                } catch {
                    throw error.apiError(for: input)
                }
                if !input.isAsset {
                    checked.files[index] = file
                    checked.bytes += (try? file.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
                }
            }
        } catch {
            checked.remove()
            throw error
        }
        return checked
    }

    /// Media whose bytes Reelay has (or is given) now, rather than fetching them later.
    static func isLocal(_ input: MediaInput) -> Bool {
        input.isAsset || input.storedInput != nil || input.url.prefix(5).lowercased() == "data:"
    }
}

import Foundation
import Logging
import ReelayCore

/// Checks a request's media whose bytes are already here (`data:` URIs and assets) when it
/// arrives, so that a picture that does not decode or a clip out of limits gets a 400 naming its
/// parameter instead of becoming a task that fails. The probes run on a gated tool under the
/// child limits of checks (`ChildLimits.check`); loading a `data:` URI makes the checks
/// `MediaLoading.check` would (type, size, picture header), so this is the one place they are
/// decoded at request time. Media at web URLs are checked when the task fetches them.
struct InlineMediaCheck: Sendable {
    let media: any MediaLoading
    let tool: any MediaTool

    func check(_ inputs: [MediaInput]) async throws(APIError) {
        let local = inputs.filter(Self.isLocal)
        guard !local.isEmpty else { return }
        let folder = FileManager.default.temporaryDirectory.appending(path: "reelay-check-\(UUID().uuidString)", directoryHint: .isDirectory)
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            // No scratch space to probe in: at least the checks that need no file.
            for input in local where !input.isAsset { try await media.check(input) }
            return
        }
        // Web clips count too, but their length is not known yet: the totals here are lower
        // bounds, so a total over the limit is over it for certain.
        var limits = ReferenceLimits()
        for input in local {
            let probe: MediaProbe
            do {
                let file = try await media.load(input, into: folder)
                probe = try await tool.probe(file, kind: input.kind)
            } catch let error as ProviderError {
                throw APIError.invalid(input.param, error.message)
            } catch is MediaToolError, is DecodingError {
                // ffprobe could not read it: an empty probe, which the limits refuse as undecodable.
                probe = MediaProbe(width: 0, height: 0, hasVideo: false, decodedFrames: 0)
            } catch {
                // Not ours to judge here (cancelled, a full disk): the render checks again.
                return
            }
            do {
                try limits.add(input, probe)
            } catch {
                throw error.apiError(for: input)
            }
        }
    }

    static func isLocal(_ input: MediaInput) -> Bool {
        input.isAsset || input.url.prefix(5).lowercased() == "data:"
    }
}

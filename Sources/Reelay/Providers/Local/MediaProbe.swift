import Foundation
import ReelayCore

/// What ffprobe says of an input file. For a still image it also proves that its first frame
/// decodes, so a broken upload fails as bad input instead of as a failed render.
struct MediaProbe: Sendable, Equatable {
    var width: Int
    var height: Int
    /// Seconds, when the container knows.
    var duration: Double?
    var hasVideo: Bool
    var hasAudio: Bool
    /// How many frames were decoded (ffprobe stops after the first).
    var decodedFrames: Int

    var size: Geometry.Size { Geometry.Size(width: width, height: height) }

    static func arguments(for file: URL) -> [String] {
        ["-hide_banner", "-v", "error", "-count_frames", "-read_intervals", "%+#1",
         "-show_entries", "stream=codec_type,width,height,nb_read_frames:format=duration",
         "-of", "json", file.path]
    }

    init(json: Data) throws {
        struct Output: Decodable {
            struct Stream: Decodable {
                var codec_type: String?
                var width: Int?
                var height: Int?
                var nb_read_frames: String?
            }
            struct Format: Decodable { var duration: String? }
            var streams: [Stream]?
            var format: Format?
        }
        let output = try JSONDecoder().decode(Output.self, from: json)
        let streams = output.streams ?? []
        let video = streams.first { $0.codec_type == "video" }
        width = video?.width ?? 0
        height = video?.height ?? 0
        decodedFrames = Int(video?.nb_read_frames ?? "") ?? 0
        hasVideo = video != nil
        hasAudio = streams.contains { $0.codec_type == "audio" }
        duration = output.format?.duration.flatMap(Double.init)
    }

    init(width: Int, height: Int, duration: Double? = nil, hasVideo: Bool = true, hasAudio: Bool = false, decodedFrames: Int = 1) {
        self.width = width
        self.height = height
        self.duration = duration
        self.hasVideo = hasVideo
        self.hasAudio = hasAudio
        self.decodedFrames = decodedFrames
    }

    /// True when it is a picture ffmpeg can draw: a video stream with a size and a decoded frame.
    var isDecodableImage: Bool { hasVideo && width > 0 && height > 0 && decodedFrames > 0 }
}

extension MediaTool {
    func probe(_ file: URL) async throws -> MediaProbe {
        try MediaProbe(json: try await output(of: .ffprobe, MediaProbe.arguments(for: file), limit: 1 << 20))
    }
}

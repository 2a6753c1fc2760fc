import Foundation
import ReelayCore

/// What ffprobe says of one stream of an input file: the first video stream of a picture or clip,
/// the first audio stream of a sound. Its first half second is decoded too, so a broken upload
/// fails as bad input instead of as a failed render.
struct MediaProbe: Sendable, Equatable {
    /// The size as shown: a phone video stored 1280x720 with a 90° rotation is 720x1280 (ffmpeg
    /// turns it upright when it decodes it).
    var width: Int
    var height: Int
    /// Seconds of the stream, else of the container, when either is known.
    var duration: Double?
    var hasVideo: Bool
    var hasAudio: Bool
    /// How many frames of the stream were decoded (ffprobe stops after half a second).
    var decodedFrames: Int
    /// Audio channels of the probed audio stream (0 for pictures).
    var channels = 0

    var size: Geometry.Size { Geometry.Size(width: width, height: height) }

    /// Probes the stream a `kind` of input is used for. The interval is a time, not a packet
    /// count: in a file with both, the first packet may belong to the other stream.
    static func arguments(for file: URL, kind: MediaInput.Kind = .image) -> [String] {
        ["-hide_banner", "-v", "error", "-select_streams", kind == .audio ? "a:0" : "v:0",
         "-count_frames", "-read_intervals", "%+0.5",
         "-show_entries", "stream=codec_type,width,height,channels,duration,nb_read_frames:stream_side_data=rotation:format=duration",
         "-of", "json"] + MediaFormat.inputArguments(file)
    }

    init(json: Data) throws {
        struct Output: Decodable {
            struct Stream: Decodable {
                struct SideData: Decodable { var rotation: Double? }
                var codec_type: String?
                var width: Int?
                var height: Int?
                var channels: Int?
                var duration: String?
                var nb_read_frames: String?
                var side_data_list: [SideData]?
            }
            struct Format: Decodable { var duration: String? }
            var streams: [Stream]?
            var format: Format?
        }
        let output = try JSONDecoder().decode(Output.self, from: json)
        let streams = output.streams ?? []
        let video = streams.first { $0.codec_type == "video" }
        let stream = video ?? streams.first { $0.codec_type == "audio" }
        let rotation = video?.side_data_list?.compactMap(\.rotation).first ?? 0
        let turned = Int(abs(rotation.rounded())) % 180 == 90
        width = (turned ? video?.height : video?.width) ?? 0
        height = (turned ? video?.width : video?.height) ?? 0
        decodedFrames = Int(stream?.nb_read_frames ?? "") ?? 0
        channels = streams.first { $0.codec_type == "audio" }?.channels ?? 0
        hasVideo = video != nil
        hasAudio = streams.contains { $0.codec_type == "audio" }
        duration = [stream?.duration, output.format?.duration].lazy.compactMap { $0.flatMap(Double.init) }.first { $0 > 0 }
    }

    init(width: Int, height: Int, duration: Double? = nil, hasVideo: Bool = true, hasAudio: Bool = false, decodedFrames: Int = 1,
         channels: Int = 0) {
        self.width = width
        self.height = height
        self.duration = duration
        self.hasVideo = hasVideo
        self.hasAudio = hasAudio
        self.decodedFrames = decodedFrames
        self.channels = channels
    }

    /// True when it is a picture ffmpeg can draw: a video stream with a size and a decoded frame.
    var isDecodableImage: Bool { hasVideo && width > 0 && height > 0 && decodedFrames > 0 }

    /// True when it is a clip ffmpeg can play: a decodable picture stream that lasts.
    var isDecodableVideo: Bool { isDecodableImage && (duration ?? 0) > 0 }

    /// True when it is a sound ffmpeg can play: a decoded audio frame and a length.
    var isDecodableAudio: Bool { hasAudio && decodedFrames > 0 && (duration ?? 0) > 0 }

    /// True when ffmpeg can use it as an input of `kind`.
    func isDecodable(as kind: MediaInput.Kind) -> Bool {
        switch kind {
        case .image: isDecodableImage
        case .video: isDecodableVideo
        case .audio: isDecodableAudio
        }
    }
}

extension MediaTool {
    /// Probes `file` for the stream an input of `kind` is used for.
    func probe(_ file: URL, kind: MediaInput.Kind = .image) async throws -> MediaProbe {
        try MediaProbe(json: try await output(of: .ffprobe, MediaProbe.arguments(for: file, kind: kind), limit: 1 << 20))
    }
}

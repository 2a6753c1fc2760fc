import Foundation

/// What ffprobe says of a media file, as a user checking a result would look at it.
struct Probe: Sendable {
    var width = 0
    var height = 0
    /// The shape of one pixel ("1:1" is square); empty when the file does not say.
    var sampleAspectRatio = ""
    var frameRate = ""
    /// Frames the container says the video stream has.
    var frames = 0
    var duration = 0.0
    var videoCodec = ""
    var pixelFormat = ""
    var audioCodec = ""
    var audioDuration = 0.0
    var hasAudio = false

    init(_ file: URL) async throws {
        let output = try await Shell.run("ffprobe", ["-v", "error", "-show_entries",
            "stream=codec_type,codec_name,width,height,sample_aspect_ratio,r_frame_rate,pix_fmt,nb_frames,duration:format=duration", "-of", "json", file.path])
        let json = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] ?? [:]
        for stream in json["streams"] as? [[String: Any]] ?? [] {
            if stream["codec_type"] as? String == "video" {
                width = stream["width"] as? Int ?? 0
                height = stream["height"] as? Int ?? 0
                sampleAspectRatio = stream["sample_aspect_ratio"] as? String ?? ""
                frameRate = stream["r_frame_rate"] as? String ?? ""
                frames = Int(stream["nb_frames"] as? String ?? "") ?? 0
                videoCodec = stream["codec_name"] as? String ?? ""
                pixelFormat = stream["pix_fmt"] as? String ?? ""
            } else if stream["codec_type"] as? String == "audio" {
                hasAudio = true
                audioCodec = stream["codec_name"] as? String ?? ""
                audioDuration = Double(stream["duration"] as? String ?? "") ?? 0
            }
        }
        duration = Double((json["format"] as? [String: Any])?["duration"] as? String ?? "") ?? 0
    }
}

enum Shell {
    /// Runs a tool from PATH and returns its standard output; throws on a non-zero exit. The
    /// process is waited for on a thread of its own: the suite runs in parallel on Swift's few
    /// cooperative threads, and a blocking wait there stalls every other test.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try runBlocking(tool, arguments) }) }.start()
        }
    }

    private static func runBlocking(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ShellError(description: "\(tool) exited with \(process.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }

    struct ShellError: Error, CustomStringConvertible { var description: String }
}

import ArgumentParser
import Foundation

/// The local renderer needs ffmpeg and ffprobe, and every media child runs under prlimit
/// (util-linux); say exactly how to get them instead of failing on the first task.
enum Prerequisites {
    static func check() throws {
        let missing = ["ffmpeg", "ffprobe", "prlimit"].filter { !onPath($0) }
        guard !missing.isEmpty else { return }
        throw ValidationError("""
            \(missing.joined(separator: " and ")) not found on PATH; the local renderer needs them. Install with:
                sudo apt-get update && sudo apt-get install -y ffmpeg fonts-dejavu-core espeak-ng util-linux
            (or run ./scripts/serve, which installs them).
            """)
    }

    static func onPath(_ tool: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }
    }
}

/// Reads ffmpeg's `-progress` output: blocks of `key=value` lines, each closed by
/// `progress=continue` (or `progress=end`). Frames written, else time written, against the total.
struct FFmpegProgress {
    let totalFrames: Int
    let totalSeconds: Double
    private var frame = 0
    private var seconds = 0.0

    init(totalFrames: Int, totalSeconds: Double) {
        self.totalFrames = totalFrames
        self.totalSeconds = totalSeconds
    }

    /// Takes one line; at the end of a block returns how far the render is, in 0...1.
    mutating func read(_ line: Substring) -> Double? {
        guard let equals = line.firstIndex(of: "=") else { return nil }
        let key = line[..<equals].trimmingWhitespace
        let value = line[line.index(after: equals)...].trimmingWhitespace
        switch key {
        case "frame": frame = Int(value) ?? frame
        case "out_time_us": seconds = Double(value).map { $0 / 1_000_000 } ?? seconds
        case "progress": return value == "end" ? 1 : fraction
        default: break
        }
        return nil
    }

    var fraction: Double {
        let byFrames = totalFrames > 0 ? Double(frame) / Double(totalFrames) : 0
        let byTime = totalSeconds > 0 ? seconds / totalSeconds : 0
        return min(1, max(0, frame > 0 ? byFrames : byTime))
    }
}

private extension Substring {
    var trimmingWhitespace: Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        guard let last = self[start...].lastIndex(where: { !$0.isWhitespace }) else { return self[start..<start] }
        return self[start...last]
    }
}

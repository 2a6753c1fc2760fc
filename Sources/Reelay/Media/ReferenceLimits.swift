import ReelayCore

/// The limits the providers document for reference clips (seed 003): at most 3 reference videos
/// of 480p to 720p lasting 15 s in all, at most 3 reference audio clips lasting 15 s in all. The
/// same rules run when a request arrives (for clips whose bytes are already here) and when a
/// task renders (for all of them), so both say the same thing.
struct ReferenceLimits: Sendable {
    static let maxClips = 3
    static let maxSeconds = 15.0
    /// 480p to 720p, as the shorter side in pixels.
    static let shorterSide = 480...720
    /// Containers round lengths (AAC priming, edit lists): a 15 s clip may say 15.02 s.
    static let lengthSlack = 0.05

    /// The seconds of reference video and audio checked so far.
    private(set) var videoSeconds = 0.0
    private(set) var audioSeconds = 0.0

    /// Checks one probed input against the limits of its kind and adds it to the running total.
    mutating func add(_ input: MediaInput, _ probe: MediaProbe) throws(MediaRejection) {
        switch input.kind {
        case .image:
            guard probe.isDecodableImage else { throw MediaRejection("it cannot be decoded as an image") }
        case .video:
            guard probe.isDecodableVideo else { throw MediaRejection("it cannot be decoded as a video, or does not say how long it is") }
            let shorter = min(probe.width, probe.height)
            guard Self.shorterSide.contains(shorter) else {
                throw MediaRejection("it is \(probe.width)x\(probe.height); reference videos must be 480p to 720p "
                    + "(shorter side \(Self.shorterSide.lowerBound) to \(Self.shorterSide.upperBound) px)")
            }
            videoSeconds += probe.duration ?? 0
            try Self.checkTotal(videoSeconds, noun: "reference videos")
        case .audio:
            guard probe.isDecodableAudio else { throw MediaRejection("it cannot be decoded as audio, or does not say how long it is") }
            audioSeconds += probe.duration ?? 0
            try Self.checkTotal(audioSeconds, noun: "reference audio clips")
        }
    }

    private static func checkTotal(_ seconds: Double, noun: String) throws(MediaRejection) {
        guard seconds <= maxSeconds + lengthSlack else {
            throw MediaRejection("the \(noun) up to this one last \(String(format: "%.1f", seconds)) s; "
                + "together they may last at most \(Int(maxSeconds)) s")
        }
    }
}

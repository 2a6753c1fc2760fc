import ReelayCore

/// The settled shape of a render: pixel size, the ratio it really has, and its timing.
struct RenderPlan: Sendable, Equatable {
    var width: Int
    var height: Int
    /// The actual ratio (`16:9` even when `adaptive` was asked, `3:2` for a kept 3:2 image).
    var ratio: String
    var fps: Int
    var frames: Int
    /// Whole seconds, as reported in the result.
    var duration: Int

    /// What `duration: -1` ("you choose") becomes when no clip says otherwise.
    static let chosenDuration = 5

    var seconds: Double { Double(frames) / Double(fps) }

    /// Settles `spec`. `picture` is the pixel size of the first input image (else of the first
    /// reference video), which decides the size when the spec leaves it open (`adaptive`,
    /// `keep_ratio`). `clipSeconds` is how long the reference clips last, which `duration: -1`
    /// follows within the model's `durations`.
    init(spec: RenderSpec, picture: Geometry.Size?, clipSeconds: Double? = nil, durations: ClosedRange<Int> = 4...15) throws(ProviderError) {
        let size: Geometry.Size
        if let width = spec.width, let height = spec.height, width > 0, height > 0 {
            size = Geometry.Size(width: width, height: height)
        } else if let picture, spec.ratio == "keep_ratio",
                  let kept = Geometry.keepRatioSize(family: spec.family, resolution: spec.resolution, width: picture.width, height: picture.height) {
            size = kept
        } else {
            let ratio = Geometry.ratios.contains(spec.ratio) ? spec.ratio
                : picture.map { Geometry.nearestRatio(width: $0.width, height: $0.height) } ?? "16:9"
            guard let fixed = Geometry.size(family: spec.family, resolution: spec.resolution, ratio: ratio) else {
                throw .invalidInput("No output size for resolution \(spec.resolution) at ratio \(ratio).")
            }
            size = fixed
        }
        // H.264 in 4:2:0 needs even sides; every catalog size already has them.
        width = size.width / 2 * 2
        height = size.height / 2 * 2
        guard width >= 16, height >= 16 else { throw .invalidInput("Output size \(size) is too small.") }
        ratio = Self.ratio(of: Geometry.Size(width: width, height: height), family: spec.family, resolution: spec.resolution)

        fps = spec.fps > 0 ? spec.fps : 24
        let seconds = spec.duration > 0 ? spec.duration : Self.chosenSeconds(clipSeconds, within: durations)
        frames = (spec.frames ?? 0) > 0 ? spec.frames! : spec.family.frames(seconds: seconds, fps: fps)
        duration = spec.duration > 0 ? spec.duration
            : spec.frames != nil ? max(1, Int((Double(frames) / Double(fps)).rounded())) : seconds
    }

    /// Whole seconds for `duration: -1`: the clips' length rounded up (a clip that says 6.02 s
    /// is 6 s long), kept within the model's range; 5 s without clips.
    static func chosenSeconds(_ clipSeconds: Double?, within durations: ClosedRange<Int>) -> Int {
        let wanted = clipSeconds.map { Int(($0 - ReferenceLimits.lengthSlack).rounded(.up)) } ?? chosenDuration
        return min(durations.upperBound, max(durations.lowerBound, wanted))
    }

    /// The catalog ratio whose size this is, or else the nearest small fraction (`3:2`, `5:4`).
    static func ratio(of size: Geometry.Size, family: GeometryFamily, resolution: String) -> String {
        if let named = Geometry.ratios.first(where: { Geometry.size(family: family, resolution: resolution, ratio: $0) == size }) {
            return named
        }
        let value = Double(size.width) / Double(size.height)
        var best = (p: 1, q: 1, error: Double.infinity)
        for q in 1...21 {
            let p = max(1, Int((value * Double(q)).rounded()))
            let error = abs(Double(p) / Double(q) - value)
            if error < best.error - 1e-9 { best = (p, q, error) }
        }
        return "\(best.p):\(best.q)"
    }
}

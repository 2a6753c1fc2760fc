import Crypto
import Foundation

/// The look and sound of a generated scene: colours, motions, a grade for footage, a chord and a
/// voice, all drawn from a hash of the prompt and the seed. The same pair always gives the same
/// style; any change gives another.
struct SceneStyle: Equatable {
    /// A soft glowing disc drifting on a Lissajous path.
    struct Orb: Equatable {
        var color: String
        /// Diameter as a fraction of the frame's shorter side.
        var size: Double
        /// Cycles per second and phase (in cycles) along each axis.
        var speedX: Double, speedY: Double
        var phaseX: Double, phaseY: Double
        /// How far from the centre it swings, as a fraction of the free space (0...0.5).
        var reachX: Double, reachY: Double
    }

    /// Three colours of the moving background gradient.
    var background: [String]
    /// ffmpeg `gradients` type: linear or radial (the angular ones have a hard seam).
    var gradientType: Int
    /// The gradient's line, x0 y0 x1 y1 as fractions of the frame, spanning most of it.
    var gradientLine: [Double]
    var gradientSpeed: Double
    /// The seed of the gradient's own (otherwise random) geometry.
    var gradientSeed: UInt32
    var orbs: [Orb]
    /// Camera drift: cycles per second and phase on each axis.
    var driftSpeed: Double
    var driftPhaseX: Double, driftPhaseY: Double
    /// The notes of the audio pad, in Hz, lowest first.
    var chord: [Double]

    /// How reference footage is restyled: its light in a few flat steps (a drawn, cel-like look),
    /// a little more contrast and colour, and a tint toward the scene's hue. The footage's own
    /// colours stay recognisable.
    struct Grade: Equatable {
        /// How many steps of light (posterize).
        var levels: Int
        var contrast: Double
        var saturation: Double
        /// Shift of the U and V planes, in 8-bit steps.
        var tintU: Double, tintV: Double
    }
    var grade: Grade

    /// How espeak-ng speaks quoted dialogue: a voice variant, pitch (0...99) and words per minute.
    struct Voice: Equatable {
        var variant: String
        var pitch: Int
        var speed: Int
    }
    var voice: Voice

    init(prompt: String, seed: Int) {
        var random = SeededRandom(Data("\(seed)\u{0}\(prompt)".utf8))
        let hue = random.unit() * 360
        let scheme = [[0.0, 35, 70], [0, 150, 210], [0, 120, 240], [0, 25, 180]][random.below(4)]
        background = zip(scheme, [0.16, 0.34, 0.56]).map { offset, lightness in
            Self.hex(hue: hue + offset, saturation: 0.45 + 0.35 * random.unit(), lightness: lightness)
        }
        gradientType = random.below(2)
        gradientLine = [0.05 + 0.3 * random.unit(), random.unit(), 0.65 + 0.3 * random.unit(), random.unit()]
        gradientSpeed = 0.01 + 0.03 * random.unit()
        gradientSeed = UInt32(random.below(1 << 30))
        orbs = (0..<(3 + random.below(3))).map { index in
            Orb(color: Self.hex(hue: hue + scheme[index % 3] + 20 * random.unit(), saturation: 0.85, lightness: 0.62 + 0.12 * random.unit()),
                size: 0.16 + 0.22 * random.unit(),
                speedX: 0.05 + 0.2 * random.unit(), speedY: 0.05 + 0.2 * random.unit(),
                phaseX: random.unit(), phaseY: random.unit(),
                reachX: 0.25 + 0.25 * random.unit(), reachY: 0.25 + 0.25 * random.unit())
        }
        driftSpeed = 0.04 + 0.06 * random.unit()
        driftPhaseX = random.unit()
        driftPhaseY = random.unit()
        // A root between A2 and G3 and a major, minor, sus2 or major-seventh voicing with its octave.
        let root = 110 * pow(2, Double(random.below(11)) / 12)
        let intervals = [[0.0, 4, 7, 12], [0, 3, 7, 12], [0, 2, 7, 12], [0, 4, 7, 11]][random.below(4)]
        chord = intervals.map { root * pow(2, $0 / 12) }
        // Drawn last, so that the earlier choices stay what they were before these existed.
        let tint = 6 + 8 * random.unit(), (u, v) = Self.chroma(of: background[2])
        let norm = max(1e-6, (u * u + v * v).squareRoot())
        grade = Grade(levels: 5 + random.below(5), contrast: 1.05 + 0.2 * random.unit(), saturation: 1.1 + 0.3 * random.unit(),
                      tintU: tint * u / norm, tintV: tint * v / norm)
        voice = Voice(variant: ["f2", "f3", "f4", "m2", "m3", "m4"][random.below(6)], pitch: 35 + random.below(30), speed: 150 + random.below(25))
    }

    /// The BT.709 chroma (U, V in -0.5...0.5) of a `0xRRGGBB` colour: the direction of its hue.
    static func chroma(of hex: String) -> (u: Double, v: Double) {
        let (red, green, blue) = rgb(hex)
        let (r, g, b) = (Double(red) / 255, Double(green) / 255, Double(blue) / 255)
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b
        return ((b - y) / 1.8556, (r - y) / 1.5748)
    }

    /// The red, green and blue (0...255) of a `0xRRGGBB` colour (as this type writes them).
    static func rgb(_ hex: String) -> (Int, Int, Int) {
        let value = Int(hex.dropFirst(2), radix: 16) ?? 0xFFFFFF
        return (value >> 16 & 0xFF, value >> 8 & 0xFF, value & 0xFF)
    }

    /// `0xRRGGBB` for an HSL colour (hue in degrees, the rest in 0...1).
    static func hex(hue: Double, saturation: Double, lightness: Double) -> String {
        let h = (hue.truncatingRemainder(dividingBy: 360) + 360).truncatingRemainder(dividingBy: 360) / 60
        let chroma = (1 - abs(2 * lightness - 1)) * saturation
        let x = chroma * (1 - abs(h.truncatingRemainder(dividingBy: 2) - 1))
        let (r, g, b): (Double, Double, Double) = switch Int(h) {
        case 0: (chroma, x, 0)
        case 1: (x, chroma, 0)
        case 2: (0, chroma, x)
        case 3: (0, x, chroma)
        case 4: (x, 0, chroma)
        default: (chroma, 0, x)
        }
        let m = lightness - chroma / 2
        let bytes = [r, g, b].map { min(255, max(0, Int((($0 + m) * 255).rounded()))) }
        return "0x" + bytes.map { String(format: "%02X", $0) }.joined()
    }
}

/// SplitMix64 seeded from SHA-256: small, fast and the same on every platform.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(_ bytes: Data) {
        state = SHA256.hash(data: bytes).prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in 0..<1 with 53 random bits.
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// An integer in 0..<bound.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

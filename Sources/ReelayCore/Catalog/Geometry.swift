/// Output pixel sizes per model family, resolution and aspect ratio, as the providers render
/// them (DIALECTS.md, "Output geometry"). 9:21 is the portrait twin of 21:9.
public enum Geometry {
    public struct Size: Codable, Sendable, Equatable, Hashable, CustomStringConvertible {
        public var width: Int
        public var height: Int
        public init(width: Int, height: Int) {
            self.width = width
            self.height = height
        }
        public var description: String { "\(width)x\(height)" }
    }

    /// The fixed ratios, landscape first. `adaptive` and `keep_ratio` are settled from an image.
    public static let ratios = ["16:9", "4:3", "1:1", "3:4", "9:16", "21:9", "9:21"]
    public static let resolutions = ["480p", "720p", "1080p"]

    private static let table: [GeometryFamily: [String: [String: Size]]] = [
        .v1: [
            "480p": sizes([(864, 480), (736, 544), (640, 640), (544, 736), (480, 864), (960, 416)]),
            "720p": sizes([(1248, 704), (1120, 832), (960, 960), (832, 1120), (704, 1248), (1504, 640)]),
            "1080p": sizes([(1920, 1088), (1664, 1248), (1440, 1440), (1248, 1664), (1088, 1920), (2176, 928)]),
        ],
        .v2: [
            "480p": sizes([(864, 496), (752, 560), (640, 640), (560, 752), (496, 864), (992, 432)]),
            "720p": sizes([(1280, 720), (1112, 834), (960, 960), (834, 1112), (720, 1280), (1470, 630)]),
            "1080p": sizes([(1920, 1080), (1664, 1248), (1440, 1440), (1248, 1664), (1080, 1920), (2206, 946)]),
        ],
    ]

    private static func sizes(_ list: [(Int, Int)]) -> [String: Size] {
        var result: [String: Size] = [:]
        for (ratio, size) in zip(ratios.prefix(6), list) { result[ratio] = Size(width: size.0, height: size.1) }
        let wide = result["21:9"]!
        result["9:21"] = Size(width: wide.height, height: wide.width)
        return result
    }

    /// The pixel size for a fixed ratio, or nil for an unknown resolution or ratio.
    public static func size(family: GeometryFamily, resolution: String, ratio: String) -> Size? {
        table[family]?[resolution]?[ratio]
    }

    /// `adaptive`: the catalog ratio nearest to an image's own (by log of width/height).
    public static func nearestRatio(width: Int, height: Int, among candidates: [String] = Array(ratios.prefix(6))) -> String {
        guard width > 0, height > 0 else { return "16:9" }
        let target = log(Double(width) / Double(height))
        return candidates.min { abs(log(value(of: $0)) - target) < abs(log(value(of: $1)) - target) } ?? "16:9"
    }

    /// `keep_ratio`: the image's own ratio at about the pixel area of the resolution's 16:9 size,
    /// with even sides (H.264 4:2:0 needs them).
    public static func keepRatioSize(family: GeometryFamily, resolution: String, width: Int, height: Int) -> Size? {
        guard width > 0, height > 0, let reference = size(family: family, resolution: resolution, ratio: "16:9") else { return nil }
        let area = Double(reference.width * reference.height)
        let aspect = Double(width) / Double(height)
        let w = (area * aspect).squareRoot()
        let h = w / aspect
        func even(_ x: Double) -> Int { max(2, Int((x / 2).rounded()) * 2) }
        return Size(width: even(w), height: even(h))
    }

    /// `"16:9"` as 16/9.
    public static func value(of ratio: String) -> Double {
        let parts = ratio.split(separator: ":").compactMap { Double($0) }
        guard parts.count == 2, parts[1] > 0 else { return 16.0 / 9.0 }
        return parts[0] / parts[1]
    }

    private static func log(_ x: Double) -> Double { Foundation.log(x) }
}

import Foundation

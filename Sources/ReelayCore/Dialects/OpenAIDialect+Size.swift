/// OpenAI's `size` ("WIDTHxHEIGHT") as a Seedance resolution and ratio.
extension OpenAIDialect {
    /// The fixed ratios every model offers (9:21 is seed D's alone).
    static let sizeRatios = Array(Geometry.ratios.prefix(6))

    /// An exact entry of either geometry family, or else the nearest ratio and the resolution
    /// nearest the shorter side. Both families give each of their sizes the same meaning
    /// (a test checks it), so the size alone decides, whatever the model.
    static func geometry(ofSize size: String) throws(APIError) -> (resolution: String, ratio: String) {
        let parts = size.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]), width > 0, height > 0 else {
            throw .invalid("size", "size must be WIDTHxHEIGHT in pixels, such as 720x1280 or 1280x720, not '\(size)'.")
        }
        let wanted = Geometry.Size(width: width, height: height)
        for family in GeometryFamily.allCases {
            for resolution in Geometry.resolutions {
                for ratio in sizeRatios where Geometry.size(family: family, resolution: resolution, ratio: ratio) == wanted {
                    return (resolution, ratio)
                }
            }
        }
        let ratio = Geometry.nearestRatio(width: width, height: height, among: sizeRatios)
        let shorter = min(width, height)
        // "720p" is 720 lines on its short side.
        let resolution = Geometry.resolutions.min { abs(lines($0) - shorter) < abs(lines($1) - shorter) } ?? "720p"
        return (resolution, ratio)
    }

    private static func lines(_ resolution: String) -> Int { Int(resolution.dropLast()) ?? 0 }
}

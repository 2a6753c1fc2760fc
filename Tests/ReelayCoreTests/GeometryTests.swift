import Testing
@testable import ReelayCore

/// The output sizes of DIALECTS.md ("Output geometry"), for every family, resolution and ratio.
@Suite struct GeometryTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var family: GeometryFamily
        var resolution: String
        var sizes: String
        var testDescription: String { "\(family.rawValue) \(resolution)" }
    }

    static let ratios = ["16:9", "4:3", "1:1", "3:4", "9:16", "21:9"]
    static let table: [Row] = [
        Row(family: .v1, resolution: "480p", sizes: "864x480 736x544 640x640 544x736 480x864 960x416"),
        Row(family: .v1, resolution: "720p", sizes: "1248x704 1120x832 960x960 832x1120 704x1248 1504x640"),
        Row(family: .v1, resolution: "1080p", sizes: "1920x1088 1664x1248 1440x1440 1248x1664 1088x1920 2176x928"),
        Row(family: .v2, resolution: "480p", sizes: "864x496 752x560 640x640 560x752 496x864 992x432"),
        Row(family: .v2, resolution: "720p", sizes: "1280x720 1112x834 960x960 834x1112 720x1280 1470x630"),
        Row(family: .v2, resolution: "1080p", sizes: "1920x1080 1664x1248 1440x1440 1248x1664 1080x1920 2206x946"),
    ]

    @Test(arguments: table) func sizesMatchTheTable(_ row: Row) throws {
        let expected = row.sizes.split(separator: " ").map(String.init)
        for (ratio, size) in zip(Self.ratios, expected) {
            let actual = try #require(Geometry.size(family: row.family, resolution: row.resolution, ratio: ratio))
            #expect(actual.description == size, "\(ratio)")
        }
        // 9:21 is the portrait twin of 21:9.
        let wide = try #require(Geometry.size(family: row.family, resolution: row.resolution, ratio: "21:9"))
        #expect(Geometry.size(family: row.family, resolution: row.resolution, ratio: "9:21") == Geometry.Size(width: wide.height, height: wide.width))
    }

    /// The validator hands providers exactly the table's size for every model, resolution and ratio it offers.
    @Test(arguments: DialectID.allCases) func validatedSpecsCarryTheTableSize(_ dialect: DialectID) throws {
        for model in catalog.models.map({ $0.resolved(for: dialect) }) {
            let media = model.media.requiresImage ? [image(.firstFrame, at: 1)] : []
            for resolution in model.resolutions {
                for ratio in model.ratios where Geometry.ratios.contains(ratio) {
                    let spec = try validate(request(model.id, media: media) { $0.resolution = resolution; $0.ratio = ratio }, dialect)
                    let size = Geometry.size(family: model.family, resolution: resolution, ratio: ratio)
                    #expect(spec.width == size?.width && spec.height == size?.height && spec.width != nil,
                            "\(model.id) \(resolution) \(ratio)")
                }
            }
        }
    }

    @Test func unknownResolutionOrRatioHasNoSize() {
        #expect(Geometry.size(family: .v2, resolution: "4k", ratio: "16:9") == nil)
        #expect(Geometry.size(family: .v2, resolution: "720p", ratio: "adaptive") == nil)
    }

    @Test func nearestRatio() {
        #expect(Geometry.nearestRatio(width: 1920, height: 1080) == "16:9")
        #expect(Geometry.nearestRatio(width: 1080, height: 1920) == "9:16")
        #expect(Geometry.nearestRatio(width: 1024, height: 768) == "4:3")
        #expect(Geometry.nearestRatio(width: 768, height: 1024) == "3:4")
        #expect(Geometry.nearestRatio(width: 1000, height: 1010) == "1:1")
        #expect(Geometry.nearestRatio(width: 2560, height: 1080) == "21:9")
        #expect(Geometry.nearestRatio(width: 1700, height: 1080) == "16:9")
        // 9:21 only when offered.
        #expect(Geometry.nearestRatio(width: 1080, height: 2520) == "9:16")
        #expect(Geometry.nearestRatio(width: 1080, height: 2520, among: Geometry.ratios) == "9:21")
        #expect(Geometry.nearestRatio(width: 0, height: 100) == "16:9")
    }

    @Test func keepRatioSize() {
        // About the area of the resolution's 16:9 size, the image's own ratio, even sides.
        #expect(Geometry.keepRatioSize(family: .v2, resolution: "720p", width: 1000, height: 1000) == Geometry.Size(width: 960, height: 960))
        #expect(Geometry.keepRatioSize(family: .v1, resolution: "720p", width: 1000, height: 1000) == Geometry.Size(width: 938, height: 938))
        #expect(Geometry.keepRatioSize(family: .v2, resolution: "1080p", width: 3000, height: 2000) == Geometry.Size(width: 1764, height: 1176))
        #expect(Geometry.keepRatioSize(family: .v2, resolution: "480p", width: 1080, height: 1920) == Geometry.Size(width: 490, height: 872))
        #expect(Geometry.keepRatioSize(family: .v2, resolution: "4k", width: 100, height: 100) == nil)
        #expect(Geometry.keepRatioSize(family: .v2, resolution: "720p", width: 0, height: 100) == nil)
    }
}

import Testing
@testable import ReelayCore

/// What a request that leaves everything out gets, per model and dialect: each dialect keeps its
/// own provider's documented defaults.
@Suite struct DefaultsTests {
    struct Expected: Sendable, CustomTestStringConvertible {
        var model: String
        var dialect: DialectID
        var resolution: String
        var ratio: String
        var size: (Int, Int)?
        var duration: Int
        var audio: Bool
        var watermark: Bool
        var withImage = false
        var testDescription: String { "\(model) [\(dialect.rawValue)]\(withImage ? " with an image" : "")" }
    }

    static let table: [Expected] = [
        // Seed A, seed 000: 1.5 pro with watermark on and audio off.
        Expected(model: Models.pro15, dialect: .anyfast, resolution: "720p", ratio: "16:9", size: (1280, 720), duration: 5, audio: false, watermark: true),
        // Seed 000's endpoint defaults hold for every model served through seed A.
        Expected(model: Models.v20, dialect: .anyfast, resolution: "720p", ratio: "16:9", size: (1280, 720), duration: 5, audio: false, watermark: true),
        // Seed A, seed 001: seedance-fast with audio on, adaptive, 720p, no watermark (its own page's defaults).
        Expected(model: Models.seedanceFast, dialect: .anyfast, resolution: "720p", ratio: "16:9", size: (1280, 720), duration: 5, audio: true, watermark: false),
        Expected(model: Models.seedanceFast, dialect: .anyfast, resolution: "720p", ratio: "adaptive", size: nil, duration: 5, audio: true, watermark: false, withImage: true),
        // Seed B: toapis 1.5 pro, 720p 16:9 even with an image.
        Expected(model: Models.pro15, dialect: .toapis, resolution: "720p", ratio: "16:9", size: (1280, 720), duration: 5, audio: false, watermark: false),
        Expected(model: Models.pro15, dialect: .toapis, resolution: "720p", ratio: "16:9", size: (1280, 720), duration: 5, audio: false, watermark: false, withImage: true),
        // Seed C: apimart 2.0 family at 480p 16:9 without audio.
        Expected(model: Models.v20, dialect: .apimart, resolution: "480p", ratio: "16:9", size: (864, 496), duration: 5, audio: false, watermark: false),
        Expected(model: Models.fast20, dialect: .apimart, resolution: "480p", ratio: "16:9", size: (864, 496), duration: 5, audio: false, watermark: false),
        Expected(model: Models.face20, dialect: .apimart, resolution: "480p", ratio: "16:9", size: (864, 496), duration: 5, audio: false, watermark: false),
        Expected(model: Models.fastFace20, dialect: .apimart, resolution: "480p", ratio: "16:9", size: (864, 496), duration: 5, audio: false, watermark: false),
        // ... and for every other model served through apimart (1.5 Pro, and seedance-fast keeps seed 001's).
        Expected(model: Models.pro15, dialect: .apimart, resolution: "480p", ratio: "16:9", size: (864, 496), duration: 5, audio: false, watermark: false),
        Expected(model: Models.seedanceFast, dialect: .apimart, resolution: "720p", ratio: "16:9", size: (1280, 720), duration: 5, audio: true, watermark: false),
        // Seed D: unified at 480p 16:9, 1.0 and every other model served through it.
        Expected(model: Models.v20, dialect: .unified, resolution: "480p", ratio: "16:9", size: (864, 496), duration: 5, audio: true, watermark: false),
        Expected(model: Models.pro10, dialect: .unified, resolution: "480p", ratio: "16:9", size: (864, 480), duration: 5, audio: false, watermark: false),
        Expected(model: Models.liteT2V, dialect: .unified, resolution: "480p", ratio: "16:9", size: (864, 480), duration: 5, audio: false, watermark: false),
        Expected(model: Models.liteI2V, dialect: .unified, resolution: "480p", ratio: "16:9", size: (864, 480), duration: 5, audio: false, watermark: false, withImage: true),
        // Ark native.
        Expected(model: Models.pro10, dialect: .ark, resolution: "1080p", ratio: "16:9", size: (1920, 1088), duration: 5, audio: false, watermark: false),
        Expected(model: Models.liteT2V, dialect: .ark, resolution: "720p", ratio: "16:9", size: (1248, 704), duration: 5, audio: false, watermark: false),
        Expected(model: Models.liteI2V, dialect: .ark, resolution: "720p", ratio: "adaptive", size: nil, duration: 5, audio: false, watermark: false, withImage: true),
        Expected(model: Models.pro15, dialect: .ark, resolution: "720p", ratio: "16:9", size: (1280, 720), duration: 5, audio: true, watermark: false),
        Expected(model: Models.v20, dialect: .ark, resolution: "720p", ratio: "16:9", size: (1280, 720), duration: 5, audio: true, watermark: false),
        Expected(model: Models.v20, dialect: .ark, resolution: "720p", ratio: "adaptive", size: nil, duration: 5, audio: true, watermark: false, withImage: true),
        // OpenAI videos: 720x1280 for 4 seconds.
        Expected(model: Models.v20, dialect: .openai, resolution: "720p", ratio: "9:16", size: (720, 1280), duration: 4, audio: true, watermark: false),
        Expected(model: Models.pro10, dialect: .openai, resolution: "720p", ratio: "9:16", size: (704, 1248), duration: 4, audio: false, watermark: false),
    ]

    @Test(arguments: table) func defaults(_ expected: Expected) throws {
        let media = expected.withImage ? [image(.firstFrame, at: 1)] : []
        let spec = try validate(request(expected.model, media: media), expected.dialect)
        #expect(spec.resolution == expected.resolution)
        #expect(spec.ratio == expected.ratio)
        #expect(spec.width == expected.size?.0)
        #expect(spec.height == expected.size?.1)
        #expect(spec.duration == expected.duration)
        #expect(spec.generateAudio == expected.audio)
        #expect(spec.watermark == expected.watermark)
        #expect(spec.cameraFixed == false && spec.returnLastFrame == false && spec.draft == false)
        #expect(spec.fps == 24 && spec.frames == nil && spec.seed == randomSeed)
    }

    @Test func givenValuesWinOverDefaults() throws {
        let spec = try validate(request(Models.pro15) { $0.watermark = false; $0.generateAudio = true; $0.duration = 8 }, .anyfast)
        #expect(!spec.watermark && spec.generateAudio && spec.duration == 8)
    }

    /// Every model, in every dialect, accepts a request that leaves everything to the defaults.
    @Test(arguments: DialectID.allCases) func everyModelAcceptsItsOwnDefaults(_ dialect: DialectID) throws {
        for model in catalog.models {
            let media = model.media.requiresImage ? [image(.firstFrame, at: 1)] : []
            let spec = try validate(request(model.id, media: media), dialect)
            #expect(spec.model == model.id)
        }
    }
}

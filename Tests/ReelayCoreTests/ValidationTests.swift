import Testing
@testable import ReelayCore

/// Rules every model shares: model names, prompt, seed, URLs, callback.
@Suite struct CommonValidationTests {
    static let rejections: [Rejection] = [
        Rejection("unknown model", request("seedance-9-ultra"), param: "model", mentions: "seedance-9-ultra"),
        Rejection("empty model", request("  "), param: "model", kind: .missingParameter, mentions: "required"),
        Rejection("model named by the caller's field", request("nope") { $0.paramNames["model"] = "model_name" },
                  param: "model_name", mentions: "Available models"),
        Rejection("empty prompt, text only", request(Models.v20, ""), param: "prompt", kind: .missingParameter, mentions: "prompt"),
        Rejection("blank prompt, text only", request(Models.v20, "  \n "), param: "prompt", kind: .missingParameter, mentions: "prompt"),
        Rejection("prompt from the content array", request(Models.v20, "") { $0.paramNames["prompt"] = "content[0].text" },
                  param: "content[0].text", kind: .missingParameter, mentions: "text-to-video"),
        Rejection("prompt of 4001 characters", request(Models.v20, String(repeating: "a", count: 4001)),
                  param: "prompt", mentions: "4000"),
        Rejection("NUL in the prompt", request(Models.v20, "a cat\u{0}dog") { $0.paramNames["prompt"] = "content[0].text" },
                  param: "content[0].text", mentions: "U+0000 at position 5"),
        Rejection("escape character in the prompt", request(Models.v20, "red \u{1B}[31m fox"), param: "prompt", mentions: "U+001B"),
        Rejection("seed below -1", request(Models.v20) { $0.seed = -2 }, param: "seed", mentions: "2147483647"),
        Rejection("seed above 2^31-1", request(Models.v20) { $0.seed = 2_147_483_648 }, param: "seed", mentions: "2147483647"),
        Rejection("seed from a prompt command",
                  request(Models.v20) { $0.seed = -5; $0.paramNames["seed"] = "content[0].text commands" },
                  param: "content[0].text commands", mentions: "-5"),
        Rejection("ftp image URL", request(Models.v20, media: [image(.firstFrame, at: 1, url: "ftp://host/cat.png")]),
                  param: "content[1].image_url.url", mentions: "http"),
        Rejection("empty image URL", request(Models.v20, media: [image(.firstFrame, at: 1, url: "")]),
                  param: "content[1].image_url.url", mentions: "empty"),
        Rejection("empty asset id", request(Models.v20, media: [image(.referenceImage, at: 1, url: "asset://")]),
                  param: "content[1].image_url.url", mentions: "asset"),
        Rejection("video with an image role",
                  request(Models.v20, media: [MediaInput(kind: .video, url: "https://e.com/v.mp4", role: .firstFrame, param: "video_urls[0]")]),
                  param: "video_urls[0]", mentions: "first_frame"),
        Rejection("callback that is not http", request(Models.v20) { $0.callbackURL = "file:///etc/passwd" },
                  param: "callback_url", mentions: "http"),
        Rejection("unknown ratio", request(Models.v20) { $0.ratio = "5:4" }, param: "ratio", mentions: "5:4"),
        Rejection("unknown resolution", request(Models.v20) { $0.resolution = "4k" }, param: "resolution", mentions: "4k"),
        Rejection("unknown tool", request(Models.v20) { $0.tools = ["code_interpreter"] }, param: "tools", mentions: "code_interpreter"),
    ]

    @Test(arguments: rejections) func rejects(_ row: Rejection) { row.check() }

    /// Media refusals read as sentences: roles in words, and advice that fixes the request.
    @Test func mediaRefusalsNameTheRolesInWords() {
        let images = (1...10).map { image(.referenceImage, at: $0) }
        #expect(rejection(request(Models.v20, media: images))?.message == "doubao-seedance-2.0 takes at most 9 reference images; got 10.")
        let framed = rejection(request(Models.v20, media: [image(.firstFrame, at: 1), video(at: 2)]))
        #expect(framed?.message == "First/last-frame mode cannot be combined with reference images, videos or audio on doubao-seedance-2.0; "
            + "give the images reference roles, or leave out the reference videos.")
    }

    @Test func modelIsFoundByAliasIgnoringCaseAndSpaces() throws {
        let spec = try validate(request(" DOUBAO-Seedance-2-0-260128 "))
        #expect(spec.model == Models.v20)
        #expect(spec.requestedModel == " DOUBAO-Seedance-2-0-260128 ")
        #expect(spec.family == .v2)
    }

    @Test func promptIsTrimmedAndMayBeExactly4000Characters() throws {
        #expect(try validate(request(Models.v20, "  a cat \n")).prompt == "a cat")
        let long = String(repeating: "é", count: 4000)
        #expect(try validate(request(Models.v20, long)).prompt == long)
    }

    @Test func promptMayBeEmptyWhenAnImageCarriesTheVideo() throws {
        let spec = try validate(request(Models.v20, "", media: [image(.firstFrame, at: 0)]))
        #expect(spec.prompt == "")
    }

    @Test func seedMinusOneOrAbsentIsRandomAndOthersAreKept() throws {
        #expect(try validate(request(Models.v20)).seed == randomSeed)
        #expect(try validate(request(Models.v20) { $0.seed = -1 }).seed == randomSeed)
        #expect(try validate(request(Models.v20) { $0.seed = 0 }).seed == 0)
        #expect(try validate(request(Models.v20) { $0.seed = 2_147_483_647 }).seed == 2_147_483_647)
    }

    @Test func resolutionAndRatioAreReadLoosely() throws {
        let spec = try validate(request(Models.v20) { $0.resolution = " 720P"; $0.ratio = "Adaptive" })
        #expect(spec.resolution == "720p")
        #expect(spec.ratio == "16:9")
    }

    @Test func dataAndAssetURLsAreAccepted() throws {
        let media = [image(.referenceImage, at: 1, url: "data:image/png;base64,iVBORw0KGgo="),
                     image(.referenceImage, at: 2, url: "asset://asset_a")]
        #expect(try validate(request(Models.v20, media: media)).media == media)
    }

    @Test func switchesAndOptionsPassThrough() throws {
        let spec = try validate(request(Models.pro10) {
            $0.cameraFixed = true; $0.returnLastFrame = true; $0.watermark = true
            $0.callbackURL = "https://hooks.example.com/reelay"
        })
        #expect(spec.cameraFixed && spec.returnLastFrame && spec.watermark)
        #expect(spec.fps == 24)
        #expect(spec.draft == false && spec.draftTaskID == nil)
    }
}

@Suite struct LiteT2VValidationTests {
    static let rejections: [Rejection] = [
        Rejection("first frame on a text-only model", request(Models.liteT2V, media: [image(.firstFrame, at: 1)]),
                  param: "content[1].image_url.url", mentions: "text-to-video only"),
        Rejection("reference video on a text-only model", request(Models.liteT2V, media: [video(at: 2)]),
                  param: "content[2].video_url.url", mentions: "text-to-video only"),
        Rejection("audio on 1.0", request(Models.liteT2V) { $0.generateAudio = true }, param: "generate_audio", mentions: "audio"),
        Rejection("duration 13", request(Models.liteT2V) { $0.duration = 13 }, param: "duration", mentions: "2..12"),
        Rejection("duration 1", request(Models.liteT2V) { $0.duration = 1 }, param: "duration", mentions: "2..12"),
        Rejection("automatic duration on 1.0", request(Models.liteT2V) { $0.duration = -1 }, param: "duration", mentions: "-1"),
        Rejection("frames not 25+4n", request(Models.liteT2V) { $0.frames = 30 }, param: "frames", mentions: "29"),
        Rejection("frames 25", request(Models.liteT2V) { $0.frames = 25 }, param: "frames", mentions: "29"),
        Rejection("frames 293", request(Models.liteT2V) { $0.frames = 293 }, param: "frames", mentions: "289"),
        Rejection("frames and duration", request(Models.liteT2V) { $0.frames = 121; $0.duration = 5 }, param: "frames", mentions: "not both"),
        Rejection("9:21 outside seed D", request(Models.liteT2V) { $0.ratio = "9:21" }, param: "ratio", mentions: "9:21"),
        Rejection("keep_ratio on text only", request(Models.liteT2V) { $0.ratio = "keep_ratio" }, param: "ratio", mentions: "keep_ratio"),
        Rejection("keep_ratio on text only, seed D", request(Models.liteT2V) { $0.ratio = "keep_ratio" }, dialect: .unified,
                  param: "ratio", mentions: "keep_ratio"),
        Rejection("duration 7 in seed D", request(Models.liteT2V) { $0.duration = 7 }, dialect: .unified, param: "duration", mentions: "5, 10"),
        Rejection("draft on 1.0", request(Models.liteT2V) { $0.draft = true }, param: "draft", mentions: Models.pro15),
        Rejection("draft task on 1.0", request(Models.liteT2V) { $0.draftTaskID = "cgt-1" }, param: "draft_task", mentions: "draft"),
        Rejection("web search on 1.0", request(Models.liteT2V) { $0.tools = ["web_search"] }, param: "tools", mentions: "web_search"),
    ]

    @Test(arguments: rejections) func rejects(_ row: Rejection) { row.check() }

    @Test func acceptsTheDocumentedRange() throws {
        #expect(try validate(request(Models.liteT2V) { $0.duration = 2 }).duration == 2)
        #expect(try validate(request(Models.liteT2V) { $0.duration = 12 }).duration == 12)
        #expect(try validate(request(Models.liteT2V) { $0.duration = 10 }, .unified).duration == 10)
        let wide = try validate(request(Models.liteT2V) { $0.resolution = "1080p"; $0.ratio = "21:9" })
        #expect((wide.width, wide.height) == (2176, 928))
    }

    @Test func framesSetTheLengthInSeconds() throws {
        let spec = try validate(request(Models.liteT2V) { $0.frames = 121 })
        #expect(spec.frames == 121)
        #expect(spec.duration == 5)
        #expect(try validate(request(Models.liteT2V) { $0.frames = 29 }).duration == 1)
        #expect(try validate(request(Models.liteT2V) { $0.frames = 289 }).duration == 12)
        #expect(try validate(request(Models.liteT2V) { $0.duration = 6 }).frames == nil)
    }

    @Test func seedDOffersNineByTwentyOne() throws {
        let spec = try validate(request(Models.liteT2V) { $0.ratio = "9:21" }, .unified)
        #expect(spec.ratio == "9:21")
        #expect((spec.width, spec.height) == (416, 960))
    }
}

@Suite struct LiteI2VValidationTests {
    static let rejections: [Rejection] = [
        Rejection("no image on an image-to-video model", request(Models.liteI2V), param: "media",
                  kind: .missingParameter, mentions: "image"),
        Rejection("no image, named by the dialect", request(Models.liteI2V) { $0.paramNames["media"] = "image_urls" },
                  param: "image_urls", kind: .missingParameter, mentions: "image"),
        Rejection("five reference images", request(Models.liteI2V, media: references(5)),
                  param: "content[5].image_url.url", mentions: "at most 4"),
        Rejection("reference images at 1080p", request(Models.liteI2V, media: references(2)) { $0.resolution = "1080p" },
                  param: "resolution", mentions: "480p or 720p"),
        Rejection("first frame with a reference image",
                  request(Models.liteI2V, media: [image(.firstFrame, at: 1), image(.referenceImage, at: 2)]),
                  param: "content[2].image_url.url", mentions: "First/last-frame"),
        Rejection("last frame alone", request(Models.liteI2V, media: [image(.lastFrame, at: 1)]),
                  param: "content[1].image_url.url", mentions: "needs a first frame"),
        Rejection("two first frames", request(Models.liteI2V, media: [image(.firstFrame, at: 1), image(.firstFrame, at: 2)]),
                  param: "content[2].image_url.url", mentions: "at most 1"),
        Rejection("two last frames",
                  request(Models.liteI2V, media: [image(.firstFrame, at: 1), image(.lastFrame, at: 2), image(.lastFrame, at: 3)]),
                  param: "content[3].image_url.url", mentions: "at most 1"),
        Rejection("reference video on 1.0", request(Models.liteI2V, media: [image(.referenceImage, at: 1), video(at: 2)]),
                  param: "content[2].video_url.url", mentions: "does not take reference videos"),
        Rejection("asset on 1.0", request(Models.liteI2V, media: [image(.firstFrame, at: 1, url: "asset://asset_a")]),
                  param: "content[1].image_url.url", mentions: "asset://"),
        Rejection("keep_ratio without an image", request(Models.liteI2V, media: []) { $0.ratio = "keep_ratio"; $0.paramNames["media"] = "images" },
                  dialect: .unified, param: "images", kind: .missingParameter, mentions: "image"),
    ]

    @Test(arguments: rejections) func rejects(_ row: Rejection) { row.check() }

    @Test func acceptsFramesAndUpToFourReferences() throws {
        let frames = try validate(request(Models.liteI2V, media: [image(.firstFrame, at: 1), image(.lastFrame, at: 2)]))
        #expect(frames.media.map(\.role) == [.firstFrame, .lastFrame])
        let four = try validate(request(Models.liteI2V, media: references(4)) { $0.resolution = "480p" })
        #expect(four.media.count == 4)
        #expect(four.resolution == "480p")
        // Without reference images 1080p is fine.
        #expect(try validate(request(Models.liteI2V, media: [image(.firstFrame, at: 1)]) { $0.resolution = "1080p" }).resolution == "1080p")
    }

    @Test func imageRatiosAreLeftToTheRenderer() throws {
        let adaptive = try validate(request(Models.liteI2V, media: [image(.firstFrame, at: 1)]))
        #expect(adaptive.ratio == "adaptive")
        #expect(adaptive.width == nil && adaptive.height == nil)
        let keep = try validate(request(Models.liteI2V, media: [image(.firstFrame, at: 1)]) { $0.ratio = "keep_ratio" }, .unified)
        #expect(keep.ratio == "keep_ratio")
        #expect(keep.width == nil && keep.height == nil)
    }
}

@Suite struct Pro10ValidationTests {
    static let rejections: [Rejection] = [
        Rejection("reference image on 1.0 pro", request(Models.pro10, media: [image(.referenceImage, at: 1)]),
                  param: "content[1].image_url.url", mentions: "does not take reference images"),
        Rejection("audio on 1.0 pro", request(Models.pro10) { $0.generateAudio = true }, param: "generate_audio", mentions: Models.pro15),
        Rejection("keep_ratio outside seed D", request(Models.pro10, media: [image(.firstFrame, at: 1)]) { $0.ratio = "keep_ratio" },
                  param: "ratio", mentions: "keep_ratio"),
        Rejection("keep_ratio with no image", request(Models.pro10) { $0.ratio = "keep_ratio" }, dialect: .unified,
                  param: "ratio", mentions: "no image"),
        Rejection("duration 12 in seed D", request(Models.pro10) { $0.duration = 12 }, dialect: .unified, param: "duration", mentions: "5, 10"),
    ]

    @Test(arguments: rejections) func rejects(_ row: Rejection) { row.check() }

    @Test func acceptsTextAndFirstLastFrame() throws {
        let text = try validate(request(Models.pro10))
        #expect((text.resolution, text.width, text.height) == ("1080p", 1920, 1088))
        let frames = try validate(request(Models.pro10, media: [image(.firstFrame, at: 1), image(.lastFrame, at: 2)]) { $0.ratio = "1:1" })
        #expect((frames.width, frames.height) == (1440, 1440))
        #expect(frames.generateAudio == false)
    }
}

@Suite struct Pro15ValidationTests {
    static let rejections: [Rejection] = [
        Rejection("1080p at toapis", request(Models.pro15) { $0.resolution = "1080p"; $0.paramNames["resolution"] = "metadata.resolution" },
                  dialect: .toapis, param: "metadata.resolution", mentions: "480p or 720p"),
        Rejection("five reference images", request(Models.pro15, media: references(5, from: 0)),
                  param: "content[4].image_url.url", mentions: "at most 4"),
        Rejection("reference video on 1.5", request(Models.pro15, media: [image(.referenceImage, at: 1), video(at: 2)]),
                  param: "content[2].video_url.url", mentions: "does not take reference videos"),
        Rejection("frames on 1.5", request(Models.pro15) { $0.frames = 121 }, param: "frames", mentions: "duration"),
        Rejection("duration 13", request(Models.pro15) { $0.duration = 13 }, param: "duration", mentions: "4..12"),
        Rejection("duration 3", request(Models.pro15) { $0.duration = 3 }, param: "duration", mentions: "-1"),
        Rejection("draft at 720p", request(Models.pro15) { $0.draft = true; $0.resolution = "720p" }, param: "resolution", mentions: "480p"),
        Rejection("a draft of a draft", request(Models.pro15) { $0.draft = true; $0.draftTaskID = "cgt-1" }, param: "draft", mentions: "draft_task"),
        Rejection("draft task with an image", request(Models.pro15, "", media: [image(.firstFrame, at: 1)]) { $0.draftTaskID = "cgt-1" },
                  param: "content[1].image_url.url", mentions: "draft_task"),
        Rejection("web search on 1.5", request(Models.pro15) { $0.tools = ["web_search"] }, param: "tools", mentions: Models.pro15),
        Rejection("asset on 1.5", request(Models.pro15, media: [image(.referenceImage, at: 1, url: "asset://a")]),
                  param: "content[1].image_url.url", mentions: Models.v20),
        Rejection("reference audio on 1.5", request(Models.pro15, media: [image(.referenceImage, at: 1), audio(at: 2)]),
                  param: "content[2].audio_url.url", mentions: "does not take reference audio clips"),
    ]

    @Test(arguments: rejections) func rejects(_ row: Rejection) { row.check() }

    /// Seed 002: "3+ images = first frame + last frame + reference images".
    @Test func takesFramesTogetherWithReferenceImages() throws {
        let media = [image(.firstFrame, at: 0), image(.lastFrame, at: 1)] + references(4, from: 2)
        #expect(try validate(request(Models.pro15, media: media), .toapis).media == media)
        let tooMany = rejection(request(Models.pro15, media: media + [image(.referenceImage, at: 6)]), .toapis)
        #expect(tooMany?.param == "content[6].image_url.url")
    }

    @Test func acceptsAudioAutoDurationAndFourReferences() throws {
        let spec = try validate(request(Models.pro15, media: references(4)) { $0.generateAudio = true; $0.duration = -1 })
        #expect(spec.generateAudio)
        #expect(spec.duration == -1)
        #expect(spec.ratio == "adaptive")
    }

    @Test func offers1080pOutsideToapis() throws {
        for dialect in [DialectID.ark, .anyfast, .apimart, .unified] {
            let spec = try validate(request(Models.pro15) { $0.resolution = "1080p"; $0.ratio = "16:9" }, dialect)
            #expect((spec.width, spec.height) == (1920, 1080), "\(dialect)")
        }
    }

    @Test func draftsRenderAt480p() throws {
        let draft = try validate(request(Models.pro15) { $0.draft = true; $0.ratio = "16:9" })
        #expect(draft.draft)
        #expect((draft.resolution, draft.width, draft.height) == ("480p", 864, 496))
        #expect(try validate(request(Models.pro15) { $0.draft = true; $0.resolution = "480p" }).resolution == "480p")
    }

    @Test func draftTaskNeedsNoPrompt() throws {
        let spec = try validate(request(Models.pro15, "") { $0.draftTaskID = "cgt-20260101000000-abc" })
        #expect(spec.draftTaskID == "cgt-20260101000000-abc")
        #expect(spec.draft == false)
    }
}

@Suite struct Seedance20ValidationTests {
    static let rejections: [Rejection] = [
        Rejection("ten reference images", request(Models.v20, media: references(10)),
                  param: "content[10].image_url.url", mentions: "at most 9"),
        Rejection("four reference videos", request(Models.v20, media: (1...4).map { video(at: $0) }),
                  param: "content[4].video_url.url", mentions: "at most 3"),
        Rejection("four reference audio clips", request(Models.v20, media: [video(at: 1)] + (2...5).map { audio(at: $0) }),
                  param: "content[5].audio_url.url", mentions: "at most 3"),
        Rejection("audio alone", request(Models.v20, media: [audio(at: 1)]), param: "content[1].audio_url.url", mentions: "image or video"),
        Rejection("audio beside a first frame", request(Models.v20, media: [image(.firstFrame, at: 1), audio(at: 2)]),
                  param: "content[2].audio_url.url", mentions: "First/last-frame"),
        Rejection("video beside a first frame", request(Models.v20, media: [image(.firstFrame, at: 1), video(at: 2)]),
                  param: "content[2].video_url.url", mentions: "First/last-frame"),
        Rejection("reference image beside a first frame", request(Models.v20, media: [image(.firstFrame, at: 1), image(.referenceImage, at: 2)]),
                  param: "content[2].image_url.url", mentions: "reference images"),
        Rejection("web search with an image", request(Models.v20, media: [image(.firstFrame, at: 1)]) { $0.tools = ["web_search"] },
                  param: "tools", mentions: "text-to-video only"),
        Rejection("web search with a video at apimart", request(Models.fast20, media: [video(at: 1)]) { $0.tools = ["web_search"] },
                  dialect: .apimart, param: "tools", mentions: "text-to-video only"),
        Rejection("duration 16", request(Models.v20) { $0.duration = 16 }, param: "duration", mentions: "4..15"),
        Rejection("duration 3 at apimart", request(Models.v20) { $0.duration = 3; $0.paramNames["duration"] = "duration" },
                  dialect: .apimart, param: "duration", mentions: "4..15"),
        Rejection("keep_ratio", request(Models.v20, media: [image(.firstFrame, at: 1)]) { $0.ratio = "keep_ratio"; $0.paramNames["ratio"] = "size" },
                  dialect: .apimart, param: "size", mentions: "keep_ratio"),
        Rejection("9:21", request(Models.v20) { $0.ratio = "9:21" }, param: "ratio", mentions: "9:21"),
        Rejection("frames on 2.0", request(Models.v20) { $0.frames = 121 }, param: "frames", mentions: "duration"),
        Rejection("draft on 2.0", request(Models.v20) { $0.draft = true }, param: "draft", mentions: "draft"),
        Rejection("1080p on 2.0 fast", request(Models.fast20) { $0.resolution = "1080p" }, param: "resolution", mentions: "480p or 720p"),
        Rejection("1080p on 2.0 fast face", request(Models.fastFace20) { $0.resolution = "1080p" }, param: "resolution", mentions: "480p or 720p"),
        Rejection("1080p on seedance-fast", request(Models.seedanceFast) { $0.resolution = "1080p" }, dialect: .anyfast,
                  param: "resolution", mentions: "480p or 720p"),
        Rejection("asset on 2.0 face", request(Models.face20, media: [image(.referenceImage, at: 1, url: "asset://asset_a")]),
                  param: "content[1].image_url.url", mentions: "asset://"),
        Rejection("asset on 2.0 fast face", request(Models.fastFace20, media: [video(at: 1, url: "asset://asset_a")]),
                  param: "content[1].video_url.url", mentions: "asset://"),
    ]

    @Test(arguments: rejections) func rejects(_ row: Rejection) { row.check() }

    @Test(arguments: [Models.v20, Models.fast20, Models.face20, Models.fastFace20, Models.seedanceFast])
    func acceptsFullMultimodalReferences(_ model: String) throws {
        let media = references(9) + (10...12).map { video(at: $0) } + (13...15).map { audio(at: $0) }
        let spec = try validate(request(model, media: media) { $0.generateAudio = true; $0.duration = 15 })
        #expect(spec.media.count == 15)
        #expect(spec.duration == 15)
        #expect(spec.generateAudio)
    }

    @Test func acceptsSeedCCases() throws {
        // Case 5: reference video + reference audio, no image; adaptive without an image is 16:9.
        let videoAudio = try validate(request(Models.v20, media: [video(at: 0), audio(at: 1)]) { $0.ratio = "adaptive"; $0.duration = 11 }, .apimart)
        #expect((videoAudio.ratio, videoAudio.width, videoAudio.height) == ("16:9", 864, 496))
        // Case 13: asset image + asset video on 2.0 and 2.0 fast.
        for model in [Models.v20, Models.fast20] {
            let media = [image(.referenceImage, at: 0, url: "asset://asset_a"), video(at: 1, url: "asset://asset_a")]
            #expect(try validate(request(model, media: media) { $0.resolution = "720p" }, .apimart).media == media)
        }
        // 1080p on 2.0 and 2.0 face.
        for model in [Models.v20, Models.face20] {
            #expect(try validate(request(model) { $0.resolution = "1080p"; $0.ratio = "21:9" }).width == 2206)
        }
    }

    @Test func webSearchOnTextToVideo() throws {
        let spec = try validate(request(Models.seedanceFast) { $0.tools = ["web_search", "web_search"] }, .anyfast)
        #expect(spec.tools == ["web_search"])
    }

    /// Seed 001's own example sends web_search beside a reference image; search only acts on
    /// text-to-video, so the request is taken and the tool left out of the render.
    @Test func webSearchBesideMediaIsAcceptedButNotUsed() throws {
        let spec = try validate(request(Models.seedanceFast, media: [image(.referenceImage, at: 1)]) { $0.tools = ["web_search"] }, .anyfast)
        #expect(spec.tools == [])
        #expect(spec.media.count == 1)
    }

    @Test func automaticDuration() throws {
        #expect(try validate(request(Models.seedanceFast) { $0.duration = -1 }, .anyfast).duration == -1)
        #expect(try validate(request(Models.v20) { $0.duration = -1 }).duration == -1)
    }
}

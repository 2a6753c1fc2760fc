import Foundation
import ReelayCore

enum Fixtures {
    static func spec(duration: Int = 2, audio: Bool = false) -> RenderSpec {
        RenderSpec(model: "doubao-seedance-1-5-pro-251215", requestedModel: "doubao-seedance-1-5-pro-251215", family: .v2,
                   prompt: "a test scene", media: [], resolution: "480p", ratio: "16:9", width: 864, height: 496,
                   duration: duration, frames: nil, seed: 7, generateAudio: audio, watermark: false, cameraFixed: false,
                   returnLastFrame: false, draft: false)
    }

    static func task(owner: String = "alice", createdAt: Date = Date(), id: String = GenerationTask.newID()) -> GenerationTask {
        GenerationTask(id: id, owner: owner, dialect: .anyfast, spec: spec(), createdAt: createdAt)
    }
}

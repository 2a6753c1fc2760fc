import Foundation
import Reelay
import ReelayCore
import Synchronization

/// A provider for engine tests: "renders" in steps, reporting progress, and writes a small
/// file; it can be told to fail, and counts how often each task ran.
final class TestProvider: VideoProvider {
    let name = "test"
    let steps: Int
    let stepDelay: Duration
    let failure: ProviderError?
    private let runs = Mutex<[String: Int]>([:])

    init(steps: Int = 4, stepDelay: Duration = .milliseconds(50), failure: ProviderError? = nil) {
        self.steps = steps
        self.stepDelay = stepDelay
        self.failure = failure
    }

    func runCount(_ id: String) -> Int { runs.withLock { $0[id] ?? 0 } }
    var totalRuns: Int { runs.withLock { $0.values.reduce(0, +) } }

    func generate(_ job: ProviderJob, progress: @escaping @Sendable (Double) async -> Void) async throws -> TaskResult {
        runs.withLock { $0[job.taskID, default: 0] += 1 }
        for step in 1...steps {
            try await Task.sleep(for: stepDelay)
            await progress(Double(step) / Double(steps + 1))
        }
        if let failure { throw failure }
        try Data("video of \(job.taskID)".utf8).write(to: job.outputDirectory.appending(path: "video.mp4"))
        return TaskResult(videoFile: "video.mp4", lastFrameFile: nil, width: job.spec.width ?? 864, height: job.spec.height ?? 496,
                          ratio: job.spec.ratio, duration: job.spec.duration, frames: job.spec.family.frames(seconds: job.spec.duration, fps: 24), fps: 24,
                          hasAudio: job.spec.generateAudio)
    }
}

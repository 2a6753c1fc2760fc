import Foundation
import ReelayCore
import Testing
@testable import Reelay

/// A relay reads another gateway's answers in that gateway's own words. Each dialect Reelay
/// relays to is checked against what Reelay's own codec for it writes, for every task status,
/// so a Reelay chained behind another never meets a status word it does not know.
@Suite("Upstream: relay status words")
struct UpstreamRelayStatusTests {
    static let relayed: [DialectID] = [.anyfast, .toapis, .apimart, .unified, .ark]

    static func view(_ status: TaskStatus) -> TaskView {
        var task = GenerationTask(id: "cgt-20260312231129-abcdefghij", owner: "alice", dialect: .ark, spec: UpstreamTest.spec(),
                                  createdAt: Date(timeIntervalSince1970: 1_773_328_294))
        task.status = status
        switch status {
        case .succeeded:
            task.result = TaskResult(videoFile: "video.mp4", lastFrameFile: "last_frame.png", width: 1280, height: 720, ratio: "16:9",
                                     duration: 5, frames: 121, fps: 24, hasAudio: true, tokens: 108_900)
        case .failed, .cancelled, .expired:
            task.failure = TaskFailure(code: FailureCode("Upstream\(status.rawValue.capitalized)"), message: "The task ended: \(status.rawValue).")
        case .queued, .running:
            break
        }
        if status.isTerminal { task.finishedAt = task.createdAt + 60 }
        return TaskView(task: task, videoURL: status == .succeeded ? "https://reelay.example/files/video.mp4" : nil,
                        lastFrameURL: status == .succeeded ? "https://reelay.example/files/last_frame.png" : nil,
                        linksExpireAt: task.createdAt + 86_400)
    }

    @Test(arguments: relayed, TaskStatus.allCases)
    func everyStatusReelayWritesIsUnderstood(dialect: DialectID, status: TaskStatus) throws {
        let codec = try #require(RelayCodecs.codec(for: dialect))
        let view = Self.view(status)
        let snapshot = try #require(codec.snapshot(dialect.codec.taskResponse(view), id: view.task.id))
        if case .unknown(let word) = snapshot.phase { Issue.record("\(dialect) status word '\(word)' for \(status) is not understood") }
        #expect(snapshot.phase.isTerminal == status.isTerminal)
        switch status {
        case .queued: #expect(snapshot.phase == .queued)
        case .running: #expect(snapshot.phase == .running)
        case .succeeded:
            #expect(snapshot.phase == .succeeded)
            #expect(snapshot.videoURL == "https://reelay.example/files/video.mp4")
            #expect(snapshot.lastFrameURL == "https://reelay.example/files/last_frame.png")
        // Dialects without these words say "failed"; the task still ends, with no video.
        case .failed, .cancelled, .expired:
            #expect(snapshot.phase != .succeeded)
            #expect(snapshot.failure(channel: "relay") != nil)
        }
    }

    @Test(arguments: relayed)
    func theTaskIDIsFoundInEveryCreateAnswer(dialect: DialectID) throws {
        let codec = try #require(RelayCodecs.codec(for: dialect))
        let view = Self.view(.queued)
        #expect(codec.taskID(inCreateAnswer: dialect.codec.createResponse(view)) == view.task.id)
    }
}

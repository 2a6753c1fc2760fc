import Foundation
import Logging
import ReelayCore
import Synchronization
import Testing
@testable import Reelay

/// Soundtracks: reference audio, the synthesized chord, and quoted dialogue spoken by espeak-ng.
@Suite(.timeLimit(.minutes(5))) final class LocalRendererSoundTests {
    let harness = RenderHarness()
    deinit { harness.removeAll() }

    static let spoken = #"A man stops a woman and says: "Remember, you must never point your finger at the moon.""#
    static let unspoken = "A man stops a woman and says: Remember, you must never point your finger at the moon."

    @Test func quotedDialogueIsSpokenOverTheMusic() async throws {
        let recorder = RecordingMediaTool(forwardingTo: harness.tool)
        let speech = try await harness.render(RenderHarness.spec(duration: 3, prompt: Self.spoken, audio: true), tool: recorder)
        let music = try await harness.render(RenderHarness.spec(duration: 3, prompt: Self.unspoken, audio: true), tool: recorder)
        #expect(recorder.arguments(of: .espeak).count == 1)

        // The voice starts at 0.4 s and talks for about three seconds: above 1.5 kHz, where the
        // chord has next to nothing, the soundtrack is far louder with it than without.
        let spoken = try await harness.loudness(of: speech.video, from: 0.5, to: 2.5, highpass: 1500)
        let plain = try await harness.loudness(of: music.video, from: 0.5, to: 2.5, highpass: 1500)
        #expect(spoken > plain + 15, "with speech \(spoken) dB, without \(plain) dB")
        let facts = try await Probe(speech.video)
        #expect(facts.audioCodec == "aac" && abs(facts.audioDuration - 3) < 0.05)
    }

    @Test func curlyQuotesAreSpokenToo() async throws {
        let recorder = RecordingMediaTool(forwardingTo: harness.tool)
        _ = try await harness.render(RenderHarness.spec(duration: 1, prompt: "她说：“你好，世界”", audio: true), tool: recorder)
        let call = try #require(recorder.arguments(of: .espeak).first)
        #expect(call.starts(with: ["-v"]) && call[1].hasPrefix("cmn+"))
    }

    @Test func withoutEspeakTheMusicPlaysAloneAndTheLogSaysSo() async throws {
        let live = harness.tool
        let missing = RecordingMediaTool { program, arguments in
            if program == .espeak { throw MediaToolError.notFound(.espeak) }
            return try await live.output(of: program, arguments, limit: 1 << 24)
        }
        let log = RenderLog()
        let rendered = try await harness.render(RenderHarness.spec(prompt: Self.spoken, audio: true), tool: missing, logger: log.logger)
        #expect(rendered.result.hasAudio)
        #expect(try await Probe(rendered.video).audioCodec == "aac")
        #expect(log.messages.contains { $0.contains("espeak-ng is not installed") })
    }

    @Test func referenceAudioIsTheSoundtrackWithoutGenerateAudio() async throws {
        // seed 001: text + image + audio. The tone is cut to the video's 2 s.
        let picture = try await harness.picture("testsrc2", size: (864, 496))
        let tone = try await harness.sound(frequency: 1000, seconds: 3)
        let spec = RenderHarness.spec(media: [RenderHarness.image(picture), RenderHarness.audio(tone)], audio: false)
        let rendered = try await harness.render(spec)
        #expect(rendered.result.hasAudio)
        let facts = try await Probe(rendered.video)
        #expect(facts.audioCodec == "aac" && abs(facts.audioDuration - 2) < 0.05)
        // The tone's own level in both ears: ffmpeg's sine is at 1/8 of full scale, -21 dBFS RMS.
        let level = try await harness.loudness(of: rendered.video, from: 0.2, to: 1.8)
        #expect(abs(level - -21) < 1, "\(level) dB")
    }

    @Test func audioClipsPlayOneAfterAnother() async throws {
        let clip = try await harness.clip(size: (864, 480), seconds: 1)
        let first = try await harness.sound(frequency: 300, seconds: 1)
        let second = try await harness.sound(frequency: 600, seconds: 0.5)
        let media = [RenderHarness.video(clip), RenderHarness.audio(first, 0), RenderHarness.audio(second, 1)]
        let rendered = try await harness.render(RenderHarness.spec(media: media))
        // 1.5 s of tones, then silence to the end of the 2 s video.
        let silences = try await harness.silences(of: rendered.video)
        #expect(silences.count == 1 && abs((silences.first?.start ?? 0) - 1.5) < 0.1, "\(silences)")
    }
}

/// Keeps what a logger was told, for tests that check the log.
final class RenderLog: Sendable {
    private let lines = Mutex<[String]>([])

    var messages: [String] { lines.withLock { $0 } }

    var logger: Logger {
        Logger(label: "test") { _ in Handler(capture: self) }
    }

    private struct Handler: LogHandler {
        let capture: RenderLog
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            capture.lines.withLock { $0.append("\(event.level): \(event.message)") }
        }
    }
}

import Foundation
import ReelayCore
import Testing
@testable import Reelay

/// The renderer's speed, run on demand by bench/render.sh (`REELAY_BENCH=1`). Every input mode is
/// rendered for 5 s at 480p, 720p and 1080p, each render right after ffmpeg encodes as many
/// frames of `testsrc2` at the same size with the same encoder settings; a render's time divided
/// by its reference encode's is its ratio, and the median of `REELAY_BENCH_RUNS` (3) ratios is
/// reported, as a Markdown table with the median over the modes per resolution.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["REELAY_BENCH"] != nil), .serialized)
final class LocalRendererBenchTests {
    let harness = RenderHarness()
    deinit { harness.removeAll() }

    static let sizes = [("480p", (864, 496)), ("720p", (1280, 720)), ("1080p", (1920, 1080))]
    static let seconds = 5

    @Test func everyModeAgainstTestsrc2() async throws {
        let environment = ProcessInfo.processInfo.environment
        let runs = max(1, Int(environment["REELAY_BENCH_RUNS"] ?? "") ?? 3)
        let keep = environment["REELAY_BENCH_KEEP"].map { URL(filePath: $0) }
        let modes = environment["REELAY_BENCH_MODES"].map { $0.split(separator: ",").compactMap { RenderHarness.Mode(rawValue: String($0)) } }
            ?? RenderHarness.Mode.allCases
        // Inputs as a user would send them: 720p pictures and clips (the largest reference videos allowed).
        var media: [RenderHarness.Mode: [MediaInput]] = [:]
        for mode in modes { media[mode] = try await harness.media(for: mode, size: (1280, 720), seconds: Double(Self.seconds)) }

        var ratios: [String: [String: Double]] = [:]
        for (resolution, size) in Self.sizes {
            for mode in modes {
                let spec = RenderHarness.spec(mode, media: media[mode]!, resolution: resolution, size: size, duration: Self.seconds)
                var samples: [Double] = [], times: [String] = []
                for _ in 0..<runs {
                    let reference = try await referenceEncode(size: size, frames: Self.seconds * 24)
                    let clock = ContinuousClock(), start = clock.now
                    let rendered = try await harness.render(spec)
                    let render = start.duration(to: clock.now)
                    samples.append(render / reference)
                    times.append("\(Self.format(render.seconds))/\(Self.format(reference.seconds))")
                    if let keep { try? FileManager.default.copyItem(at: rendered.video, to: keep.appending(path: "\(mode.rawValue)-\(resolution).mp4")) }
                    try? FileManager.default.removeItem(at: rendered.folder)
                }
                ratios[mode.rawValue, default: [:]][resolution] = Self.median(samples)
                print("bench: \(mode.rawValue) \(resolution): ratio \(Self.format(Self.median(samples))) (render/testsrc2 s: \(times.joined(separator: ", ")))")
            }
        }

        var table = ["| mode | " + Self.sizes.map(\.0).joined(separator: " | ") + " |", "|---|" + Self.sizes.map { _ in "---:|" }.joined()]
        for mode in modes {
            table.append("| \(mode.rawValue) | " + Self.sizes.map { Self.format(ratios[mode.rawValue]?[$0.0] ?? .nan) }.joined(separator: " | ") + " |")
        }
        table.append("| **median** | " + Self.sizes.map { resolution in
            Self.format(Self.median(modes.compactMap { ratios[$0.rawValue]?[resolution.0] }))
        }.joined(separator: " | ") + " |")
        for line in table { print("bench-table: \(line)") }
    }

    /// Encodes `frames` frames of `testsrc2` with the renderer's own encoder settings; its time.
    private func referenceEncode(size: (Int, Int), frames: Int) async throws -> Duration {
        let out = try harness.folder().appending(path: "testsrc2.mp4")
        let arguments = ["-hide_banner", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=\(size.0)x\(size.1):rate=24",
                         "-frames:v", "\(frames)"] + SceneBuilder.videoEncoderArguments(draft: false)
            + ["-r", "24", "-fflags", "+bitexact", "-map_metadata", "-1", "-movflags", "+faststart", "-f", "mp4", out.path]
        let clock = ContinuousClock(), start = clock.now
        try await harness.tool.run(.ffmpeg, arguments)
        defer { try? FileManager.default.removeItem(at: out.deletingLastPathComponent()) }
        return start.duration(to: clock.now)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count.isMultiple(of: 2) ? (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2 : sorted[sorted.count / 2]
    }

    static func format(_ value: Double) -> String { String(format: "%.2f", value) }
}

private extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

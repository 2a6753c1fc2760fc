import Foundation
import ReelayCore

/// A progress figure for upstreams that report only a status word (Ark): a small step while
/// queued, then a curve that approaches 90 % over the time a render of this size usually takes.
/// Upstreams that report a percentage (relays) are followed instead. Never goes backwards.
struct ProgressEstimate: Sendable {
    /// Seconds a render of this spec usually takes upstream (rough; only shapes the curve).
    let expected: Double
    private var runningSince: ContinuousClock.Instant?
    private var last = 0.0

    init(spec: RenderSpec) {
        let perSecond: Double = switch spec.resolution {
        case "480p": 6
        case "1080p": 24
        default: 12
        }
        expected = max(20, Double(spec.duration > 0 ? spec.duration : 5) * perSecond)
    }

    /// The fraction to report for a snapshot, in 0.01...0.9 (the rest is the download).
    mutating func fraction(for snapshot: UpstreamSnapshot, now: ContinuousClock.Instant = .now) -> Double {
        var value: Double
        switch snapshot.phase {
        case .queued:
            value = 0.02
        case .running, .unknown, .succeeded, .failed, .cancelled, .expired:
            let since = runningSince ?? now
            runningSince = since
            if let reported = snapshot.progress {
                value = 0.05 + 0.85 * min(1, max(0, reported))
            } else {
                let elapsed = Double(since.duration(to: now).components.seconds)
                value = 0.05 + 0.85 * (1 - exp(-elapsed / expected))
            }
        }
        last = max(last, min(0.9, value))
        return last
    }
}

import Foundation

/// The limits every media child process (ffmpeg, ffprobe, espeak-ng) runs under, so that one
/// hostile or unlucky input cannot hold a core, the memory or a worker forever. CPU time and
/// address space are kernel limits set in the child (`prlimit`); wall time is kept by the parent,
/// which kills the child when it runs out.
public struct ChildLimits: Sendable, Equatable {
    /// Real time from start to exit.
    public var wallTime: Duration
    /// CPU seconds over all the child's threads (`RLIMIT_CPU`): the kernel stops it with SIGXCPU.
    public var cpuSeconds: Int
    /// Virtual memory (`RLIMIT_AS`): allocations past it fail, and the program exits.
    public var addressSpace: Int

    public init(wallTime: Duration, cpuSeconds: Int, addressSpace: Int) {
        self.wallTime = wallTime
        self.cpuSeconds = cpuSeconds
        self.addressSpace = addressSpace
    }

    public static let gibibyte = 1 << 30

    /// Renders: a 15 s 1080p video with reference clips takes a few CPU minutes at most on a slow
    /// machine; the wall time leaves room for a machine busy with other renders.
    public static let render = ChildLimits(wallTime: .seconds(1800), cpuSeconds: 1200, addressSpace: 4 * gibibyte)

    /// Probes and previews made while a client waits: a probe decodes half a second, a preview one frame.
    public static let check = ChildLimits(wallTime: .seconds(120), cpuSeconds: 60, addressSpace: 2 * gibibyte)

    /// The `prlimit` arguments that set the kernel limits before running `executable`.
    func prlimitArguments(running executable: String) -> [String] {
        ["--cpu=\(cpuSeconds)", "--as=\(addressSpace)", "--", executable]
    }
}

import Foundation

/// Shows a task being waited for, on stderr. On a terminal: one line redrawn in place with the
/// status, a bar, the percentage and the elapsed time. Otherwise (logs, CI) a plain line each
/// time the status or percentage changes, so the output stays readable.
struct ProgressDisplay {
    static let barWidth = 30

    let interactive: Bool
    private let start = ContinuousClock.now
    private var lastLine = ""

    init(interactive: Bool) {
        self.interactive = interactive
    }

    mutating func show(_ task: ClientTask) {
        if interactive {
            let filled = task.progress * Self.barWidth / 100
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: Self.barWidth - filled)
            let status = task.status.padding(toLength: 9, withPad: " ", startingAt: 0)
            // \r and "erase line" redraw the same line on every poll.
            ClientConsole.errorInPlace("\r\u{1B}[2K\(status) \(bar) \(pad(task.progress))%  \(elapsed)")
        } else {
            let line = "\(task.status) \(task.progress)%"
            guard line != lastLine else { return }
            lastLine = line
            ClientConsole.error("\(line) (\(elapsed))")
        }
    }

    /// Leaves the final state on its own line.
    mutating func finish(_ task: ClientTask) {
        show(task)
        if interactive { ClientConsole.errorInPlace("\n") }
    }

    /// Minutes and seconds since the wait began, as `1:05`.
    private var elapsed: String {
        let seconds = Int((ContinuousClock.now - start).components.seconds)
        let remainder = seconds % 60
        return "\(seconds / 60):\(remainder < 10 ? "0" : "")\(remainder)"
    }

    private func pad(_ percent: Int) -> String {
        String(repeating: " ", count: max(0, 3 - String(percent).count)) + String(percent)
    }
}

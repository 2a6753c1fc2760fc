import Foundation
import Logging
import ReelayCore
import ServiceLifecycle

/// Settles what the events missed: a reservation still open for a task that has ended (the
/// instance died between the task's terminal transition and its settlement) or that no longer
/// exists (deleted, or never stored after a crash mid-create). Runs on every instance; the
/// store's compare-and-set keeps two sweeps, or a sweep and an event, from counting twice.
struct SpendSweeper: Service {
    let spending: Spending
    let tasks: any TaskStore
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await sweep(now: Date())
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// One pass over reservations older than a minute (a create still storing its task holds
    /// one for a moment, and must not lose it).
    func sweep(now: Date) async {
        do {
            for taskID in try await spending.store.open(createdBefore: now.addingTimeInterval(-60), limit: 500) {
                if let task = try await tasks.task(id: taskID) {
                    await spending.taskChanged(task)
                } else {
                    _ = try await spending.store.release(taskID: taskID, now: now)
                }
            }
        } catch {
            logger.warning("The spend sweep could not finish: \(error)")
        }
    }
}

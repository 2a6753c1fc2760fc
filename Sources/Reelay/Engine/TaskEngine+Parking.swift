import Foundation
import Logging
import ReelayCore

extension TaskEngine {
    /// Parks a task its upstream accepted: the worker is free at once, and the store's poller
    /// follows the task from here. A task whose owner cancelled it meanwhile is parked as well,
    /// so the poller cancels its upstream task while still queued there.
    func park(_ task: GenerationTask, _ wait: UpstreamWait, worker: String, progress: Int, logger: Logger) async {
        guard let parking else { return }
        do {
            if try await parking.park(id: task.id, worker: worker, wait: wait, progress: progress, now: Date()) {
                logger.info("Task waits upstream without a worker", metadata: ["upstream_task": "\(wait.upstreamID)"])
            } else {
                logger.info("Task was no longer held when it was parked", metadata: ["upstream_task": "\(wait.upstreamID)"])
            }
        } catch {
            // The lease runs out, the task runs again and resumes from the ledger's note.
            logger.error("Could not park the task: \(error)")
        }
    }
}

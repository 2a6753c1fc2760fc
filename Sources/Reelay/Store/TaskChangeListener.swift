import Logging
import PostgresNIO
import ServiceLifecycle

/// Keeps a `CachingTaskStore` in front of PostgreSQL correct while other instances write the
/// same rows: a trigger announces every changed task id (`NOTIFY`), and this service, listening on
/// one of the pool's connections, evicts that id here. The cache fills only while the listener
/// is known to hear everything; when its connection drops, the cache is emptied and bypassed
/// until listening starts again, because announcements made meanwhile are lost.
///
/// An announcement arrives a few milliseconds after the other instance's commit, so a poll here
/// in that window may still see the row as it was just before: the same answer it would have
/// got a moment earlier. Writes made through this instance evict at once, as in SQLite mode.
public struct TaskChangeListener: Service {
    /// The notification channel the `tasks_changed` trigger announces on.
    static let channel = "reelay_task_changed"

    let database: PostgresDatabase
    let cache: CachingTaskStore
    let logger: Logger

    public init(database: PostgresDatabase, cache: CachingTaskStore, logger: Logger) {
        self.database = database
        self.cache = cache
        self.logger = logger
    }

    public func run() async throws {
        var pause = Duration.milliseconds(100)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { [database, cache] in
                    try await database.client.withConnection { connection in
                        try await connection.listen(on: Self.channel) { changes in
                            // Only now is every later change certain to be heard.
                            cache.startFilling()
                            for try await change in changes {
                                cache.changedElsewhere(id: change.payload)
                            }
                        }
                    }
                }
                pause = .milliseconds(100)
            } catch {
                cache.stopFilling()
                if Task.isCancelled || Task.isShuttingDownGracefully { break }
                logger.warning("Listening for task changes failed; polls read the database until it works again",
                               metadata: ["error": "\(error)"])
            }
            cache.stopFilling()
            try? await cancelWhenGracefulShutdown { [pause] in try await Task.sleep(for: pause) }
            pause = min(pause * 2, .seconds(5))
        }
        cache.stopFilling()
    }
}

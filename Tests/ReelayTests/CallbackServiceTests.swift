import AsyncHTTPClient
import Foundation
import Logging
import ReelayCore
import ServiceLifecycle
import Testing
@testable import Reelay

/// Callback delivery as a service: a shutdown waits for the deliveries under way, but not forever.
@Suite(.timeLimit(.minutes(2))) struct CallbackServiceTests {
    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func notifier(_ directory: TemporaryDirectory, retryDelays: [Duration], drainTimeout: Duration) throws -> CallbackNotifier {
        let presenter = TaskPresenter(links: LinkSigner(secret: Data("secret".utf8), publicURL: "http://127.0.0.1:1", lifetime: 60),
                                      blobs: try FileBlobStore(root: directory.url.appending(path: "files"), inputs: directory.url.appending(path: "inputs")))
        return CallbackNotifier(httpClient: .shared, policy: AddressPolicy(allowPrivateAddresses: true), presenter: presenter,
                                secret: nil, retryDelays: retryDelays, drainTimeout: drainTimeout, logger: quiet)
    }

    /// Runs `notifier` in a service group, queues `task`'s callback, shuts the group down and
    /// returns once the group has stopped.
    static func shutDown(_ notifier: CallbackNotifier, after task: GenerationTask) async throws {
        let group = ServiceGroup(configuration: .init(services: [notifier], logger: quiet))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            await notifier.taskChanged(task)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func aShutdownWaitsForACallbackInItsRetry() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // The first attempt is refused, so at shutdown the delivery waits in its backoff.
        let receiver = try await CallbackReceiver(refuseFirst: 1)
        defer { Task { await receiver.stop() } }
        let notifier = try Self.notifier(directory, retryDelays: [.milliseconds(300)], drainTimeout: .seconds(60))
        var task = Fixtures.task()
        task.callbackURL = receiver.url
        try await Self.shutDown(notifier, after: task)
        #expect(receiver.deliveries.count == 1)
    }

    @Test func aShutdownGivesUpOnAReceiverThatKeepsFailing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let receiver = try await CallbackReceiver(refuseFirst: 1_000)
        defer { Task { await receiver.stop() } }
        // Retries would take an hour; the drain gives them a moment, then the shutdown goes on.
        let notifier = try Self.notifier(directory, retryDelays: [.seconds(1800), .seconds(1800)], drainTimeout: .milliseconds(200))
        var task = Fixtures.task()
        task.callbackURL = receiver.url
        // Two status changes: the second delivery waits for the first, and both are given up.
        await notifier.taskChanged(task)
        try await Self.shutDown(notifier, after: task)
        #expect(receiver.deliveries.isEmpty)
    }
}

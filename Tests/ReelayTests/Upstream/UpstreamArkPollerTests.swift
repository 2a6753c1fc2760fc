import Foundation
import ReelayCore
import Testing
@testable import Reelay

/// Polling many tasks costs a bounded number of list requests per round, not one per task, and
/// many jobs at once each end with their own result.
@Suite("Upstream: Ark poller")
struct UpstreamArkPollerTests {
    @Test func aThousandTasksArePolledInPagesNotOneByOne() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let count = 1000
        let pageSize = 100
        let pagesPerRound = (count + pageSize - 1) / pageSize
        try await FakeArk.with(queuedFor: .milliseconds(300), runningFor: .milliseconds(500)) { fake in
            try await UpstreamTest.withClient { client in
                var settings = UpstreamTest.settings(fake.arkBase)
                settings.polling.pageSize = pageSize
                settings.polling.initialInterval = .milliseconds(100)
                settings.polling.maxInterval = .milliseconds(200)
                let provider = ArkProvider(settings: settings, httpClient: client, ledger: MemoryUpstreamLedger(),
                                           logger: UpstreamTest.quiet)
                // A thousand tasks in flight upstream, each followed as a job follows its own.
                let ids = (0..<count).map { _ in fake.add().id }
                let finals = try await withThrowingTaskGroup(of: UpstreamSnapshot?.self) { group in
                    for id in ids {
                        group.addTask {
                            var last: UpstreamSnapshot?
                            for try await snapshot in await provider.poller.track(id) { last = snapshot }
                            return last
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }

                #expect(finals.count == count)
                #expect(finals.allSatisfy { $0?.phase == .succeeded && $0?.videoURL != nil })
                #expect(Set(finals.compactMap { $0?.id }) == Set(ids))
                let stats = fake.stats
                let polling = await provider.poller.statistics
                #expect(stats.getRequests == 0)
                #expect(stats.maxIDsInAList <= pageSize)
                #expect(polling.listRequests == stats.listRequests)
                #expect(polling.maxListRequestsInARound <= pagesPerRound)
                #expect(stats.listRequests <= polling.rounds * pagesPerRound)
                #expect(polling.maxTasksInARound > pageSize)
                // Tens of requests for the whole run, where one GET per task per round would be thousands.
                #expect(stats.listRequests < 150)
                #expect(await provider.poller.watching == 0)
            }
        }
    }

    @Test func manyJobsAtOnceEachEndWithTheirOwnResult() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let count = 100
        try await FakeArk.with(queuedFor: .milliseconds(200), runningFor: .milliseconds(200)) { fake in
            try await UpstreamTest.withClient { client in
                var settings = UpstreamTest.settings(fake.arkBase)
                settings.requestTimeout = .seconds(60)
                settings.polling.pageSize = 50
                let provider = ArkProvider(settings: settings, httpClient: client,
                                           ledger: MemoryUpstreamLedger(), logger: UpstreamTest.quiet)
                let jobs = try (0..<count).map { _ in try UpstreamTest.job(UpstreamTest.spec(), in: directory.url) }
                let results = try await withThrowingTaskGroup(of: (ProviderJob, TaskResult).self) { group in
                    for job in jobs { group.addTask { (job, try await provider.generate(job) { _ in }) } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(results.count == count)
                let videos = try Set(results.map { try Data(contentsOf: $0.0.outputDirectory.appending(path: $0.1.videoFile)) })
                #expect(videos.count == count)
                #expect(fake.stats.tasksCreated == count && fake.stats.createRequests == count)
                #expect(fake.stats.getRequests == 0)
            }
        }
    }
}

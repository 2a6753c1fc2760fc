import Foundation
import Prometheus
import ReelayCore

/// The server's Prometheus metrics, served at `/metrics`: requests by route and status, request
/// latency, queue depth, task durations by model and provider, and provider errors. One registry
/// per application (no global state), so tests and several apps in one process stay apart.
public final class ReelayMetrics: TaskEvents {
    let registry = PrometheusCollectorRegistry()
    let provider: String
    static let latencyBuckets: [Duration] = [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                                             .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
                                             .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10)]
    static let taskBuckets: [Duration] = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800].map { .seconds($0) }

    public init(provider: String) {
        self.provider = provider
    }

    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        registry.makeCounter(descriptor: .init(namespace: "reelay", metricName: "http_requests", unitName: "total",
                                               helpText: "HTTP requests by route, method and status."),
                             labels: [("route", route), ("method", method), ("status", String(status))]).increment()
        registry.makeDurationHistogram(descriptor: .init(namespace: "reelay", metricName: "http_request_duration", unitName: "seconds",
                                                         helpText: "HTTP request latency by route."),
                                       labels: [("route", route)], buckets: Self.latencyBuckets).record(duration)
    }

    public func taskChanged(_ task: GenerationTask) async {
        registry.makeCounter(descriptor: .init(namespace: "reelay", metricName: "task_transitions", unitName: "total",
                                               helpText: "Task status changes by model and new status."),
                             labels: [("model", task.spec.model), ("status", task.status.rawValue)]).increment()
        guard task.status.isTerminal else { return }
        if let started = task.startedAt, let finished = task.finishedAt {
            registry.makeDurationHistogram(descriptor: .init(namespace: "reelay", metricName: "task_duration", unitName: "seconds",
                                                             helpText: "Time from start to end of a task's run, by model, provider and outcome."),
                                           labels: [("model", task.spec.model), ("provider", provider), ("status", task.status.rawValue)],
                                           buckets: Self.taskBuckets)
                .record(.milliseconds(Int64(finished.timeIntervalSince(started) * 1000)))
        }
        if task.status == .failed, let failure = task.failure {
            registry.makeCounter(descriptor: .init(namespace: "reelay", metricName: "provider_errors", unitName: "total",
                                                   helpText: "Failed tasks by provider and error code."),
                                 labels: [("provider", provider), ("code", failure.code.rawValue)]).increment()
        }
    }

    /// The exposition text, with the queue depth read from the store and the upstream poller's
    /// figures read at scrape time.
    func render(counts: [TaskStatus: Int], poller: UpstreamPoller.Statistics? = nil) -> [UInt8] {
        for status in TaskStatus.allCases where !status.isTerminal {
            registry.makeGauge(descriptor: .init(namespace: "reelay", metricName: "tasks", unitName: nil,
                                                 helpText: "Tasks waiting (queued) and running."),
                               labels: [("status", status.rawValue)]).set(Double(counts[status] ?? 0))
        }
        if let poller { record(poller) }
        return registry.emitToBuffer()
    }

    /// The poller's running totals since start (gauges set from its own counters, so a scrape
    /// shows exactly what it counted): what parked upstream tasks cost per round.
    private func record(_ poller: UpstreamPoller.Statistics) {
        let figures: [(String, String, Int)] = [
            ("rounds", "Polling rounds of parked upstream tasks.", poller.rounds),
            ("busy_rounds", "Polling rounds that found due parked tasks.", poller.busyRounds),
            ("requests", "Requests to upstreams made by polling rounds (list pages, single looks, cancels).", poller.requests),
            ("max_requests_in_a_round", "The most upstream requests one polling round made.", poller.maxRequestsInARound),
            ("tasks_looked", "Parked tasks looked at by polling rounds.", poller.tasksLooked),
            ("store_writes", "Task store statements that changed rows in polling rounds (claims, re-parks, hand-offs, ends).", poller.storeWrites),
            ("max_store_writes_in_a_round", "The most store writes one polling round made.", poller.maxStoreWritesInARound),
            ("hand_offs", "Parked tasks handed to a worker once finished upstream.", poller.handOffs),
            ("callbacks", "Upstream status callbacks received.", poller.callbacks),
        ]
        for (name, help, value) in figures {
            registry.makeGauge(descriptor: .init(namespace: "reelay", metricName: "upstream_poller_\(name)", unitName: nil, helpText: help))
                .set(Double(value))
        }
    }
}

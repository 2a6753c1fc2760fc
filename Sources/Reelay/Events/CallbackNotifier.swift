import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import ReelayCore
import ServiceLifecycle
import Synchronization

/// Delivers `callback_url` notifications: on each status change, POSTs the task in the dialect
/// that created it, retried with backoff when the receiver does not answer 2xx within the
/// timeout (Ark: 3 retries, 5 s). Deliveries for one task go out in order. The receiver's
/// address is checked against the media address policy at each attempt. Each task's deliveries
/// form a chain of their own, so a slow receiver delays only its own task's callbacks.
///
/// As a service it runs until shutdown, then gives the deliveries under way `drainTimeout` to
/// finish (after the engine has stopped, so the last status changes are among them).
///
/// When a signing secret is configured, each POST carries
/// `X-Reelay-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
public final class CallbackNotifier: TaskEvents, Service {
    let httpClient: HTTPClient
    let policy: AddressPolicy
    let presenter: TaskPresenter
    let secret: SymmetricKey?
    let retryDelays: [Duration]
    let timeout: Duration
    let drainTimeout: Duration
    let logger: Logger
    /// The last delivery queued per task, with a number that tells whether it is still the last.
    private let chains = Mutex<[String: (number: Int, delivery: Task<Void, Never>)]>([:])
    private let counter = Atomic<Int>(0)

    public init(httpClient: HTTPClient, policy: AddressPolicy, presenter: TaskPresenter, secret: String?,
                retryDelays: [Duration] = [.seconds(1), .seconds(5), .seconds(25)], timeout: Duration = .seconds(5),
                drainTimeout: Duration = .seconds(10), logger: Logger) {
        self.httpClient = httpClient
        self.policy = policy
        self.presenter = presenter
        self.secret = secret.flatMap { $0.isEmpty ? nil : SymmetricKey(data: Data($0.utf8)) }
        self.retryDelays = retryDelays
        self.timeout = timeout
        self.drainTimeout = drainTimeout
        self.logger = logger
    }

    public func taskChanged(_ task: GenerationTask) async {
        guard let url = task.callbackURL else { return }
        let body = task.dialect.codec.taskResponse(presenter.view(task)).encoded()
        let number = counter.add(1, ordering: .relaxed).newValue
        chains.withLock { chains in
            let previous = chains[task.id]?.delivery
            chains[task.id] = (number, Task {
                // Cancelling the newest delivery (shutdown) cancels the ones it waits for too.
                await withTaskCancellationHandler { await previous?.value } onCancel: { previous?.cancel() }
                if !Task.isCancelled { await self.deliver(body, to: url, taskID: task.id) }
                self.chains.withLock { if $0[task.id]?.number == number { $0[task.id] = nil } }
            })
        }
    }

    /// Waits for every delivery under way (tests, shutdown).
    public func drain() async {
        for chain in chains.withLock({ $0.values.map(\.delivery) }) { await chain.value }
    }

    /// Waits for the shutdown, then drains for at most `drainTimeout`; what is still under way
    /// then (a receiver that keeps failing, in its backoff) is given up, and the log says so.
    public func run() async throws {
        try? await gracefulShutdown()
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await self.drain(); return true }
            group.addTask {
                try? await Task.sleep(for: self.drainTimeout)
                return false
            }
            if await group.next() == false {
                // Cancelled deliveries end at once, and with them the drain still waiting above.
                let left = chains.withLock { chains in
                    chains.values.forEach { $0.delivery.cancel() }
                    return chains.count
                }
                logger.warning("Shutting down with \(left) callback deliveries unfinished")
            }
            group.cancelAll()
        }
    }

    private func deliver(_ body: Data, to url: String, taskID: String) async {
        var logger = logger
        logger[metadataKey: "task"] = "\(taskID)"
        for (attempt, delay) in ([Duration.zero] + retryDelays).enumerated() {
            // A delivery given up at shutdown stops here, not after posting its remaining attempts.
            if delay > .zero { do { try await Task.sleep(for: delay) } catch { return } }
            do {
                let status = try await post(body, to: url)
                if (200..<300).contains(status) { return }
                logger.warning("Callback answered HTTP \(status)", metadata: ["attempt": "\(attempt + 1)"])
            } catch {
                logger.warning("Callback failed: \(error)", metadata: ["attempt": "\(attempt + 1)"])
            }
        }
        logger.error("Callback given up after \(retryDelays.count + 1) attempts")
    }

    /// One attempt, on a client pinned to the address the policy checked: the name is not
    /// resolved again between the check and the connect, and redirects are not followed.
    private func post(_ body: Data, to url: String) async throws -> Int {
        guard let target = URL(string: url), target.host != nil else { throw CallbackError.invalidURL }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Reelay-Callback/1")
        if let secret {
            let timestamp = Int(Date().timeIntervalSince1970)
            let code = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).".utf8) + body, using: secret)
            request.headers.add(name: "X-Reelay-Signature", value: "t=\(timestamp),v1=\(code.hexString)")
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        let pinned = PinnedHTTPClient(policy: policy, eventLoopGroup: httpClient.eventLoopGroup)
        return try await pinned.withClient(for: target) { client in
            let response = try await client.execute(request, timeout: TimeAmount(timeout))
            return Int(response.status.code)
        }
    }

    enum CallbackError: Error { case invalidURL }
}

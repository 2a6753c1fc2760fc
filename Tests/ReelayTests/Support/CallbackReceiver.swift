import Foundation
import Hummingbird
import Logging
import Synchronization

/// A local HTTP server that records the callbacks it receives. It can refuse the first few
/// with a 500, to exercise retries.
final class CallbackReceiver: Sendable {
    struct Delivery: Sendable {
        var body: Data
        var signature: String?
    }

    /// What arrived, and how many more to refuse.
    final class Log: Sendable {
        let received = Mutex<[Delivery]>([])
        let refusals: Mutex<Int>
        init(refusals: Int) { self.refusals = Mutex(refusals) }
    }

    let port: Int
    private let log: Log
    private let server: Task<Void, any Error>

    init(refuseFirst: Int = 0) async throws {
        port = try ServerProcess.freePort()
        let log = Log(refusals: refuseFirst)
        self.log = log
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            if log.refusals.withLock({ count in defer { count -= 1 }; return count > 0 }) {
                return Response(status: .internalServerError)
            }
            let signature = request.headers[HTTPField.Name("X-Reelay-Signature")!]
            log.received.withLock { $0.append(Delivery(body: Data(buffer: body), signature: signature)) }
            return Response(status: .ok)
        }
        var logger = Logger(label: "receiver")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
        server = Task { try await app.runService() }
        try await Task.sleep(for: .milliseconds(300))
    }

    var url: String { "http://127.0.0.1:\(port)/hook" }
    var deliveries: [Delivery] { log.received.withLock { $0 } }

    func stop() async {
        server.cancel()
        _ = try? await server.value
    }
}

import HTTPTypes

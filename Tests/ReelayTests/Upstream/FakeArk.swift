import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import ReelayCore
import ServiceLifecycle
import Synchronization

/// A fake Ark upstream on 127.0.0.1: create, get, list (with `filter.task_ids`) and delete under
/// `/api/v3/contents/generations/tasks`, seed A's routes (`/v1/video/generations`) over the same
/// tasks, and result files under `/files`. Tasks move queued → running → terminal on a clock;
/// words in the prompt pick the ending: `[fail]`, `[expire]`, `[vanish]` (gone once running),
/// `[weird]` (an unknown status word in its first two answers), `[stuck]` (queued forever),
/// `[hold]` (running until the test calls `finish`). Faults are
/// queued per endpoint and used up one request at a time. Everything it is asked is counted.
final class FakeArk: Sendable {
    static let key = "sk-fake-ark-0123456789abcdef"

    enum Fault: Sendable, Equatable {
        /// An answer with this status and Ark's error body.
        case status(Int)
        /// A 502 page from a proxy, not the upstream's own answer.
        case gatewayPage
        /// 200 with a body that is not JSON.
        case malformed
        /// Create only: makes the task, then does not answer until the fake stops.
        case acceptThenHang
        /// Lists and gets: no answer until the fake stops, so the caller's time limit runs out.
        case stall
        /// A normal answer: spaces the faults of a sequence out.
        case pass
    }

    struct Stats: Sendable {
        var createRequests = 0
        var tasksCreated = 0
        var listRequests = 0
        var maxIDsInAList = 0
        var getRequests = 0
        var deleteRequests = 0
        var downloads = 0
        var callbacksSent = 0
        var createBodies: [JSONValue] = []
        var authorizations: Set<String> = []
    }

    struct FakeTask: Sendable {
        var id: String
        var model: String
        var prompt: String
        var createdAt: ContinuousClock.Instant
        var returnLastFrame: Bool
        var callbackURL: String?
        var cancelled = false
        var deleted = false
        /// How many answers have shown it, and how many of them as running.
        var looks = 0
        var shownRunning = 0
        /// `[hold]`: finished by the test.
        var released = false
    }

    struct State: Sendable {
        var tasks: [String: FakeTask] = [:]
        var order: [String] = []
        var createFaults: [Fault] = []
        var listFaults: [Fault] = []
        var getFaults: [Fault] = []
        var downloadFaults: [Fault] = []
        var stats = Stats()
        var counter = 0
    }

    let state = Mutex(State())
    /// Set when the fake stops, to release requests it holds unanswered.
    let stopped = Atomic(false)
    let queuedFor: Duration
    let runningFor: Duration
    /// How many times each terminal callback is POSTed.
    let callbackRepeats: Int
    let port: Int
    let callbacks: HTTPClient

    var base: String { "http://127.0.0.1:\(port)" }
    var arkBase: String { "\(base)/api/v3" }
    var stats: Stats { state.withLock { $0.stats } }

    private init(port: Int, queuedFor: Duration, runningFor: Duration, callbackRepeats: Int, callbacks: HTTPClient) {
        self.port = port
        self.queuedFor = queuedFor
        self.runningFor = runningFor
        self.callbackRepeats = callbackRepeats
        self.callbacks = callbacks
    }

    func failCreates(_ faults: Fault...) { state.withLock { $0.createFaults += faults } }
    func failLists(_ faults: Fault...) { state.withLock { $0.listFaults += faults } }
    func failGets(_ faults: Fault...) { state.withLock { $0.getFaults += faults } }
    func failDownloads(_ faults: Fault...) { state.withLock { $0.downloadFaults += faults } }
    func task(_ id: String) -> FakeTask? { state.withLock { $0.tasks[id] } }
    func status(of id: String) -> String? { state.withLock { $0.tasks[id] }.map { status(of: $0) } }

    /// Runs `body` with a fake listening on a free port, then stops it.
    static func with<T: Sendable>(queuedFor: Duration = .milliseconds(60), runningFor: Duration = .milliseconds(120),
                                  callbackRepeats: Int = 1, _ body: (FakeArk) async throws -> T) async throws -> T {
        let quiet = Logger(label: "fake-ark", factory: { _ in SwiftLogNoOpLogHandler() })
        let box = Box()
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router { box.fake.withLock { $0! } },
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) },
            logger: quiet
        )
        let services = ServiceGroup(configuration: .init(services: [app], logger: quiet))
        let callbacks = HTTPClient(eventLoopGroupProvider: .singleton)
        let result: Result<T, any Error>
        do {
            result = .success(try await run(services, ports: ports, box: box, callbacks: callbacks, queuedFor: queuedFor,
                                            runningFor: runningFor, callbackRepeats: callbackRepeats, body))
        } catch {
            result = .failure(error)
        }
        try? await callbacks.shutdown()
        return try result.get()
    }

    private static func run<T: Sendable>(_ services: ServiceGroup, ports: AsyncStream<Int>, box: Box, callbacks: HTTPClient,
                                         queuedFor: Duration, runningFor: Duration, callbackRepeats: Int,
                                         _ body: (FakeArk) async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            let fake = FakeArk(port: port, queuedFor: queuedFor, runningFor: runningFor, callbackRepeats: callbackRepeats, callbacks: callbacks)
            box.fake.withLock { $0 = fake }
            do {
                let value = try await body(fake)
                fake.stopped.store(true, ordering: .relaxed)
                await services.triggerGracefulShutdown()
                return value
            } catch {
                fake.stopped.store(true, ordering: .relaxed)
                await services.triggerGracefulShutdown()
                throw error
            }
        }
    }

    /// Holds the fake for the routes, which exist before it does.
    final class Box: Sendable {
        let fake = Mutex<FakeArk?>(nil)
    }

    /// Where Ark's callbacks for a channel arrive, as Reelay's callback route would receive them.
    let callbackHandler = Mutex<(@Sendable (_ channel: String, _ body: Data) async -> Void)?>(nil)

    func callbackURL(channel: String) -> String { "\(base)/hook/\(channel)" }

    // MARK: Lifecycle

    func status(of task: FakeTask, at now: ContinuousClock.Instant = .now) -> String {
        if task.cancelled { return "cancelled" }
        let age = task.createdAt.duration(to: now)
        if task.prompt.contains("[weird]") && task.looks <= 2 { return "paused" }
        if task.prompt.contains("[hold]") { return task.released ? "succeeded" : age < queuedFor ? "queued" : "running" }
        if task.prompt.contains("[stuck]") || age < queuedFor { return "queued" }
        if age < queuedFor + runningFor { return "running" }
        if task.prompt.contains("[fail]") { return "failed" }
        if task.prompt.contains("[expire]") { return "expired" }
        return "succeeded"
    }

    /// Whether the upstream still knows the task.
    func exists(_ task: FakeTask, at now: ContinuousClock.Instant = .now) -> Bool {
        !task.deleted && !(task.prompt.contains("[vanish]") && task.createdAt.duration(to: now) >= queuedFor)
    }

    func object(_ task: FakeTask) -> JSONValue {
        let status = status(of: task)
        var object: [String: JSONValue] = [
            "id": .string(task.id), "model": .string(task.model), "status": .string(status),
            "error": status == "failed" ? ["code": "OutputVideoSensitiveContentDetected", "message": .string(failureMessage(task))] : nil,
            "created_at": 1_773_328_294, "updated_at": 1_773_328_300, "seed": 7, "resolution": "720p", "ratio": "16:9",
            "duration": 5, "framespersecond": 24, "generate_audio": true, "service_tier": "default", "execution_expires_after": 172_800,
        ]
        if status == "succeeded" {
            var content: [String: JSONValue] = ["video_url": .string("\(base)/files/\(task.id).mp4?X-Tos-Signature=abc")]
            if task.returnLastFrame { content["last_frame_url"] = .string("\(base)/files/\(task.id).png") }
            object["content"] = .object(content)
            object["usage"] = ["completion_tokens": 108_900, "total_tokens": 108_900]
        }
        return .object(object)
    }

    /// Why a `[fail]` task failed; with `[echo-key]` the message repeats the caller's key, as a
    /// careless upstream that echoes request headers would.
    func failureMessage(_ task: FakeTask) -> String {
        let message = "The output video may contain sensitive content."
        return task.prompt.contains("[echo-key]") ? "\(message) Request was: Authorization: Bearer \(Self.key)" : message
    }

    /// Seed A's query answer for the same task.
    func anyfastObject(_ task: FakeTask) -> JSONValue {
        let ark = object(task)
        let words = ["queued": "QUEUED", "running": "IN_PROGRESS", "succeeded": "SUCCESS", "failed": "FAILURE", "paused": "ON_HOLD"]
        let status = status(of: task)
        var data: [String: JSONValue] = [
            "task_id": .string(task.id), "action": "generate", "status": .string(words[status] ?? "FAILURE"),
            "fail_reason": status == "failed" ? .string(failureMessage(task)) : "",
            "progress": status == "succeeded" ? "100%" : status == "running" ? "40%" : "0%", "data": ark,
        ]
        if status == "succeeded" { data["result_url"] = ark["content"]?["video_url"] ?? nil }
        return ["code": "success", "message": "", "data": .object(data)]
    }

    // MARK: Faults and answers

    static func arkError(_ status: Int, code: String, _ message: String) -> Response {
        json(["error": ["code": .string(code), "message": .string(message), "param": "", "type": "Error"]], status: status)
    }

    static func json(_ value: JSONValue, status: Int = 200) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json", .init("X-Request-Id")!: "fake-request"],
                 body: .init(byteBuffer: ByteBuffer(data: value.encoded())))
    }

    /// The answer for a queued fault, or nil to answer normally.
    func answer(for fault: Fault?) async -> Response? {
        switch fault {
        case nil, .acceptThenHang?, .pass?: return nil
        case .stall?:
            while !stopped.load(ordering: .relaxed) { try? await Task.sleep(for: .milliseconds(20)) }
            return Self.arkError(503, code: "ServiceUnavailable", "Stopped.")
        case .status(let code)?:
            let errorCode = code == 429 ? "RateLimitExceeded.EndpointRPMExceeded" : code >= 500 ? "InternalServiceError" : "InvalidParameter"
            return Self.arkError(code, code: errorCode, "Injected fault \(code).")
        case .gatewayPage?:
            return Response(status: .badGateway, headers: [.contentType: "text/html"], body: .init(byteBuffer: ByteBuffer(string: "<html>502 Bad Gateway</html>")))
        case .malformed?:
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{\"items\": [oops")))
        }
    }

    /// Nil when the request carries the right key; else Ark's 401, echoing the key it got (so
    /// tests can show that Reelay scrubs an echoed key from what it logs and reports).
    func refuseUnauthorized(_ request: Request) -> Response? {
        let authorization = request.headers[.authorization] ?? ""
        state.withLock { _ = $0.stats.authorizations.insert(authorization) }
        guard authorization != "Bearer \(Self.key)" else { return nil }
        return Self.arkError(401, code: "AuthenticationError", "The API key '\(authorization.replacingOccurrences(of: "Bearer ", with: ""))' is invalid.")
    }

    func create(_ request: Request, dialect: DialectID) async throws -> Response {
        let fault = state.withLock { state -> Fault? in
            state.stats.createRequests += 1
            return state.createFaults.isEmpty ? nil : state.createFaults.removeFirst()
        }
        if let refusal = refuseUnauthorized(request) { return refusal }
        if let reply = await answer(for: fault) { return reply }
        let body = try JSONValue.parse(try await request.body.collect(upTo: 1 << 20).readableBytesView)
        let prompt = body["content"]?.arrayValue?.first { $0["type"] == "text" }?["text"]?.stringValue ?? ""
        let task = add(model: body["model"]?.stringValue ?? "", prompt: prompt, returnLastFrame: body["return_last_frame"]?.boolValue ?? false,
                       callbackURL: body["callback_url"]?.stringValue, body: body)
        if task.callbackURL != nil { scheduleCallbacks(for: task) }
        if fault == .acceptThenHang {
            while !stopped.load(ordering: .relaxed) { try await Task.sleep(for: .milliseconds(20)) }
        }
        return dialect == .anyfast
            ? Self.json(["id": .string(task.id), "task_id": .string(task.id), "object": "video", "status": "", "progress": 0])
            : Self.json(["id": .string(task.id)])
    }

    private static func look(at id: String, in state: inout State, status: String) {
        state.tasks[id]?.looks += 1
        if status == "running" { state.tasks[id]?.shownRunning += 1 }
    }

    /// Answers the requests held by `acceptThenHang` and `stall` faults, as stopping would.
    func release() {
        stopped.store(true, ordering: .relaxed)
    }

    /// Lets a `[hold]` task succeed.
    func finish(_ id: String) {
        state.withLock { $0.tasks[id]?.released = true }
    }

    /// The id of the n-th task created.
    func taskID(_ index: Int = 0) -> String? {
        state.withLock { $0.order.count > index ? $0.order[index] : nil }
    }

    /// Makes a task as a create would.
    @discardableResult
    func add(model: String = "doubao-seedance-1-5-pro-251215", prompt: String = "", returnLastFrame: Bool = false,
             callbackURL: String? = nil, body: JSONValue? = nil) -> FakeTask {
        state.withLock { state in
            state.counter += 1
            let id = String(format: "cgt-20260312231129-%05d", state.counter)
            let task = FakeTask(id: id, model: model, prompt: prompt, createdAt: .now, returnLastFrame: returnLastFrame, callbackURL: callbackURL)
            state.tasks[id] = task
            state.order.append(id)
            state.stats.tasksCreated += 1
            if let body { state.stats.createBodies.append(body) }
            return task
        }
    }

    private func scheduleCallbacks(for task: FakeTask) {
        Task {
            try await Task.sleep(for: queuedFor + runningFor + .milliseconds(20))
            guard let url = task.callbackURL, let current = self.task(task.id) else { return }
            let body = object(current).encoded()
            for _ in 0..<callbackRepeats {
                var request = HTTPClientRequest(url: url)
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(data: body))
                _ = try? await callbacks.execute(request, timeout: .seconds(5))
                state.withLock { $0.stats.callbacksSent += 1 }
            }
        }
    }

    func list(_ request: Request) async -> Response {
        let ids = request.uri.queryParameters[values: "filter.task_ids"].map(String.init)
        let pageSize = Int(request.uri.queryParameters["page_size"].map(String.init) ?? "10") ?? 10
        let fault = state.withLock { state -> Fault? in
            state.stats.listRequests += 1
            state.stats.maxIDsInAList = max(state.stats.maxIDsInAList, ids.count)
            return state.listFaults.isEmpty ? nil : state.listFaults.removeFirst()
        }
        if let refusal = refuseUnauthorized(request) { return refusal }
        if let reply = await answer(for: fault) { return reply }
        guard (1...500).contains(pageSize) else { return Self.arkError(400, code: "InvalidParameter", "page_size must be 1...500.") }
        let now = ContinuousClock.now
        let items = state.withLock { state in
            (ids.isEmpty ? state.order : ids).compactMap { id -> FakeTask? in
                guard let task = state.tasks[id], exists(task, at: now) else { return nil }
                Self.look(at: id, in: &state, status: status(of: task, at: now))
                return state.tasks[id]
            }
        }
        return Self.json(["items": .array(items.prefix(pageSize).map(object)), "total": .int(items.count)])
    }

    func get(_ id: String, _ request: Request, dialect: DialectID) async -> Response {
        let fault = state.withLock { state -> Fault? in
            state.stats.getRequests += 1
            return state.getFaults.isEmpty ? nil : state.getFaults.removeFirst()
        }
        if let refusal = refuseUnauthorized(request) { return refusal }
        if let reply = await answer(for: fault) { return reply }
        let task = state.withLock { state -> FakeTask? in
            guard let task = state.tasks[id], exists(task) else { return nil }
            Self.look(at: id, in: &state, status: status(of: task))
            return state.tasks[id]
        }
        guard let task else {
            return dialect == .anyfast
                ? Self.json(["code": "task_not_exist", "message": "task_not_exist", "data": nil], status: 400)
                : Self.arkError(404, code: "ResourceNotFound", "The task \(id) does not exist.")
        }
        return Self.json(dialect == .anyfast ? anyfastObject(task) : object(task))
    }

    func delete(_ id: String, _ request: Request) -> Response {
        state.withLock { $0.stats.deleteRequests += 1 }
        if let refusal = refuseUnauthorized(request) { return refusal }
        return state.withLock { state in
            guard let task = state.tasks[id], exists(task) else { return Self.arkError(404, code: "ResourceNotFound", "No such task.") }
            switch status(of: task) {
            case "queued":
                state.tasks[id]?.cancelled = true
                return Self.json([:])
            case "running", "paused", "cancelled":
                return Self.arkError(400, code: "InvalidParameter", "A \(status(of: task)) task cannot be cancelled.")
            default:
                state.tasks[id]?.deleted = true
                return Self.json([:])
            }
        }
    }

    func file(_ name: String) async -> Response {
        let fault = state.withLock { state -> Fault? in
            state.stats.downloads += 1
            return state.downloadFaults.isEmpty ? nil : state.downloadFaults.removeFirst()
        }
        if let reply = await answer(for: fault) { return reply }
        let bytes = name.hasSuffix(".png") ? Self.png : Self.mp4(name)
        return Response(status: .ok, headers: [.contentType: name.hasSuffix(".png") ? "image/png" : "video/mp4"],
                        body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// An MP4 header (`ftyp`) and a body that names the task, so each result is recognisable.
    static func mp4(_ name: String) -> [UInt8] {
        [0, 0, 0, 0x18] + Array("ftypisom".utf8) + [0, 0, 2, 0] + Array("isomiso2".utf8) + Array("mdat:\(name)".utf8)
    }

    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 24)

    // MARK: Routes

    private static func router(_ fake: @escaping @Sendable () -> FakeArk) -> Router<BasicRequestContext> {
        let router = Router()
        let tasks = "/api/v3/contents/generations/tasks"
        router.post(RouterPath(tasks)) { request, _ in try await fake().create(request, dialect: .ark) }
        router.get(RouterPath(tasks)) { request, _ in await fake().list(request) }
        router.get(RouterPath(tasks + "/:id")) { request, context in await fake().get(context.parameters.get("id") ?? "", request, dialect: .ark) }
        router.delete(RouterPath(tasks + "/:id")) { request, context in fake().delete(context.parameters.get("id") ?? "", request) }
        router.post("/v1/video/generations") { request, _ in try await fake().create(request, dialect: .anyfast) }
        router.get("/v1/video/generations/:id") { request, context in await fake().get(context.parameters.get("id") ?? "", request, dialect: .anyfast) }
        router.post("/hook/:channel") { request, context in
            let body = try await request.body.collect(upTo: 1 << 20)
            let handler = fake().callbackHandler.withLock { $0 }
            await handler?(context.parameters.get("channel") ?? "", Data(buffer: body))
            return Response(status: .ok)
        }
        router.get("/files/:name") { _, context in await fake().file(context.parameters.get("name") ?? "") }
        return router
    }
}

import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import ReelayCore
import ServiceLifecycle

/// Replaceable parts of the application, for tests: a fake provider or media loader.
public struct ApplicationOverrides: Sendable {
    public var provider: (any VideoProvider)?
    public var media: (any MediaLoading)?

    public init(provider: (any VideoProvider)? = nil, media: (any MediaLoading)? = nil) {
        self.provider = provider
        self.media = media
    }
}

/// The composition root: builds every part from the configuration and wires them into one
/// Hummingbird application. `reelay serve` and the tests both start here.
public func buildApplication(
    _ configuration: AppConfiguration,
    logger: Logger,
    overrides: ApplicationOverrides = .init()
) async throws -> some ApplicationProtocol {
    let dataDirectory = configuration.dataDirectoryURL
    try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
    // Other users of the machine have no business in it, whatever made it before. (A volume the
    // process does not own may refuse; then the operator's mount decides, and the log says so.)
    do {
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: dataDirectory.path)
    } catch {
        logger.warning("Cannot make the data directory private (0700): \(error)")
    }
    // The PostgreSQL pool runs as a service; its schema is migrated before the server starts.
    let stores = try await Stores.make(configuration, logger: logger)
    let storesReady = StartGate()
    // SQLite is one instance per data directory; PostgreSQL instances share the directory.
    let lock = stores.isSingleInstance ? try DataDirectoryLock(directory: dataDirectory) : nil
    let store = stores.tasks
    let keys = stores.keys
    var engineConfiguration = configuration.engine
    engineConfiguration.recoverAllRunningOnStart = stores.isSingleInstance
    let signer = LinkSigner(secret: try SigningSecret.load(configured: configuration.signingKey, directory: dataDirectory),
                            publicURL: configuration.resolvedPublicURL, lifetime: configuration.linkLifetime)
    let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
    let files = try BlobWiring(configuration, dataDirectory: dataDirectory, signer: signer, logger: logger)
    let blobs = files.blobs
    let fetcher = overrides.media ?? MediaFetcher(httpClient: httpClient, allowPrivateAddresses: configuration.allowPrivateMedia, logger: logger)
    let tool = LiveMediaTool(limits: configuration.renderLimits)
    // Probes and previews run while a client waits: a few at once, under tighter limits.
    let checkTool = GatedMediaTool(LiveMediaTool(limits: .check), limit: 4)
    let storage = KeyStorage(tasks: store, assets: stores.assets)
    let assets = AssetLibrary(store: stores.assets, files: files.assets, tool: checkTool, storage: storage)
    let media = StoredMediaLoader(library: assets, blobs: blobs, fetcher: fetcher)
    let local = overrides.provider ?? LocalRenderer(tool: tool, media: media, logger: logger)
    // A routing file sends models upstream; without one everything renders locally, as before.
    let upstream: (client: HTTPClient, routing: RoutingProvider)?
    do {
        upstream = try await loadUpstreams(configuration, local: local, tool: tool, inputs: blobs, ledger: stores.upstreamLedger,
                                           logger: logger)
    } catch {
        // A mistake in the file stops the start; what was opened so far is closed first.
        try? await httpClient.shutdown()
        await stores.close()
        throw error
    }
    let upstreamClient = upstream?.client
    let routing = upstream?.routing
    let provider: any VideoProvider = routing ?? local
    let catalog = try ModelCatalog.bundled()

    let presenter = TaskPresenter(links: files.links, blobs: blobs)
    let callbackPolicy = AddressPolicy(allowPrivateAddresses: configuration.allowPrivateMedia)
    let callbacks = CallbackNotifier(httpClient: httpClient, policy: callbackPolicy,
                                     presenter: presenter, secret: configuration.webhookSecret, logger: logger)
    let metrics = ReelayMetrics(provider: provider.name)
    let spending = Spending(prices: try configuration.pricesFile.map(PriceList.load(file:)), store: stores.spend, catalog: catalog,
                            logger: logger)
    // Costs settle before callbacks go out, so a callback's receiver that reads the spend sees it.
    // A task's upstream note goes only once its end is stored (see UpstreamNoteRemover).
    let notes: [any TaskEvents] = routing == nil ? [] : [UpstreamNoteRemover(ledger: stores.upstreamLedger, logger: logger)]
    let events = TaskEventFanout([metrics, spending, callbacks] + notes)
    // Tasks an upstream accepted wait in the store without a worker, followed by the poller.
    let parking = configuration.role.runsWorkers && routing?.hasUpstreamChannels == true ? store as? any TaskStore & UpstreamParking : nil
    let engine = TaskEngine(store: store, provider: provider, blobs: blobs, events: events, configuration: engineConfiguration,
                            startGate: storesReady, parking: parking, logger: logger)
    let poller = parking.flatMap { routing?.makePoller(store: $0, events: events, startGate: storesReady,
                                                       handedOff: { engine.taskQueued() }, logger: logger) }
    let service = TaskService(store: store, validator: RequestValidator(catalog: catalog), media: media, callbackPolicy: callbackPolicy,
                              presenter: presenter,
                              blobs: blobs, engine: engine, events: events, assets: assets,
                              storage: storage, idempotency: stores.idempotency,
                              inlineMedia: InlineMediaCheck(media: media, tool: checkTool), spending: spending)
    let keyed = KeyedRoutes(auth: Authenticator(keys: keys, staticKeys: configuration.staticKeys, defaults: configuration.limits),
                            limiter: RequestRateLimiter(),
                            failures: RequestRateLimiter(limit: configuration.limits.failedKeysPerMinute))

    let router = Router(context: ReelayRequestContext.self)
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: RequestLogMiddleware(metrics: metrics))
    router.add(middleware: SignedFileMiddleware(links: signer))
    files.addFileRoutes(to: router, logger: logger)
    router.on(APIRoutes.healthz) { _, _ in Response.json(["status": "ok"]) }
    // Ready when the store answers: a load balancer sends no traffic to an instance that cannot work.
    router.on(APIRoutes.readyz) { _, _ in
        do {
            let counts = try await store.counts()
            return Response.json(["status": "ready", "queued": .int(counts[.queued] ?? 0), "running": .int(counts[.running] ?? 0)])
        } catch {
            return Response.json(["status": "unavailable", "error": "the task store does not answer"], status: 503)
        }
    }
    let metricsTokenHash = configuration.metricsToken.map(APIKey.hash)
    router.on(APIRoutes.metrics) { request, _ in
        // Queue depths and per-model figures are the operator's business when a token is set.
        if let metricsTokenHash, Authenticator.bearer(request.headers).map(APIKey.hash) != metricsTokenHash {
            return Response(status: .unauthorized, headers: [.contentType: "text/plain; charset=utf-8", .wwwAuthenticate: "Bearer"],
                            body: .init(byteBuffer: ByteBuffer(string: "/metrics needs Authorization: Bearer <REELAY_METRICS_TOKEN>.\n")))
        }
        let counts = (try? await store.counts()) ?? [:]
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: metrics.render(counts: counts, poller: poller?.statistics))))
    }
    try WebController(catalog: catalog, videosDialect: configuration.videosDialect).register(on: router)
    if let routing { UpstreamCallbackController(routing: routing).register(on: router) }
    let admin = router.group()
        .add(middleware: DialectErrorMiddleware(shape: AdminController.errors))
        .add(middleware: AdminKeyMiddleware(adminKeyHash: configuration.adminKey.map(APIKey.hash)))
    AdminController(keys: keys, store: store, storage: storage, defaults: configuration.limits, spending: spending).register(on: admin)
    if let listing = store as? any TaskListing {
        AdminTaskController(listing: listing, service: service, ledger: stores.upstreamLedger, spending: spending).register(on: admin)
    }
    AdminChannelController(routing: routing?.hasUpstreamChannels == true ? routing : nil, load: stores.upstreamLedger as? any ChannelLoad)
        .register(on: admin)
    if configuration.role.servesAPI {
        registerDialects(on: router, keyed: keyed, service: service, configuration: configuration)
        AssetController(library: assets, maxBodySize: configuration.maxBodySize)
            .register(on: keyed.group(router, "", errors: AssetController.errors))
        let previews = PreviewMaker(tool: checkTool, blobs: blobs)
        for prefix in ["", "/openai"] {
            OpenAIController(service: service, previews: previews, maxBodySize: configuration.maxBodySize)
                .register(on: keyed.group(router, prefix, errors: OpenAIDialect()))
        }
    }

    // Resources are closed after the engine has drained (services stop in reverse order).
    let resources = ResourceCloser(logger: logger) {
        try? await httpClient.shutdown()
        try? await upstreamClient?.shutdown()
        await files.close()
        await stores.close()
        _ = lock
    }
    let connections = connectionLimit(configuration.maxConnections, logger: logger)
    var application = Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: .seconds(Int64(configuration.idleTimeout)))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "reelay",
                             availableConnectionsDelegate: MaximumAvailableConnections(connections, logger: logger)),
        // Shut down in reverse: the server stops, the engine hands back or finishes its tasks,
        // their callbacks go out, then the shared resources close, then the database pool.
        services: stores.services + [resources, callbacks] + (configuration.role.runsWorkers ? [engine] : []) + (poller.map { [$0] } ?? []),
        logger: logger
    )
    // Reservations a crash left open are settled by a sweep on every instance.
    application.addServices(SpendSweeper(spending: spending, tasks: store, interval: .seconds(60), logger: logger))
    // With the pool running: the schema, the upstream ledger's notes, the first start's key, then
    // the engine and the server.
    application.beforeServerStarts {
        try await stores.migrate()
        try await LegacyUpstreamNotes.move(from: dataDirectory.appending(path: "upstream"), into: stores.upstreamLedger, logger: logger)
        try await routing?.pruneLedger()
        try await bootstrapKey(keys: keys, configuration: configuration, logger: logger)
        storesReady.open()
    }
    return application
}

/// Every dialect under its own prefix (`/toapis/v1/videos/generations`), so a client picks it by
/// base URL alone, and on its bare paths. toapis and apimart share the bare create path: the body
/// says which answers it, the configured dialect when it fits both. Ark also lists and deletes.
private func registerDialects(on router: Router<ReelayRequestContext>, keyed: KeyedRoutes, service: TaskService,
                              configuration: AppConfiguration) {
    let dialects: [any Dialect] = [AnyFastDialect(), ToAPIsDialect(), APIMartDialect(), UnifiedDialect(), ArkDialect()]
    for dialect in dialects {
        let controller = DialectController(dialect: dialect, service: service, maxBodySize: configuration.maxBodySize)
        let sharesBareCreate = dialect.id == .toapis || dialect.id == .apimart
        for prefix in ["/\(dialect.id.rawValue)", ""] {
            let routes = keyed.group(router, prefix, errors: dialect)
            controller.register(on: routes, create: !prefix.isEmpty || !sharesBareCreate)
            if prefix.isEmpty && dialect.id == configuration.videosDialect { controller.registerSharedCreate(on: routes) }
            if dialect.id == .ark { ArkController(service: service).register(on: routes) }
        }
    }
    // Seed 000's create answer, at its own prefix (its routes carry it).
    let seed000 = AnyFastDialect(page: .seed000)
    DialectController(dialect: seed000, service: service, maxBodySize: configuration.maxBodySize)
        .register(on: keyed.group(router, "", errors: seed000))
}

/// The router for `REELAY_UPSTREAMS`, with an HTTP client of its own: hundreds of tasks waiting on
/// an upstream must not queue callbacks and media fetches behind them (nor the other way round).
/// Nil without a routing file.
private func loadUpstreams(_ configuration: AppConfiguration, local: any VideoProvider, tool: any MediaTool,
                           inputs: any BlobStore, ledger: any UpstreamLedger,
                           logger: Logger) async throws -> (client: HTTPClient, routing: RoutingProvider)? {
    guard let file = configuration.upstreamsFile else { return nil }
    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .upstream)
    do {
        let routing = try RoutingProvider.load(
            file: file, environment: configuration.upstreamEnvironment, local: local, httpClient: client,
            ledger: ledger,
            addressPolicy: AddressPolicy(allowPrivateAddresses: configuration.allowPrivateMedia), tool: tool, inputs: inputs,
            logger: logger)
        return (client, routing)
    } catch {
        try? await client.shutdown()
        throw error
    }
}

/// With no key configured anywhere, a first start in a terminal makes one and prints it there
/// once, so the embedded defaults work without a set-up step. Without a terminal (a service
/// manager that keeps standard error as a log) no secret is made to be printed into a log.
private func bootstrapKey(keys: any KeyStore, configuration: AppConfiguration, logger: Logger) async throws {
    guard configuration.staticKeys.isEmpty, try await keys.list().isEmpty else { return }
    guard isatty(STDERR_FILENO) == 1 else {
        logger.warning("No API key exists: create one with `reelay keys create --name NAME` or set REELAY_API_KEYS")
        return
    }
    let (_, secret) = try await keys.create(name: "default", now: Date())
    // The secret goes to the terminal only: logs are shipped and kept where keys must not be.
    logger.notice("No API key existed, so one named 'default' was created; its secret was printed to the terminal once")
    FileHandle.standardError.write(Data("\nReelay API key (shown only once): \(secret)\n\n".utf8))
}

/// The connection cap: the configured one, but never more than half the file descriptors the
/// process may open. Running out of descriptors must not take the server down; with the cap it
/// stops accepting instead, serves what it has, and accepts again as connections close.
private func connectionLimit(_ configured: Int, logger: Logger) -> Int {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < rlim_t(Int.max) else { return configured }
    let room = max(1, Int(limit.rlim_cur) / 2)
    if room < configured {
        logger.notice("Serving at most \(room) connections at once: half of the \(limit.rlim_cur) file descriptors the process may open")
    }
    return min(configured, room)
}

/// Closes shared resources when the service group shuts down.
struct ResourceCloser: Service {
    let logger: Logger
    let close: @Sendable () async -> Void

    func run() async throws {
        try? await gracefulShutdown()
        // In a task of its own: when the group is cancelled rather than shut down, closing must still run.
        await Task { await close() }.value
        logger.info("Resources closed")
    }
}

extension HTTPClient.Configuration {
    /// For upstream APIs: no redirects (result downloads check every hop themselves) and more
    /// connections per host than the default 8, since every worker may be creating, polling or
    /// downloading at once.
    static var upstream: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        return configuration
    }
}

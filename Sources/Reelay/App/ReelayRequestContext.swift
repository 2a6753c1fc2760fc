import Hummingbird

/// The request context of every route: Hummingbird's core storage and nothing else; the caller's
/// identity is resolved per route, because its error shape depends on the dialect.
public struct ReelayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }

    /// Bodies are collected by the routes themselves, up to the configured limit.
    public var maxUploadSize: Int { 64 * 1024 * 1024 }
}

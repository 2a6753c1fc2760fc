import Hummingbird
import NIOCore
import ReelayCore

/// The request context of every route: Hummingbird's core storage, and the caller once
/// `OwnerMiddleware` has resolved the key.
public struct ReelayRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `OwnerMiddleware` on the routes that need a key.
    public var caller: Caller?
    /// The client's address (wrong keys are counted per address).
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// Bodies are collected by the routes themselves, up to the configured limit.
    public var maxUploadSize: Int { Self.maxUploadSize }
    static let maxUploadSize = 64 * 1024 * 1024
}

/// The context of the routes that need a key: the caller is always there, so handlers read
/// `context.owner` without unwrapping it.
public struct OwnerRequestContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let caller: Caller
    public var owner: String { caller.owner }

    public init(context: ReelayRequestContext) throws {
        // OwnerMiddleware runs first on every group of this context; without it, refuse.
        guard let caller = context.caller else { throw APIError.unauthorized }
        self.coreContext = context.coreContext
        self.caller = caller
    }

    public var maxUploadSize: Int { ReelayRequestContext.maxUploadSize }
}

/// Who sent a request: the owner id of its key, and the limits that key is held to (the
/// server's defaults with the key's own settings in place).
public struct Caller: Sendable, Equatable {
    public let owner: String
    public let limits: KeyLimits

    public init(owner: String, limits: KeyLimits) {
        self.owner = owner
        self.limits = limits
    }
}

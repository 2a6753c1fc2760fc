/// How a group of routes answers errors: a dialect's own body, or the OpenAI-style body the
/// resellers use for their other routes (assets, admin).
public protocol ErrorShape: Sendable {
    /// The HTTP status and body for an error.
    func errorResponse(_ error: APIError) -> (status: Int, body: JSONValue)
}

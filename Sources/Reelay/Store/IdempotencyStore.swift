import Foundation

/// Remembers which task an `Idempotency-Key` created, so a retried create returns the same task
/// instead of a second one (and a second charge).
public protocol IdempotencyStore: Sendable {
    /// Records `taskID` for the owner's key unless the key is already taken; returns the record
    /// that holds the key afterwards (the new one, or the earlier one).
    func reserve(_ record: IdempotencyRecord) async throws -> IdempotencyRecord
    func record(owner: String, key: String) async throws -> IdempotencyRecord?
    /// Frees a key whose create did not go through.
    func release(owner: String, key: String, taskID: String) async throws
}

public struct IdempotencyRecord: Sendable, Equatable {
    public var owner: String
    public var key: String
    /// A hash of the request, so the same key with another body is told apart.
    public var fingerprint: String
    public var taskID: String
    public var createdAt: Date

    public init(owner: String, key: String, fingerprint: String, taskID: String, createdAt: Date) {
        self.owner = owner
        self.key = key
        self.fingerprint = fingerprint
        self.taskID = taskID
        self.createdAt = createdAt
    }
}

import Foundation
import ReelayCore

/// Listings are always read from the store behind: the cache holds single tasks, not pages.
extension CachingTaskStore: TaskListing {
    public func tasks(matching filter: TaskFilter) async throws -> TaskPage {
        guard let listing = base as? any TaskListing else { throw StoreUnsupported() }
        return try await listing.tasks(matching: filter)
    }
}

/// A store without the admin listing (a test double).
struct StoreUnsupported: Error {}

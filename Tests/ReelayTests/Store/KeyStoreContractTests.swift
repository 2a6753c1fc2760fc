import Foundation
import Testing
@testable import Reelay

/// What every `KeyStore` promises, run on SQLite and on PostgreSQL.
@Suite struct KeyStoreContractTests {
    @Test(arguments: StoreKind.allCases) func createsFindsByHashAndRevokes(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let keys = stores.keys
            let now = Date()
            let (first, secret) = try await keys.create(name: "ci", now: now)
            let (second, _) = try await keys.create(name: "web", now: now + 1)
            #expect(secret.hasPrefix("rk-"))
            // PostgreSQL keeps times to the microsecond, SQLite as doubles: compare what matters.
            let found = try #require(try await keys.key(hash: APIKey.hash(secret)))
            #expect(found.id == first.id && found.name == "ci" && found.revokedAt == nil)
            #expect(abs(found.createdAt.timeIntervalSince(now)) < 0.001)
            #expect(try await keys.key(hash: APIKey.hash("rk-wrong")) == nil)
            #expect(try await keys.list().map(\.id) == [first.id, second.id])

            #expect(try await keys.revoke("ci", now: now + 2))
            #expect(try await keys.revoke(first.id, now: now + 3) == false)
            #expect(try await keys.key(hash: APIKey.hash(secret)) == nil)
            let listed = try await keys.list()
            #expect(listed.map(\.name) == ["ci", "web"])
            #expect(listed[0].revokedAt.map { abs($0.timeIntervalSince(now + 2)) < 0.001 } == true)
            #expect(listed[1].revokedAt == nil)
            #expect(try await keys.revoke(second.id, now: now))
            #expect(try await keys.revoke("nobody", now: now) == false)
        }
    }
}

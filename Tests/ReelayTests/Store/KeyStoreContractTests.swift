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

    @Test(arguments: StoreKind.allCases) func keysKeepTheLimitsSetOnThem(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let keys = stores.keys
            let limits = KeyLimitOverrides(maxQueued: 5, maxStorageBytes: 3 << 30, requestsPerMinute: 0)
            let (key, secret) = try await keys.create(name: "reseller", limits: limits, now: Date())
            #expect(try await keys.key(hash: APIKey.hash(secret))?.limits == limits)
            var changed = limits
            changed.maxQueued = nil
            changed.dailyVideoSeconds = 600
            let updated = try #require(try await keys.update("reseller", limits: changed))
            #expect(updated.id == key.id && updated.limits == changed)
            #expect(try await keys.list().first?.limits == changed)
            #expect(try await keys.update("nobody", limits: changed) == nil)
            #expect(try await keys.revoke(key.id, now: Date()))
            #expect(try await keys.update(key.id, limits: limits) == nil)
        }
    }

    @Test(arguments: StoreKind.allCases) func anActiveKeyIsRenamedAndKeepsItsSecretAndLimits(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let keys = stores.keys
            let limits = KeyLimitOverrides(maxQueued: 5)
            let (key, secret) = try await keys.create(name: "shop", limits: limits, now: Date())
            let renamed = try #require(try await keys.rename(key.id, to: "shop-eu"))
            #expect(renamed.id == key.id && renamed.name == "shop-eu" && renamed.limits == limits)
            #expect(try await keys.key(hash: APIKey.hash(secret))?.name == "shop-eu")
            #expect(try await keys.rename("key_missing", to: "x") == nil)
            #expect(try await keys.revoke(key.id, now: Date()))
            #expect(try await keys.rename(key.id, to: "again") == nil)
        }
    }

    @Test(arguments: StoreKind.allCases) func storageCountsInlineMediaAndAssetsPerKey(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            var task = Fixtures.task(owner: "alice")
            task.inputBytes = 1_500
            try await stores.tasks.insert(task)
            try await stores.tasks.insert(Fixtures.task(owner: "alice"))
            var other = Fixtures.task(owner: "bob")
            other.inputBytes = 7
            try await stores.tasks.insert(other)
            try await stores.assets.insert(Asset(id: Asset.newID(), owner: "alice", kind: .image, contentType: "image/png",
                                                 fileName: "a.png", bytes: 500, createdAt: Date()))
            #expect(try await stores.tasks.inputBytes(owner: "alice") == ["alice": 1_500])
            #expect(try await stores.tasks.inputBytes(owner: nil) == ["alice": 1_500, "bob": 7])
            #expect(try await stores.tasks.task(id: task.id)?.inputBytes == 1_500)
            #expect(try await KeyStorage(tasks: stores.tasks, assets: stores.assets).used(by: "alice") == 2_000)
            try await stores.tasks.delete(id: task.id)
            #expect(try await KeyStorage(tasks: stores.tasks, assets: stores.assets).used(by: "alice") == 500)
        }
    }
}

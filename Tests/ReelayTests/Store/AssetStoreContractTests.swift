import Foundation
import ReelayCore
import Testing
@testable import Reelay

/// What every `AssetStore` promises, run on SQLite and on PostgreSQL.
@Suite struct AssetStoreContractTests {
    func asset(owner: String, kind: MediaInput.Kind = .image, createdAt: Date) -> Asset {
        let id = Asset.newID()
        return Asset(id: id, owner: owner, kind: kind, contentType: "image/png", fileName: "\(id).png", bytes: 3_000_000_000,
                     createdAt: createdAt)
    }

    @Test(arguments: StoreKind.allCases) func storesListsNewestFirstPerOwnerAndDeletes(_ kind: StoreKind) async throws {
        try await TestStores.withStores(kind) { stores in
            let assets = stores.assets
            let now = Date()
            let older = asset(owner: "alice", createdAt: now - 10)
            let newer = asset(owner: "alice", kind: .audio, createdAt: now)
            let other = asset(owner: "bob", createdAt: now)
            for item in [older, newer, other] { try await assets.insert(item) }

            let loaded = try #require(try await assets.asset(id: newer.id))
            #expect(loaded.kind == .audio && loaded.bytes == 3_000_000_000 && loaded.fileName == newer.fileName)
            #expect(abs(loaded.createdAt.timeIntervalSince(now)) < 0.001)
            #expect(try await assets.assets(owner: "alice").map(\.id) == [newer.id, older.id])
            #expect(try await assets.assets(owner: "bob").map(\.id) == [other.id])
            try await assets.delete(id: newer.id)
            #expect(try await assets.asset(id: newer.id) == nil)
            #expect(try await assets.assets(owner: "alice").map(\.id) == [older.id])
        }
    }
}

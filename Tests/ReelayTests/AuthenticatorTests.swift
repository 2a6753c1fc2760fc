import Foundation
import HTTPTypes
import ReelayCore
import Testing
@testable import Reelay

/// How `Authorization` is read: `Bearer <key>`, the scheme in any case, blanks around it ignored.
@Suite struct AuthenticatorTests {
    @Test(arguments: [
        ("Bearer key-1", "key-1"),
        ("bearer key-1", "key-1"),
        ("BEARER key-1", "key-1"),
        ("  Bearer \t key-1  ", "key-1"),
        ("Bearer\tkey-1", "key-1"),
        ("Bearer key with spaces", "key with spaces"),
    ])
    func readsTheKey(_ header: String, _ key: String) {
        #expect(Authenticator.bearer(HTTPFields([HTTPField(name: .authorization, value: header)])) == key)
    }

    @Test(arguments: ["", "Bearer", "Bearer ", "Bearerkey-1", "Basic a2V5", "Bearex key-1", "key-1", "Bear key"])
    func refusesOtherSchemesAndEmptyKeys(_ header: String) {
        #expect(Authenticator.bearer(HTTPFields([HTTPField(name: .authorization, value: header)])) == nil)
    }

    @Test func refusesAMissingHeader() {
        #expect(Authenticator.bearer(HTTPFields()) == nil)
    }

    @Test func resolvesConfiguredAndManagedKeysToTheirOwners() async throws {
        try await TestDatabase.with { database, _ in
            let keys = SQLiteKeyStore(database: database)
            let (managed, secret) = try await keys.create(name: "team", now: Date())
            let auth = Authenticator(keys: keys, staticKeys: ["static-1", "static-2"])
            func owner(_ key: String) async throws(APIError) -> String {
                try await auth.caller(of: HTTPFields([HTTPField(name: .authorization, value: "Bearer " + key)])).owner
            }
            let first = try await owner("static-1")
            #expect(first == "static_" + APIKey.hash("static-1").prefix(16))
            #expect(try await owner("static-2") != first)
            #expect(!first.contains("static-1"), "the owner id shows the key")
            #expect(try await owner(secret) == managed.id)
            await #expect(throws: APIError.self) { try await owner("static-3") }
            _ = try await keys.revoke(managed.id, now: Date())
            await #expect(throws: APIError.self) { try await owner(secret) }
        }
    }
}

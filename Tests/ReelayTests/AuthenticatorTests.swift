import HTTPTypes
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
}

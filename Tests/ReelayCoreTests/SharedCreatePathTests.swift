import Foundation
import Testing
@testable import ReelayCore

/// toapis and apimart share `POST /v1/videos/generations`: the body decides, the configured
/// dialect answers only bodies that fit both, and a field of the other dialect is never dropped.
@Suite struct SharedCreatePathTests {
    func dialect(_ json: String, fallback: DialectID = .toapis) throws(APIError) -> DialectID {
        try SharedCreatePath.dialect(of: try JSONValue.parse(Data(json.utf8)), fallback: fallback)
    }

    @Test(arguments: ["size", "resolution", "generate_audio", "audio", "seed", "return_last_frame", "tools", "video_urls", "audio_urls"])
    func anApimartFieldMeansApimart(field: String) throws {
        #expect(try dialect(#"{"model": "m", "prompt": "p", "\#(field)": 1}"#) == .apimart)
    }

    @Test func metadataMeansToapis() throws {
        #expect(try dialect(#"{"model": "m", "prompt": "p", "metadata": {}}"#, fallback: .apimart) == .toapis)
    }

    @Test func aBodyThatFitsBothGoesToTheConfiguredDialect() throws {
        let shared = #"{"model": "m", "prompt": "p", "duration": 5, "aspect_ratio": "16:9", "image_urls": ["https://e.com/a.png"], "size": null}"#
        #expect(try dialect(shared) == .toapis)
        #expect(try dialect(shared, fallback: .apimart) == .apimart)
    }

    @Test func fieldsOfBothAreRefusedNamingTheOneTheConfiguredDialectCannotHonour() throws {
        let body = #"{"model": "m", "prompt": "p", "resolution": "480p", "metadata": {"audio": false}}"#
        let asToapis = try #require(throws: APIError.self) { try dialect(body) }
        #expect(asToapis.param == "resolution" && asToapis.message.contains("apimart"))
        let asApimart = try #require(throws: APIError.self) { try dialect(body, fallback: .apimart) }
        #expect(asApimart.param == "metadata" && asApimart.message.contains("toapis"))
    }
}

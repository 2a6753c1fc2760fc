import Foundation
import Testing
@testable import Reelay

/// Signed file links: valid for at least the configured lifetime, the same link within one
/// expiry window, and refused once changed or expired.
@Suite struct LinkSignerTests {
    let signer = LinkSigner(secret: Data("secret-1".utf8), publicURL: "https://reelay.example/", lifetime: 3_600)

    func parts(_ url: String) throws -> (path: String, expires: String, signature: String) {
        let components = try #require(URLComponents(string: url))
        let items = Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        return (components.path, try #require(items["expires"]), try #require(items["signature"]))
    }

    @Test func aLinkVerifiesUntilItExpires() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_123.4)
        let link = signer.link(taskID: "cgt-1", name: "video.mp4", now: now)
        #expect(link.url.hasPrefix("https://reelay.example/files/cgt-1/video.mp4?expires="))
        let expires = link.expires.timeIntervalSince1970
        #expect(expires >= now.timeIntervalSince1970 + 3_600 && expires < now.timeIntervalSince1970 + 3_600 + 60)
        #expect(Int(expires) % LinkSigner.window == 0)
        let (path, expiry, signature) = try parts(link.url)
        #expect(Int(expiry) == Int(expires))
        #expect(signer.verify(path: path, expires: expiry, signature: signature, now: now))
        #expect(signer.verify(path: path, expires: expiry, signature: signature, now: link.expires))
        #expect(!signer.verify(path: path, expires: expiry, signature: signature, now: link.expires + 1), "an expired link")
    }

    @Test func aChangedLinkIsRefused() throws {
        let now = Date()
        let (path, expiry, signature) = try parts(signer.link(taskID: "cgt-1", name: "video.mp4", now: now).url)
        #expect(!signer.verify(path: "/files/cgt-2/video.mp4", expires: expiry, signature: signature, now: now))
        #expect(!signer.verify(path: path, expires: String(Int(expiry)! + 60), signature: signature, now: now))
        #expect(!signer.verify(path: path, expires: expiry, signature: String(signature.reversed()), now: now))
        #expect(!signer.verify(path: path, expires: expiry, signature: "zz", now: now))
        let other = LinkSigner(secret: Data("secret-2".utf8), publicURL: "https://reelay.example", lifetime: 3_600)
        #expect(!other.verify(path: path, expires: expiry, signature: signature, now: now), "another instance's secret")
    }

    @Test func pollsWithinAWindowGetTheSameLink() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)  // a window boundary
        let first = signer.link(taskID: "cgt-1", name: "video.mp4", now: start + 0.5)
        #expect(signer.link(taskID: "cgt-1", name: "video.mp4", now: start + 30).url == first.url)
        #expect(signer.link(taskID: "cgt-1", name: "video.mp4", now: start + 59).url == first.url)
        let next = signer.link(taskID: "cgt-1", name: "video.mp4", now: start + 61)
        #expect(next.url != first.url && next.expires == first.expires + 60)
        #expect(signer.link(taskID: "cgt-1", name: "last-frame.png", now: start + 30).url != first.url)
    }
}

import Foundation

/// Result links as presigned GET URLs straight to the bucket, so video bytes never pass
/// through Reelay. They live as long as Reelay's own links (`lifetime`), capped at the 7 days
/// S3 allows a presigned URL.
///
/// As with `LinkSigner`, links are made per 60-second window (signed at the window's start and
/// valid a window longer), so every answer within one window carries the same URL and a player
/// can keep what it fetched.
public struct PresignedLinks: ResultLinking {
    let store: S3BlobStore
    let lifetime: TimeInterval

    public static let longest = 604_800

    public init(store: S3BlobStore, lifetime: TimeInterval) {
        self.store = store
        self.lifetime = lifetime
    }

    public func link(taskID: String, name: String, now: Date) -> (url: String, expires: Date) {
        let window = LinkSigner.window
        let start = Int(now.timeIntervalSince1970) / window * window
        let seconds = min(Self.longest, Int(lifetime.rounded(.up)) + window)
        let url = store.client.presignedGET(key: store.resultKey(taskID: taskID, name: name), expires: seconds,
                                            date: Date(timeIntervalSince1970: TimeInterval(start)))
        return (url.absoluteString, Date(timeIntervalSince1970: TimeInterval(start + seconds)))
    }
}

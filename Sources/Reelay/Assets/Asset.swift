import Foundation
import ReelayCore

/// A media file a key uploaded once and names in requests as `asset://<id>`.
public struct Asset: Sendable, Equatable, Codable {
    public var id: String
    public var owner: String
    public var kind: MediaInput.Kind
    public var contentType: String
    /// The stored file's name inside the asset folder (the id and an extension).
    public var fileName: String
    public var bytes: Int
    public var createdAt: Date

    public var url: String { "asset://\(id)" }

    public static func newID() -> String {
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        return "asset_" + String((0..<20).map { _ in alphabet.randomElement()! })
    }
}

import Foundation

/// How much and how long `MediaFetcher` is willing to fetch for one media input.
public struct MediaLimits: Sendable, Equatable {
    public var maxImageBytes: Int
    public var maxVideoBytes: Int
    public var maxAudioBytes: Int
    /// Everything for one input (resolution, connects, redirects, the whole body) fits in this.
    public var timeLimit: Duration
    /// Time allowed to open one connection.
    public var connectTimeout: Duration
    public var maxRedirects: Int
    /// The largest picture, by its header, that is decoded at all: Ark's 6000 px a side, and 36
    /// megapixels (6000 x 6000 would need 144 MB as one RGBA frame).
    public var maxImageSide: Int
    public var maxImagePixels: Int

    public init(maxImageBytes: Int = 30 * megabyte, maxVideoBytes: Int = 200 * megabyte,
                maxAudioBytes: Int = 50 * megabyte, timeLimit: Duration = .seconds(30),
                connectTimeout: Duration = .seconds(10), maxRedirects: Int = 3,
                maxImageSide: Int = 6000, maxImagePixels: Int = 36_000_000) {
        self.maxImageBytes = maxImageBytes
        self.maxVideoBytes = maxVideoBytes
        self.maxAudioBytes = maxAudioBytes
        self.timeLimit = timeLimit
        self.connectTimeout = connectTimeout
        self.maxRedirects = maxRedirects
        self.maxImageSide = maxImageSide
        self.maxImagePixels = maxImagePixels
    }

    public static let `default` = MediaLimits()
    public static let megabyte = 1024 * 1024

    public func maxBytes(for kind: MediaInput.Kind) -> Int {
        switch kind {
        case .image: maxImageBytes
        case .video: maxVideoBytes
        case .audio: maxAudioBytes
        }
    }

    /// Refuses a picture whose header is unreadable or declares more pixels than may be decoded.
    public func checkImage(_ data: Data, format: MediaFormat) throws(MediaRejection) {
        guard format.kind == .image else { return }
        guard let size = ImageHeader.size(of: data, format: format) else {
            throw MediaRejection("its \(format.name) header is cut short or malformed, so it cannot be decoded")
        }
        guard size.width <= maxImageSide, size.height <= maxImageSide, size.width * size.height <= maxImagePixels else {
            throw MediaRejection("it is \(size.width)x\(size.height) pixels; images may be at most \(maxImageSide) px a side and \(maxImagePixels / 1_000_000) megapixels")
        }
    }

    /// "30 MB", "512 KB", "100 bytes": sizes as people read them in error messages.
    public static func describe(bytes: Int) -> String {
        if bytes >= megabyte, bytes % megabyte == 0 { return "\(bytes / megabyte) MB" }
        if bytes >= megabyte { return "\(bytes * 10 / megabyte / 10).\(bytes * 10 / megabyte % 10) MB" }
        if bytes >= 1024 { return "\(bytes / 1024) KB" }
        return "\(bytes) bytes"
    }

    /// "30 s", "0.5 s".
    public static func describe(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(Double(milliseconds) / 1000) s"
    }
}

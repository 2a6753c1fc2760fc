import AsyncHTTPClient
import Foundation
import Logging
import ReelayCore
import Testing
@testable import Reelay

@Suite("data: URIs")
struct DataURITests {
    /// A 1x1 PNG.
    static let pngBase64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    static let png = Data(base64Encoded: pngBase64)!

    static func fetcher(_ limits: MediaLimits = .default) -> MediaFetcher {
        // The shared client only lends its event loops; data: URIs never touch the network.
        MediaFetcher(httpClient: .shared, allowPrivateAddresses: false, limits: limits, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    static func image(_ url: String) -> MediaInput {
        MediaInput(kind: .image, url: url, role: .firstFrame, param: "content[1].image_url.url")
    }

    // MARK: Parsing

    @Test func decodesBase64() throws {
        let uri = try DataURI(parsing: "data:image/png;base64,\(Self.pngBase64)")
        #expect(uri.mediaType == "image/png")
        #expect(uri.data == Self.png)
        #expect(MediaFormat.sniff(uri.data) == .png)
    }

    @Test func acceptsLenientBase64() throws {
        // Upper-case header, a parameter, line breaks, URL-safe alphabet and no padding.
        let wrapped = String(Self.pngBase64.prefix(40)) + "\r\n" + String(Self.pngBase64.dropFirst(40))
        let urlSafe = wrapped.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "=", with: "")
        let uri = try DataURI(parsing: "DATA:Image/PNG;name=a.png;BASE64,\(urlSafe)")
        #expect(uri.mediaType == "image/png")
        #expect(uri.data == Self.png)
        // Percent-encoded base64, as some clients send it.
        let escaped = Self.pngBase64.replacingOccurrences(of: "+", with: "%2B").replacingOccurrences(of: "=", with: "%3D")
        #expect(try DataURI(parsing: "data:image/png;base64,\(escaped)").data == Self.png)
    }

    @Test func decodesPercentEncodedText() throws {
        let uri = try DataURI(parsing: "data:text/plain;charset=utf-8,hello%20world%21")
        #expect(uri.mediaType == "text/plain")
        #expect(String(decoding: uri.data, as: UTF8.self) == "hello world!")
        #expect(try DataURI(parsing: "data:,abc").mediaType == nil)
    }

    @Test func rejectsGarbage() {
        #expect(throws: DataURI.Failure.malformed("is not valid base64: unexpected '!' at position 5")) {
            try DataURI(parsing: "data:image/png;base64,iVBOR!!w0KGgo=")
        }
        #expect(throws: DataURI.Failure.malformed("is not valid base64: unexpected byte 0xC3 at position 4")) {
            try DataURI(parsing: "data:image/png;base64,iVBOé")
        }
        #expect(throws: DataURI.Failure.malformed("is not valid base64: its length is not a whole number of base64 groups")) {
            try DataURI(parsing: "data:image/png;base64,iVBORw0KG")
        }
        #expect(throws: DataURI.Failure.malformed("is not valid base64: data follows '=' padding at position 3")) {
            try DataURI(parsing: "data:image/png;base64,iV=BORw0")
        }
        #expect(throws: DataURI.Failure.malformed("has no ',' between its header and its data")) {
            try DataURI(parsing: "data:image/png;base64")
        }
        #expect(throws: DataURI.Failure.malformed("has an invalid media type 'png'")) {
            try DataURI(parsing: "data:png;base64,AAAA")
        }
        #expect(throws: DataURI.Failure.malformed("has an invalid percent-escape at position 3")) {
            try DataURI(parsing: "data:text/plain,abc%zz")
        }
        // Found by fuzzing: a sign passed for a hex digit (`%+D` read as 0x0D).
        #expect(throws: DataURI.Failure.malformed("has an invalid percent-escape at position 1")) {
            try DataURI(parsing: "data:ge/png;base64,i%+D")
        }
        #expect(throws: DataURI.Failure.malformed("has an invalid percent-escape at position 0")) {
            try DataURI(parsing: "data:,%-0")
        }
        #expect((try? DataURI(parsing: "data:,%0a%0A%fF"))?.data == Data([0x0A, 0x0A, 0xFF]))
    }

    @Test func refusesOversizeBeforeDecoding() throws {
        let big = Data(repeating: 7, count: 3000).base64EncodedString()
        #expect(throws: DataURI.Failure.tooLarge(limit: 1000)) {
            try DataURI(parsing: "data:image/png;base64,\(big)", maxBytes: 1000)
        }
        #expect(throws: DataURI.Failure.tooLarge(limit: 10)) {
            try DataURI(parsing: "data:text/plain,\(String(repeating: "x", count: 11))", maxBytes: 10)
        }
        // Refused by its length alone: had it been read, the first '!' would have been the complaint.
        #expect(throws: DataURI.Failure.tooLarge(limit: 1000)) {
            try DataURI(parsing: "data:image/png;base64,\(String(repeating: "!", count: 10_000))", maxBytes: 1000)
        }
        // Line-wrapped base64 of a file at the limit still fits.
        let wrapped = Data(repeating: 7, count: 1000).base64EncodedString(options: [.lineLength64Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        #expect(try DataURI(parsing: "data:image/png;base64,\(wrapped)", maxBytes: 1000).data.count == 1000)
    }

    // MARK: Through the fetcher

    @Test func checkAcceptsAPNGImage() async throws {
        try await Self.fetcher().check(Self.image("data:image/png;base64,\(Self.pngBase64)"))
        // Generic types pass when the bytes are a known image format.
        try await Self.fetcher().check(Self.image("data:application/octet-stream;base64,\(Self.pngBase64)"))
        try await Self.fetcher().check(Self.image("data:;base64,\(Self.pngBase64)"))
    }

    @Test func checkRefusesTheWrongType() async {
        await #expect(throws: APIError.invalid("content[1].image_url.url", "Cannot use the image at content[1].image_url.url: its content type is 'text/plain', expected image/*.")) {
            try await Self.fetcher().check(Self.image("data:text/plain;base64,\(Self.pngBase64)"))
        }
        let video = MediaInput(kind: .video, url: "data:application/octet-stream;base64,\(Self.pngBase64)", role: .referenceVideo, param: "video_urls[0]")
        await #expect(throws: APIError.invalid("video_urls[0]", "Cannot use the video at video_urls[0]: its bytes are not a video format Reelay accepts (MP4, MOV, WebM/MKV): they are an image file (PNG).")) {
            try await Self.fetcher().check(video)
        }
    }

    @Test func checkRefusesBadBase64AndOversize() async {
        await #expect(throws: APIError.invalid("content[1].image_url.url", "Cannot use the image at content[1].image_url.url: its data URI is not valid base64: unexpected '*' at position 2.")) {
            try await Self.fetcher().check(Self.image("data:image/png;base64,iV*BOR"))
        }
        let small = MediaLimits(maxImageBytes: 32)
        await #expect(throws: APIError.invalid("content[1].image_url.url", "Cannot use the image at content[1].image_url.url: it is larger than the image limit of 32 bytes.")) {
            try await Self.fetcher(small).check(Self.image("data:image/png;base64,\(Self.pngBase64)"))
        }
    }

    @Test func checkRefusesOtherSchemesButLeavesAssetsAlone() async throws {
        try await Self.fetcher().check(Self.image("asset://asset-123"))
        await #expect(throws: APIError.invalid("content[1].image_url.url", "Cannot use the image at content[1].image_url.url: its URL scheme 'file' is not supported; use http, https, data or asset.")) {
            try await Self.fetcher().check(Self.image("file:///etc/passwd"))
        }
        await #expect(throws: APIError.self) { try await Self.fetcher().check(Self.image("just words")) }
    }

    @Test func loadWritesTheBytesWithAnExtension() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try await Self.fetcher().load(Self.image("data:application/octet-stream;base64,\(Self.pngBase64)"), into: directory.url)
        #expect(file.pathExtension == "png")
        #expect(file.deletingLastPathComponent().path(percentEncoded: false).hasPrefix(directory.url.path(percentEncoded: false)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == [file.lastPathComponent])
        #expect(try Data(contentsOf: file) == Self.png)
    }

    @Test func loadRefusesWithAProviderError() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        await #expect(throws: ProviderError.invalidInput("Cannot use the image at content[1].image_url.url: its content type is 'text/html', expected image/*.")) {
            try await Self.fetcher().load(Self.image("data:text/html,<p>hi</p>"), into: directory.url)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    // MARK: Magic numbers

    static let magic: [([UInt8], MediaFormat)] = [
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], .png),
        ([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], .jpeg),
        (Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8), .webp),
        (Array("GIF89a\u{1}\u{0}".utf8), .gif),
        (Array("BM".utf8) + [0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0], .bmp),
        ([0, 0, 0, 0x20] + Array("ftypisom".utf8), .mp4),
        ([0, 0, 0, 0x14] + Array("ftypqt  ".utf8), .mov),
        ([0, 0, 0, 0x20] + Array("ftypM4A ".utf8), .m4a),
        ([0x1A, 0x45, 0xDF, 0xA3, 0x9F], .matroska),
        (Array("ID3\u{3}\u{0}".utf8), .mp3),
        ([0xFF, 0xFB, 0x90, 0x64], .mp3),
        (Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt ".utf8), .wav),
        (Array("OggS\u{0}\u{2}".utf8), .ogg),
        (Array("fLaC\u{0}".utf8), .flac),
        ([0xFF, 0xF1, 0x50, 0x80], .aac),
    ]

    @Test(arguments: magic)
    func sniffsMagicNumbers(bytes: [UInt8], format: MediaFormat) async throws {
        #expect(MediaFormat.sniff(bytes) == format)
        let input = MediaInput(kind: format.kind, url: "data:application/octet-stream;base64,\(Data(bytes).base64EncodedString())", role: .firstFrame, param: "p")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        if format.kind == .image {
            // Magic numbers alone are no picture: its size must be readable before anything decodes it.
            let error = await #expect(throws: ProviderError.self) { try await Self.fetcher().load(input, into: directory.url) }
            #expect(error?.message == "Cannot use the image at p: its \(format.name) header is cut short or malformed, so it cannot be decoded.")
            return
        }
        // An octet-stream data URI of that kind is accepted and saved under the right extension.
        let file = try await Self.fetcher().load(input, into: directory.url)
        #expect(file.pathExtension == format.fileExtension)
    }

    @Test func sniffsNothingInText() {
        #expect(MediaFormat.sniff(Array("<html><body>".utf8)) == nil)
        #expect(MediaFormat.sniff(Array("BMW is a car".utf8)) == nil)
        #expect(MediaFormat.sniff([UInt8]()) == nil)
    }
}

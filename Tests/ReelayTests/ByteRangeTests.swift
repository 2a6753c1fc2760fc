import Testing
import ReelayCore

/// `Range` headers as RFC 9110 reads them, for a file of 1,000 bytes.
@Suite struct ByteRangeTests {
    static let cases: [(String?, ByteRange)] = [
        (nil, .whole),
        ("bytes=0-9", .part(0...9)),
        ("bytes=990-", .part(990...999)),
        ("bytes=990-5000", .part(990...999)),
        ("bytes=-100", .part(900...999)),
        ("bytes=-5000", .part(0...999)),
        ("BYTES = 0-9", .whole),
        ("Bytes=0-9", .part(0...9)),
        ("bytes=1000-", .unsatisfiable),
        ("bytes=5000-6000", .unsatisfiable),
        ("bytes=-0", .unsatisfiable),
        ("bytes=5-2", .whole),
        ("bytes=0-0,5-6", .whole),
        ("bytes=abc", .whole),
        ("bytes=-", .whole),
        ("bytes=+1-2", .whole),
        ("items=0-9", .whole),
        ("bytes=99999999999999999999999-", .whole),
    ]

    @Test(arguments: cases) func reads(header: String?, expected: ByteRange) {
        #expect(ByteRange(header: header, size: 1000) == expected)
    }

    @Test func anEmptyFileHasNoRangeToGive() {
        #expect(ByteRange(header: "bytes=-10", size: 0) == .unsatisfiable)
        #expect(ByteRange(header: "bytes=0-", size: 0) == .unsatisfiable)
    }
}

import Foundation

/// The pixel size an image's header declares, read without decoding the picture. A few kilobytes
/// of PNG or JPEG can declare a picture of gigapixels (a decompression bomb); reading the size
/// first lets Reelay refuse it before any decoder allocates for it.
public enum ImageHeader {
    /// The declared size, or nil when the header is cut short, malformed or declares no pixels.
    public static func size(of data: Data, format: MediaFormat) -> Geometry.Size? {
        data.withUnsafeBytes { bytes in
            let reader = ByteReader(bytes: bytes)
            let size: (Int, Int)?
            switch format {
            case .png: size = png(reader)
            case .jpeg: size = jpeg(reader)
            case .gif: size = gif(reader)
            case .webp: size = webp(reader)
            case .bmp: size = bmp(reader)
            default: size = nil
            }
            guard let (width, height) = size, width > 0, height > 0 else { return nil }
            return Geometry.Size(width: width, height: height)
        }
    }

    /// IHDR is always the first chunk: width and height as big-endian 32-bit numbers.
    private static func png(_ r: ByteReader) -> (Int, Int)? {
        guard r.ascii(12, "IHDR"), let width = r.uint32BE(16), let height = r.uint32BE(20) else { return nil }
        return (width, height)
    }

    /// The logical screen size; every frame must fit inside it.
    private static func gif(_ r: ByteReader) -> (Int, Int)? {
        guard let width = r.uint16LE(6), let height = r.uint16LE(8) else { return nil }
        return (width, height)
    }

    /// BITMAPCOREHEADER (12 bytes) has 16-bit sizes; every later header 32-bit signed ones
    /// (a negative height means top-down rows).
    private static func bmp(_ r: ByteReader) -> (Int, Int)? {
        guard let headerSize = r.uint32LE(14) else { return nil }
        if headerSize == 12 {
            guard let width = r.uint16LE(18), let height = r.uint16LE(20) else { return nil }
            return (width, height)
        }
        guard let width = r.uint32LE(18), let height = r.uint32LE(22) else { return nil }
        let signedWidth = Int(Int32(truncatingIfNeeded: width)), signedHeight = Int(Int32(truncatingIfNeeded: height))
        return (signedWidth, abs(signedHeight))
    }

    /// The first chunk says which of WebP's three bitstreams follows; each stores the size its own way.
    private static func webp(_ r: ByteReader) -> (Int, Int)? {
        if r.ascii(12, "VP8 ") {
            // Lossy: a key frame's start code, then 14-bit width and height.
            guard r.byte(23) == 0x9D, r.byte(24) == 0x01, r.byte(25) == 0x2A,
                  let width = r.uint16LE(26), let height = r.uint16LE(28) else { return nil }
            return (width & 0x3FFF, height & 0x3FFF)
        }
        if r.ascii(12, "VP8L") {
            // Lossless: a signature byte, then width-1 and height-1 in 14 bits each.
            guard r.byte(20) == 0x2F, let bits = r.uint32LE(21) else { return nil }
            return ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
        }
        if r.ascii(12, "VP8X") {
            // Extended: the canvas size minus one, in 24 bits each.
            guard let width = r.uint24LE(24), let height = r.uint24LE(27) else { return nil }
            return (width + 1, height + 1)
        }
        return nil
    }

    /// Walks the marker segments to the first start-of-frame, which holds the size. SOF markers
    /// are C0 to CF except C4 (Huffman tables), C8 (reserved) and CC (arithmetic coding).
    private static func jpeg(_ r: ByteReader) -> (Int, Int)? {
        var offset = 2
        while let marker = r.byte(offset + 1), r.byte(offset) == 0xFF {
            if marker == 0xFF { offset += 1; continue }  // fill bytes before a marker
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { offset += 2; continue }
            if marker == 0xD9 || marker == 0xDA { return nil }  // end of image, or scan data before any frame
            guard let length = r.uint16BE(offset + 2), length >= 2 else { return nil }
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                guard let height = r.uint16BE(offset + 5), let width = r.uint16BE(offset + 7) else { return nil }
                return (width, height)
            }
            offset += 2 + length
        }
        return nil
    }
}

/// Bounds-checked reads of little- and big-endian numbers: a header cut short reads as nil.
private struct ByteReader {
    let bytes: UnsafeRawBufferPointer

    func byte(_ offset: Int) -> UInt8? {
        offset >= 0 && offset < bytes.count ? bytes[offset] : nil
    }

    func ascii(_ offset: Int, _ text: String) -> Bool {
        text.utf8.enumerated().allSatisfy { byte(offset + $0.offset) == $0.element }
    }

    func uint16BE(_ offset: Int) -> Int? { number(offset, count: 2, bigEndian: true) }
    func uint32BE(_ offset: Int) -> Int? { number(offset, count: 4, bigEndian: true) }
    func uint16LE(_ offset: Int) -> Int? { number(offset, count: 2, bigEndian: false) }
    func uint24LE(_ offset: Int) -> Int? { number(offset, count: 3, bigEndian: false) }
    func uint32LE(_ offset: Int) -> Int? { number(offset, count: 4, bigEndian: false) }

    private func number(_ offset: Int, count: Int, bigEndian: Bool) -> Int? {
        guard offset >= 0, offset + count <= bytes.count else { return nil }
        var value = 0
        for index in 0..<count {
            let byte = Int(bytes[offset + (bigEndian ? index : count - 1 - index)])
            value = value << 8 | byte
        }
        return value
    }
}

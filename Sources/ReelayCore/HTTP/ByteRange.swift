/// What a `Range` header asks of a file of `size` bytes, by RFC 9110 §14.1.2. Reelay serves one
/// range or the whole file: several ranges in one header, another unit or a malformed header
/// are ignored (the RFC lets a server do that), so the answer is the whole file with 200.
public enum ByteRange: Equatable, Sendable {
    /// No range asked for, or one Reelay ignores: 200 with the whole file.
    case whole
    /// One satisfiable range, clamped to the file: 206.
    case part(ClosedRange<Int>)
    /// A range that starts past the end (or a suffix of no bytes): 416 with `Content-Range: bytes */size`.
    case unsatisfiable

    public init(header: String?, size: Int) {
        guard let header else { self = .whole; return }
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix("bytes=") else { self = .whole; return }
        let specs = trimmed.dropFirst("bytes=".count).split(separator: ",", omittingEmptySubsequences: false)
        guard specs.count == 1 else { self = .whole; return }
        let spec = specs[0].trimmingCharacters(in: .whitespaces)
        let halves = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard halves.count == 2 else { self = .whole; return }
        let (first, last) = (Self.number(halves[0]), Self.number(halves[1]))
        switch (halves[0].isEmpty, halves[1].isEmpty) {
        case (true, false):
            // bytes=-N: the last N bytes, all of them when the file is shorter.
            guard let count = last else { self = .whole; return }
            self = count == 0 || size == 0 ? .unsatisfiable : .part(max(0, size - count)...(size - 1))
        case (false, true):
            guard let first else { self = .whole; return }
            self = first >= size ? .unsatisfiable : .part(first...(size - 1))
        case (false, false):
            guard let first, let last, first <= last else { self = .whole; return }
            self = first >= size ? .unsatisfiable : .part(first...min(last, size - 1))
        case (true, true):
            self = .whole
        }
    }

    /// Digits only (no sign, no blanks), within Int.
    private static func number(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return Int(text)
    }
}

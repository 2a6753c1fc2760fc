import Foundation

/// Speech quoted in a prompt, for espeak-ng to speak over the soundtrack: the text between
/// straight (`"…"`) or curly (`“…”`) double quotes, as in seed 003 case 6
/// (`A man stops a woman and says: "Remember, you must never point your finger at the moon."`).
/// Single quotes are left alone: they are apostrophes as often as quotes.
struct Dialogue: Equatable {
    /// The quoted lines, in order.
    var lines: [String]

    /// Enough for a 15 s video; more would only be cut off.
    static let maxCharacters = 600

    init(lines: [String]) {
        self.lines = lines
    }

    init(prompt: String) {
        var lines: [String] = [], total = 0
        var rest = prompt[...]
        while let open = rest.firstIndex(where: { $0 == "\"" || $0 == "“" }) {
            let close: Character = rest[open] == "\"" ? "\"" : "”"
            let start = rest.index(after: open)
            guard let end = rest[start...].firstIndex(of: close) else { break }
            let line = rest[start..<end].trimmingCharacters(in: .whitespacesAndNewlines)
            if line.contains(where: \.isLetter), total + line.count <= Self.maxCharacters {
                lines.append(line)
                total += line.count
            }
            rest = rest[rest.index(after: end)...]
        }
        self.lines = lines
    }

    var isEmpty: Bool { lines.isEmpty }

    /// The lines as espeak-ng reads them from a file: one paragraph each, so it pauses between.
    var text: String { lines.joined(separator: "\n\n") + "\n" }

    /// The espeak-ng language for the script the lines are written in (English for Latin letters).
    var language: String {
        let scalars = lines.joined().unicodeScalars
        func has(_ ranges: ClosedRange<UInt32>...) -> Bool { scalars.contains { s in ranges.contains { $0.contains(s.value) } } }
        if has(0x3040...0x30FF) { return "ja" }
        if has(0x3400...0x4DBF, 0x4E00...0x9FFF) { return "cmn" }
        if has(0x1100...0x11FF, 0xAC00...0xD7AF) { return "ko" }
        if has(0x0400...0x04FF) { return "ru" }
        if has(0x0370...0x03FF) { return "el" }
        if has(0x0590...0x05FF) { return "he" }
        if has(0x0600...0x06FF) { return "ar" }
        if has(0x0900...0x097F) { return "hi" }
        if has(0x0E00...0x0E7F) { return "th" }
        return "en-us"
    }

    /// espeak-ng arguments that speak the text in `textFile` in `voice` into the WAV `output`.
    /// The text comes from a file, so that no line can be taken for an option.
    func arguments(voice: SceneStyle.Voice, textFile: URL, output: URL) -> [String] {
        ["-v", "\(language)+\(voice.variant)", "-p", "\(voice.pitch)", "-s", "\(voice.speed)",
         "-b", "1", "-w", output.path, "-f", textFile.path]
    }
}

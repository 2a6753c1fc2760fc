import Foundation

/// Ark's legacy text commands, written after (or among) the words of a prompt:
/// `a cat --rs 720p --rt 16:9 --dur 5 --seed 11 --cf false --wm true --fps 24`.
/// Parsing strips them and reads their values (resolutions and ratios must be words some model
/// knows); which of them wins over a top-level field, and whether the model offers a value, is
/// decided by the codec and the validator.
public struct PromptCommands: Sendable, Equatable {
    /// The text with the commands stripped (and trimmed).
    public var prompt: String
    public var resolution: String?
    public var ratio: String?
    public var duration: Int?
    public var seed: Int?
    public var cameraFixed: Bool?
    public var watermark: Bool?
    public var fps: Int?
    public var frames: Int?

    public init(prompt: String, resolution: String? = nil, ratio: String? = nil, duration: Int? = nil, seed: Int? = nil,
                cameraFixed: Bool? = nil, watermark: Bool? = nil, fps: Int? = nil, frames: Int? = nil) {
        self.prompt = prompt
        self.resolution = resolution
        self.ratio = ratio
        self.duration = duration
        self.seed = seed
        self.cameraFixed = cameraFixed
        self.watermark = watermark
        self.fps = fps
        self.frames = frames
    }

    private enum Command {
        case resolution, ratio, duration, seed, cameraFixed, watermark, fps, frames
    }

    /// Short and long names (Ark also documents `--framespersecond`). Case is ignored.
    private static let commands: [String: Command] = [
        "rs": .resolution, "resolution": .resolution, "rt": .ratio, "ratio": .ratio,
        "dur": .duration, "duration": .duration, "seed": .seed, "cf": .cameraFixed, "camerafixed": .cameraFixed,
        "wm": .watermark, "watermark": .watermark, "fps": .fps, "framespersecond": .fps, "frames": .frames,
    ]

    /// Reads the commands out of `text`. A command is a whole word `--name` (or `--name=value`)
    /// with a known name; `--` inside a word, or an unknown name, stays ordinary text. A value
    /// that does not parse is an `.invalidParameter` on `param` naming the command. When a
    /// command repeats, the last one wins.
    public static func parse(_ text: String, param: String) throws(APIError) -> PromptCommands {
        let words = words(of: text)
        var result = PromptCommands(prompt: "")
        var removed: [Range<String.Index>] = []
        var index = 0
        while index < words.count {
            let commandIndex = index
            guard let (command, name, inline) = command(in: text[words[index]]) else {
                index += 1
                continue
            }
            let value: Substring
            if let inline, !inline.isEmpty {
                value = inline
            } else if inline == nil, index + 1 < words.count, self.command(in: text[words[index + 1]]) == nil {
                index += 1
                value = text[words[index]]
            } else {
                throw .invalid(param, "The prompt command \(name) needs a value.")
            }
            try result.set(command, to: value, name: name, param: param)
            // Take the blank before the command with it, so that `a --rs 720p cat` reads `a cat`.
            let start = commandIndex > 0 ? words[commandIndex - 1].upperBound : text.startIndex
            removed.append(start..<words[index].upperBound)
            index += 1
        }
        var prompt = ""
        var cursor = text.startIndex
        for range in removed {
            prompt += text[cursor..<range.lowerBound]
            cursor = range.upperBound
        }
        prompt += text[cursor...]
        result.prompt = prompt.trimmingCharacters(in: .whitespacesAndNewlines)
        return result
    }

    /// The ranges of the blank-separated words of `text`.
    private static func words(of text: String) -> [Range<String.Index>] {
        var words: [Range<String.Index>] = []
        var index = text.startIndex
        while index < text.endIndex {
            guard !text[index].isWhitespace else {
                index = text.index(after: index)
                continue
            }
            let start = index
            while index < text.endIndex && !text[index].isWhitespace { index = text.index(after: index) }
            words.append(start..<index)
        }
        return words
    }

    /// The command a word spells, the name as written, and a value given as `--name=value`.
    private static func command(in word: Substring) -> (Command, String, Substring?)? {
        guard word.hasPrefix("--") else { return nil }
        let body = word.dropFirst(2)
        let name = body.prefix { $0 != "=" }
        guard let command = commands[name.lowercased()] else { return nil }
        let inline = body.count > name.count ? body.dropFirst(name.count + 1) : nil
        return (command, "--\(name)", inline)
    }

    private mutating func set(_ command: Command, to value: Substring, name: String, param: String) throws(APIError) {
        func integer(_ what: String) throws(APIError) -> Int {
            guard let number = Int(value) else {
                throw .invalid(param, "The prompt command \(name) needs \(what), not '\(value)'.")
            }
            return number
        }
        // Whether the model offers it is the validator's call; a word no model knows is an error here.
        func word(from known: [String]) throws(APIError) -> String {
            let word = value.lowercased()
            guard known.contains(word) else {
                throw .invalid(param, "The prompt command \(name) needs one of \(known.joined(separator: ", ")), not '\(value)'.")
            }
            return word
        }
        func boolean() throws(APIError) -> Bool {
            switch value.lowercased() {
            case "true": return true
            case "false": return false
            default: throw .invalid(param, "The prompt command \(name) needs true or false, not '\(value)'.")
            }
        }
        switch command {
        case .resolution: resolution = try word(from: Geometry.resolutions)
        case .ratio: ratio = try word(from: Geometry.ratios + ModelSpec.imageRatios)
        case .duration: duration = try integer("a whole number of seconds")
        case .seed: seed = try integer("an integer")
        case .cameraFixed: cameraFixed = try boolean()
        case .watermark: watermark = try boolean()
        case .fps: fps = try integer("an integer")
        case .frames: frames = try integer("an integer")
        }
    }
}

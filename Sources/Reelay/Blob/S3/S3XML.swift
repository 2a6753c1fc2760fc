import Foundation

/// Reads the few fields Reelay needs from S3's small XML answers (errors, listings, multipart
/// uploads). S3's documents are flat and generated, so a scan for `<Name>...</Name>` is enough,
/// and it needs no XML library (FoundationXML is not on every Linux machine).
struct S3XML {
    let text: String

    init(_ data: Data) {
        text = String(decoding: data, as: UTF8.self)
    }

    /// The text of every `<name>` element, entities resolved, in document order.
    func values(_ name: String) -> [String] {
        elements(name).map(Self.unescape)
    }

    /// The text of the first `<name>` element.
    func value(_ name: String) -> String? {
        values(name).first
    }

    /// The raw inner text of every `<name>` element (nested ones included, unescaped).
    func elements(_ name: String) -> [String] {
        var found: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "<\(name)>") {
            guard let close = rest.range(of: "</\(name)>", range: open.upperBound..<rest.endIndex) else { break }
            found.append(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return found
    }

    static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: amp)..<semicolon]
            if let character = entities[String(entity)] {
                result.append(character)
            } else {
                let number = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16)
                    : entity.hasPrefix("#") ? UInt32(entity.dropFirst(), radix: 10) : nil
                if let number, let scalar = Unicode.Scalar(number) {
                    result.unicodeScalars.append(scalar)
                } else {
                    result += rest[amp...semicolon]
                }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }

    /// `text` with the five XML special characters escaped, for request bodies.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            if let name = entityNames[character] { result += "&\(name);" } else { result.append(character) }
        }
        return result
    }

    /// XML's five named entities, written once for reading and writing.
    private static let entities: [String: Character] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'"]
    private static let entityNames = Dictionary(uniqueKeysWithValues: entities.map { ($1, $0) })
}

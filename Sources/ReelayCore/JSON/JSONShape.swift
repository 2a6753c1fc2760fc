import Foundation

/// How deep a JSON text nests and how many objects and arrays it holds, read in one pass over
/// its bytes before it is parsed. A request body is refused on these before a tree of half a
/// million values is built for it (that took seconds of a core, and other requests waited).
public struct JSONShape: Equatable {
    /// The deepest nesting of objects and arrays.
    public var depth = 0
    /// Objects and arrays in all.
    public var containers = 0

    /// What a request body may hold: a create has a content array of at most a few dozen items.
    public static let maxDepth = 32
    public static let maxContainers = 2_000

    public init(depth: Int, containers: Int) {
        self.depth = depth
        self.containers = containers
    }

    /// Measures `bytes`, stopping early once a limit is passed (the figures are then partial).
    public init(of bytes: some DataProtocol, stoppingPast limits: (depth: Int, containers: Int) = (maxDepth, maxContainers)) {
        var open = 0
        var inString = false
        var escaped = false
        regions: for region in bytes.regions {
            for byte in region {
                if inString {
                    if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""):
                    inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    open += 1
                    containers += 1
                    depth = max(depth, open)
                    if depth > limits.depth || containers > limits.containers { break regions }
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    open -= 1
                default:
                    continue
                }
            }
        }
    }

    /// Refuses a body past either limit, naming it.
    public static func check(_ bytes: some DataProtocol) throws(APIError) {
        let shape = JSONShape(of: bytes)
        if shape.depth > maxDepth {
            throw APIError(.invalidParameter, "The request body nests objects and arrays deeper than \(maxDepth) levels.", param: "body")
        }
        if shape.containers > maxContainers {
            throw APIError(.invalidParameter, "The request body holds more than \(maxContainers) objects and arrays; a request needs far fewer.",
                           param: "body")
        }
    }
}

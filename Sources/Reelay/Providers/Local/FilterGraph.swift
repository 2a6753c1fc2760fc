import Foundation

/// An ffmpeg `-filter_complex` graph, built from chains of `Filter`s between labelled pads, and the
/// files it reads.
struct FilterGraph: CustomStringConvertible {
    private var chains: [String] = []
    private var labels = 0
    /// The files the graph reads, in `-i` order.
    private(set) var inputs: [URL] = []

    /// The `-i` index of `file`, added on first use: a file used twice is read once.
    mutating func input(_ file: URL) -> Int {
        if let index = inputs.firstIndex(of: file) { return index }
        inputs.append(file)
        return inputs.count - 1
    }

    /// A pad label not used before in this graph (`orb3`).
    mutating func pad(_ hint: String) -> String {
        labels += 1
        return "\(hint)\(labels)"
    }

    /// Appends `[in1][in2]filter1,filter2[out1][out2]`. A source chain has no inputs.
    mutating func add(_ inputs: [String], _ filters: [Filter], _ outputs: [String]) {
        let ins = inputs.map { "[\($0)]" }.joined()
        let outs = outputs.map { "[\($0)]" }.joined()
        chains.append(ins + filters.map(\.description).joined(separator: ",") + outs)
    }

    var description: String { chains.joined(separator: ";") }
}

/// One filter, `name=key=value:key=value`. Values are escaped for both levels at which ffmpeg
/// parses them, so a path or any text stays one value and cannot start another filter.
struct Filter: CustomStringConvertible {
    var name: String
    var options: [(key: String, value: String)]

    init(_ name: String, _ options: KeyValuePairs<String, String> = [:]) {
        self.name = name
        self.options = options.map { ($0.key, $0.value) }
    }

    var description: String {
        guard !options.isEmpty else { return name }
        return name + "=" + options.map { "\($0.key)=\(Self.escape($0.value))" }.joined(separator: ":")
    }

    /// First as an option value (`\ ' :`), then as part of the graph (`\ ' [ ] , ;`).
    static func escape(_ value: String) -> String {
        var option = ""
        for character in value {
            if "\\':".contains(character) { option.append("\\") }
            option.append(character)
        }
        var graph = ""
        for character in option {
            if "\\'[],;".contains(character) { graph.append("\\") }
            graph.append(character)
        }
        return graph
    }
}

extension Double {
    /// A fixed-precision decimal for filter expressions: the same value always prints the same.
    var ff: String { String(format: "%.4f", self) }
}

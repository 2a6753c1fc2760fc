/// Rows for people: a header and columns padded to their widest cell, two spaces apart. The
/// last column is not padded, so long prompts or limits do not leave trailing blanks.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: String...) {
        self.header = header
    }

    /// A table whose columns are known only at run time.
    init(header: [String]) {
        self.header = header
    }

    mutating func append(_ row: String...) {
        rows.append(row)
    }

    mutating func append(_ row: [String]) {
        rows.append(row)
    }

    var lines: [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.indices.map { column in
                column == row.count - 1 ? row[column] : row[column] + String(repeating: " ", count: widths[column] - row[column].count)
            }
            .joined(separator: "  ")
        }
    }
}

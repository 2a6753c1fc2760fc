import Foundation
import ReelayCore

extension PriceList {
    /// Reads `REELAY_PRICES`; a mistake stops the start with the file and the field named.
    static func load(file: String) throws -> PriceList {
        let data: Data
        do {
            data = try Data(contentsOf: URL(filePath: file))
        } catch {
            throw ConfigurationError("Cannot read the price file \(file): \(error.localizedDescription)")
        }
        do {
            return try PriceList.decode(data, source: file)
        } catch {
            throw ConfigurationError(error.description)
        }
    }
}

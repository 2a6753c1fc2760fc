import Foundation
import HTTPTypes
import Hummingbird
import ReelayCore

/// `?dry_run=true` on any create route: the request is checked as a create would be (its
/// parameters, the key's budgets) and answered with its estimate, and no task is made.
extension TaskService {
    /// Whether the create asks for a dry run: `dry_run=true` (or `1`) in the query; `false`,
    /// `0` or none for a real create. A query parameter rather than a body field, so every
    /// dialect carries it the same way, multipart OpenAI creates included, without a field
    /// that the providers' own servers would refuse as unknown.
    static func isDryRun(_ request: Request) throws(APIError) -> Bool {
        guard let value = request.uri.queryParameters["dry_run"].map(String.init) else { return false }
        switch value.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw APIError.invalid("dry_run", "dry_run must be true or false.")
        }
    }

    /// The estimate of a request without making its task: validated as a create is, and
    /// refused as a create is when the key's budget cannot cover it.
    public func dryRun(_ request: GenerationRequest, caller: Caller, dialect: DialectID) async throws(APIError) -> JSONValue {
        var spec = try validator.validate(request, dialect: dialect)
        if let draftID = spec.draftTaskID {
            spec = try await fullRender(of: draftID, as: spec, owner: caller.owner, param: request.param("draft_task"))
        }
        return try await spending.dryRun(spec, owner: caller.owner)
    }

    /// Headers of a create's answer with the amount its key's budget holds for it (the estimate):
    /// `X-Reelay-Estimate: 0.75` and `X-Reelay-Currency: USD`. None when no price list is set.
    func estimateHeaders(_ task: GenerationTask) async -> HTTPFields {
        guard let currency = spending.currency, let record = try? await spending.store.record(taskID: task.id) else { return [:] }
        return [.reelayEstimate: record.reserved.plain, .reelayCurrency: currency]
    }
}

extension HTTPField.Name {
    static let reelayEstimate = Self("X-Reelay-Estimate")!
    static let reelayCurrency = Self("X-Reelay-Currency")!
}

import Testing
@testable import ReelayCore

/// One row of a validation table: a request that must be refused, the parameter the error must
/// name, and a word the message must contain so that a person can tell what to fix.
struct Rejection: Sendable, CustomTestStringConvertible {
    var label: String
    var request: GenerationRequest
    var dialect: DialectID = .ark
    var param: String
    var kind: APIError.Kind = .invalidParameter
    var mentions: String

    var testDescription: String { "\(label) [\(dialect.rawValue)]" }

    init(_ label: String, _ request: GenerationRequest, dialect: DialectID = .ark, param: String,
         kind: APIError.Kind = .invalidParameter, mentions: String) {
        self.label = label
        self.request = request
        self.dialect = dialect
        self.param = param
        self.kind = kind
        self.mentions = mentions
    }

    func check(sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error = rejection(request, dialect) else {
            Issue.record("accepted: \(label)", sourceLocation: sourceLocation)
            return
        }
        #expect(error.param == param, sourceLocation: sourceLocation)
        #expect(error.kind == kind, sourceLocation: sourceLocation)
        #expect(error.message.contains(mentions), "message: \(error.message)", sourceLocation: sourceLocation)
    }
}

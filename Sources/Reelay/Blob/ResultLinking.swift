import Foundation

/// Makes the links a task's answer carries to its result files, each with its expiry.
public protocol ResultLinking: Sendable {
    func link(taskID: String, name: String, now: Date) -> (url: String, expires: Date)
}

extension LinkSigner: ResultLinking {}

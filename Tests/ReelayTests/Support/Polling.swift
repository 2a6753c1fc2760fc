import Foundation
import HummingbirdTesting
import ReelayCore
import Testing

/// Waiting in tests, written once: read again until the answer says done. The limit is a hang
/// guard, never a speed limit: the whole suite (renders, server processes) shares two cores, and
/// a wait that takes 2 s alone once took 138 s there.
enum Polling {
    static let limit: Duration = .seconds(180)
    /// How often an HTTP answer is read again.
    static let interval: Duration = .milliseconds(50)

    struct GaveUp: Error, CustomStringConvertible {
        var description: String
    }

    /// Calls `read` until `done` holds for what it answers, and returns that answer. After
    /// `limit` it records an issue naming `subject` and the last answer, and throws.
    static func until<Value>(_ subject: @autoclosure () -> String, limit: Duration = limit, every interval: Duration = interval,
                             sourceLocation: SourceLocation = #_sourceLocation,
                             read: () async throws -> Value, done: (Value) throws -> Bool) async throws -> Value {
        let deadline = ContinuousClock.now + limit
        while true {
            let value = try await read()
            if try done(value) { return value }
            guard ContinuousClock.now < deadline else {
                let message = "gave up on \(subject()) after \(limit); the last answer: \(value)"
                Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
                throw GaveUp(description: message)
            }
            try await Task.sleep(for: interval)
        }
    }

    /// Waits until `condition` holds. It reads state in this process (counters, logs), cheap to
    /// read often.
    static func until(_ subject: @autoclosure () -> String = "the condition", limit: Duration = limit,
                      every interval: Duration = .milliseconds(10), sourceLocation: SourceLocation = #_sourceLocation,
                      _ condition: () async throws -> Bool) async throws {
        _ = try await until(subject(), limit: limit, every: interval, sourceLocation: sourceLocation, read: condition) { $0 }
    }

    /// GETs `path` through `get` until `done` holds for the JSON body (a dialect's "done": its
    /// status words, where they are), and returns that body. Every answer must be a 200.
    static func poll(_ path: String, context: @autoclosure () -> String = "", limit: Duration = limit,
                     sourceLocation: SourceLocation = #_sourceLocation, get: (String) async throws -> (Int, JSONValue),
                     until done: (JSONValue) throws -> Bool) async throws -> JSONValue {
        try await until("GET \(path)\(context())", limit: limit, sourceLocation: sourceLocation, read: {
            let (status, body) = try await get(path)
            try #require(status == 200, "GET \(path): \(body)", sourceLocation: sourceLocation)
            return body
        }, done: done)
    }
}

extension TestClientProtocol {
    /// `Polling.poll` through this client.
    func poll(_ path: String, key: String? = TestServer.key, sourceLocation: SourceLocation = #_sourceLocation,
              until done: (JSONValue) throws -> Bool) async throws -> JSONValue {
        try await Polling.poll(path, sourceLocation: sourceLocation, get: { try await get($0, key: key) }, until: done)
    }
}

extension ServerProcess {
    /// `Polling.poll` against this server; giving up shows its log too.
    func poll(_ path: String, key: String = ServerProcess.key, sourceLocation: SourceLocation = #_sourceLocation,
              until done: (JSONValue) throws -> Bool) async throws -> JSONValue {
        try await Polling.poll(path, context: " (server log: \(output.suffix(3000)))", sourceLocation: sourceLocation,
                               get: { try await Self.request(baseURL, .GET, $0, key: key) }, until: done)
    }
}

import Foundation

/// A durable generation task: who asked, what was asked, and how far it got.
public struct GenerationTask: Codable, Sendable, Equatable {
    public var id: String
    /// The id of the API key that created it; only that key may see it.
    public var owner: String
    /// The dialect it was created through (decides callback shapes).
    public var dialect: DialectID
    public var status: TaskStatus
    /// 0...100, reported by the provider while running.
    public var progress: Int
    public var spec: RenderSpec
    public var result: TaskResult?
    public var failure: TaskFailure?
    public var callbackURL: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    /// How many times a worker has started it (a crash mid-render starts it again).
    public var attempts: Int
    /// The bytes of the inputs kept for it in the blob store (its `data:` media), counted
    /// against its key's storage.
    public var inputBytes = 0
    /// Who made (or is making) its video: `local` for the embedded renderer, else the routing
    /// channel's name. Nil until known (queued, or failed before any provider took it).
    public var provider: String?

    public init(id: String, owner: String, dialect: DialectID, spec: RenderSpec, callbackURL: String? = nil,
                createdAt: Date, status: TaskStatus = .queued) {
        self.id = id
        self.owner = owner
        self.dialect = dialect
        self.status = status
        self.progress = 0
        self.spec = spec
        self.callbackURL = callbackURL
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.attempts = 0
    }

    /// A new task id in Ark's shape (`cgt-20260312231129-7db6s`), with more randomness at the end
    /// so that ids never collide across instances.
    public static func newID(at date: Date = Date()) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let stamp = String(format: "%04d%02d%02d%02d%02d%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        let suffix = String((0..<10).map { _ in alphabet.randomElement()! })
        return "cgt-\(stamp)-\(suffix)"
    }
}

/// What a finished task produced. File names are relative to the task's folder in the blob store.
public struct TaskResult: Codable, Sendable, Equatable {
    public var videoFile: String
    public var lastFrameFile: String?
    public var width: Int
    public var height: Int
    public var ratio: String
    public var duration: Int
    public var frames: Int
    public var fps: Int
    public var hasAudio: Bool
    /// Ark-style usage, counted once on the terminal transition.
    public var tokens: Int

    public init(videoFile: String, lastFrameFile: String?, width: Int, height: Int, ratio: String, duration: Int,
                frames: Int, fps: Int, hasAudio: Bool, tokens: Int? = nil) {
        self.videoFile = videoFile
        self.lastFrameFile = lastFrameFile
        self.width = width
        self.height = height
        self.ratio = ratio
        self.duration = duration
        self.frames = frames
        self.fps = fps
        self.hasAudio = hasAudio
        self.tokens = tokens ?? width * height * fps * duration / 1024
    }
}

/// Why a task failed, cancelled or expired: a stable code and a message for people.
public struct TaskFailure: Codable, Sendable, Equatable {
    public var code: FailureCode
    public var message: String

    public init(code: FailureCode, message: String) {
        self.code = code
        self.message = message
    }

    /// A task whose runs were cut short `attempts` times (every store writes this one).
    public static func workerLost(attempts: Int) -> TaskFailure {
        TaskFailure(code: .workerLost,
                    message: "The task was interrupted \(attempts) times (server stopped or crashed while it ran) and was not retried again.")
    }

    /// A task that waited in the queue past its execution window.
    public static let expiredInQueue = TaskFailure(code: .expired, message: "The task waited in the queue longer than its execution window and expired.")
}

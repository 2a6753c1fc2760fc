import Crypto
import Foundation
import ReelayCore

/// What the routes of every dialect share: accept a decoded request as a task, find a caller's
/// task, and present it with signed links. Ownership is checked here, on every read.
public struct TaskService: Sendable {
    let store: any TaskStore
    let validator: RequestValidator
    let media: any MediaLoading
    /// The address guard callback URLs pass, as media URLs do.
    let callbackPolicy: AddressPolicy
    let presenter: TaskPresenter
    let blobs: any BlobStore
    let engine: TaskEngine
    let events: any TaskEvents
    let assets: AssetLibrary
    /// Inline media count against their key's storage.
    let storage: KeyStorage
    let idempotency: any IdempotencyStore
    /// Probes media that are already here (data: URIs, assets): pictures must decode, clips keep their limits.
    let inlineMedia: InlineMediaCheck
    /// Prices and budgets: a create holds its estimate against its key's budgets.
    let spending: Spending

    /// Validates, checks media URLs (SSRF guard), keeps the inline media in the blob store,
    /// stores the task and wakes a worker. With an `Idempotency-Key`, the same key and request
    /// give the same task, and the same key with another request is a conflict; a create is
    /// never done twice.
    public func create(_ request: GenerationRequest, caller: Caller, dialect: DialectID,
                       idempotencyKey: String? = nil) async throws(APIError) -> GenerationTask {
        let owner = caller.owner
        // Only a create with an Idempotency-Key needs the request's fingerprint (an encode and a hash).
        let fingerprint = idempotencyKey == nil ? "" : Self.fingerprint(request, dialect: dialect)
        if let key = idempotencyKey, let earlier = try await idempotentTask(key: key, fingerprint: fingerprint, owner: owner) {
            return earlier
        }
        var spec = try validator.validate(request, dialect: dialect)
        try await checkLimits(caller, adding: spec)
        if let draftID = spec.draftTaskID {
            spec = try await fullRender(of: draftID, as: spec, owner: owner, param: request.param("draft_task"))
        }
        for input in spec.media {
            if input.isAsset {
                try await assets.check(input, owner: owner)
            } else if let stored = input.storedInput {
                try await checkStoredInput(stored.taskID, of: input, owner: owner)
            } else if !InlineMediaCheck.isLocal(input) {
                try await media.check(input)
            }
        }
        // data: URIs are decoded and checked once, here, where they are also probed.
        let inline = try await inlineMedia.check(spec.media)
        defer { inline.remove() }
        if let first = inline.files.keys.min() {
            try await storage.check(caller, adding: inline.bytes, param: spec.media[first].param)
        }
        if let callback = request.callbackURL {
            try await checkCallback(callback, param: request.param("callback_url"))
        }
        var task = GenerationTask(id: GenerationTask.newID(), owner: owner, dialect: dialect, spec: spec,
                                  callbackURL: request.callbackURL, createdAt: Date())
        // The estimate is held before the task exists, and given back if it never comes to exist.
        _ = try await spending.reserve(task)
        if let key = idempotencyKey {
            let record = IdempotencyRecord(owner: owner, key: key, fingerprint: fingerprint, taskID: task.id, createdAt: Date())
            let holder: IdempotencyRecord
            do { holder = try await idempotency.reserve(record) } catch {
                await spending.release(task.id)
                throw APIError(.unavailable, "The task could not be stored; try again.")
            }
            // A concurrent request with the same key got there first: answer with its task.
            if holder.taskID != task.id {
                await spending.release(task.id)
                return try await idempotentTask(key: key, fingerprint: fingerprint, owner: owner) ?? task
            }
        }
        do {
            try await keep(inline, for: &task)
            try await store.insert(task)
        } catch {
            try? await blobs.delete(taskID: task.id)
            if let key = idempotencyKey { try? await idempotency.release(owner: owner, key: key, taskID: task.id) }
            await spending.release(task.id)
            throw APIError(.unavailable, "The task could not be stored; try again.")
        }
        // The queued event goes out before a worker is woken, so its callback precedes "running".
        await events.taskChanged(task)
        engine.taskQueued()
        return task
    }

    /// Writes the checked inline media into the blob store, once, and names them in the task by
    /// their `input://` URL: the row stays small, and polls never carry media.
    private func keep(_ inline: InlineMediaCheck.Checked, for task: inout GenerationTask) async throws {
        for (index, file) in inline.files.sorted(by: { $0.key < $1.key }) {
            let name = "\(index).\(file.pathExtension)"
            try await blobs.storeInput(taskID: task.id, name: name, from: file)
            task.spec.media[index].url = MediaInput.storedURL(taskID: task.id, name: name)
        }
        task.inputBytes = inline.bytes
    }

    /// The validator made sure the callback is an http(s) URL with a host; here its host must
    /// be one the server may contact, so a refusal comes now rather than at the first delivery.
    private func checkCallback(_ callback: String, param: String) async throws(APIError) {
        do throws(AddressPolicy.Refusal) {
            guard let url = URL(string: callback) else { throw AddressPolicy.Refusal(reason: "it is not a URL") }
            _ = try await callbackPolicy.vet(url: url)
        } catch {
            throw APIError.invalid(param, "Cannot use \(param): \(error.reason).")
        }
    }

    /// An `input://` URL (a draft's or a remixed video's media, carried into the new task) must
    /// name one of the caller's own tasks; any other is as unknown as a missing one.
    private func checkStoredInput(_ taskID: String, of input: MediaInput, owner: String) async throws(APIError) {
        let found: GenerationTask?
        do { found = try await store.task(id: taskID) } catch {
            throw APIError(.unavailable, "The task store is unavailable; try again.")
        }
        guard let found, found.owner == owner, found.spec.media.contains(where: { $0.url == input.url }) else {
            throw APIError.invalid(input.param, "\(input.param) names media that are not stored for this key.")
        }
    }

    /// The task an idempotency key already made, nil when the key is new; a conflict when the
    /// key was used for another request.
    private func idempotentTask(key: String, fingerprint: String, owner: String) async throws(APIError) -> GenerationTask? {
        guard !key.isEmpty, key.count <= 255 else {
            throw APIError.invalid("Idempotency-Key", "Idempotency-Key must be 1 to 255 characters.")
        }
        let record: IdempotencyRecord?
        do { record = try await idempotency.record(owner: owner, key: key) } catch {
            throw APIError(.unavailable, "The task store is unavailable; try again.")
        }
        guard let record else { return nil }
        guard record.fingerprint == fingerprint else {
            throw APIError(.conflict, "Idempotency-Key '\(key)' was already used for a different request.", param: "Idempotency-Key")
        }
        // The first request may still be storing its task: wait for it briefly.
        for _ in 0..<50 {
            if let task = try? await store.task(id: record.taskID) { return task }
            try? await Task.sleep(for: .milliseconds(20))
        }
        throw APIError(.conflict, "The task made with Idempotency-Key '\(key)' no longer exists.", param: "Idempotency-Key")
    }

    static func fingerprint(_ request: GenerationRequest, dialect: DialectID) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = (try? encoder.encode(request)) ?? Data()
        return SHA256.hash(data: Data(dialect.rawValue.utf8) + data).hexString
    }

    /// The caller's task; another key's task is as unknown as a missing one.
    public func task(id: String, owner: String) async throws(APIError) -> GenerationTask {
        let found: GenerationTask?
        do {
            found = try await store.task(id: id)
        } catch {
            throw APIError(.unavailable, "The task store is unavailable; try again.")
        }
        guard let task = found, task.owner == owner else { throw APIError.taskNotFound(id) }
        return task
    }

    public func view(_ task: GenerationTask) -> TaskView { presenter.view(task) }

    /// Concurrent tasks and daily seconds of video, counted from the store so every instance
    /// sees the same totals.
    func checkLimits(_ caller: Caller, adding spec: RenderSpec) async throws(APIError) {
        let (owner, limits) = (caller.owner, caller.limits)
        guard limits.concurrentTasks != nil || limits.dailyVideoSeconds != nil else { return }
        let now = Date()
        let dayStart = Calendar.utc.startOfDay(for: now)
        let usage: TaskUsage
        do {
            usage = try await store.usage(owner: owner, since: dayStart)[owner] ?? TaskUsage()
        } catch {
            throw APIError(.unavailable, "The task store is unavailable; try again.")
        }
        if let limit = limits.concurrentTasks, usage.activeTasks >= limit {
            throw APIError(.rateLimited, "This key already has \(usage.activeTasks) tasks queued or running (limit \(limit)); wait for one to finish.",
                           retryAfter: 10)
        }
        if let limit = limits.dailyVideoSeconds, usage.videoSeconds + max(spec.duration, 0) > limit {
            let retryAfter = Int(dayStart.addingTimeInterval(86_400).timeIntervalSince(now)) + 1
            throw APIError(.quotaExceeded, "This key has used \(usage.videoSeconds) of its \(limit) seconds of video today (UTC); this request needs \(max(spec.duration, 0)) more.",
                           retryAfter: retryAfter)
        }
    }

    /// A `draft_task` request: the draft's scene (prompt, seed, inputs, ratio, timing) rendered
    /// again at the requested quality. The draft must be the caller's, a draft, and finished.
    func fullRender(of draftID: String, as spec: RenderSpec, owner: String, param: String) async throws(APIError) -> RenderSpec {
        let draft: GenerationTask
        do {
            draft = try await task(id: draftID, owner: owner)
        } catch {
            throw APIError.invalid(param, "Draft task \(draftID) does not exist.")
        }
        guard draft.spec.draft else { throw APIError.invalid(param, "Task \(draftID) is not a draft.") }
        guard draft.status == .succeeded else { throw APIError.invalid(param, "Draft task \(draftID) has not succeeded.") }
        guard draft.spec.model == spec.model else {
            throw APIError.invalid(param, "Draft task \(draftID) was made with \(draft.spec.model), not \(spec.model).")
        }
        var full = spec
        full.prompt = draft.spec.prompt
        full.seed = draft.spec.seed
        full.media = draft.spec.media
        full.duration = draft.result?.duration ?? draft.spec.duration
        full.frames = draft.spec.frames
        full.cameraFixed = draft.spec.cameraFixed
        full.generateAudio = draft.spec.generateAudio
        full.ratio = draft.result?.ratio ?? draft.spec.ratio
        if let size = Geometry.size(family: full.family, resolution: full.resolution, ratio: full.ratio) {
            full.width = size.width
            full.height = size.height
        }
        return full
    }

    /// The owner's tasks, one page of them.
    public func list(owner: String, query: TaskQuery) async throws(APIError) -> TaskPage {
        do {
            return try await store.tasks(owner: owner, query: query)
        } catch {
            throw APIError(.unavailable, "The task store is unavailable; try again.")
        }
    }

    /// Cancels a task that is in one of `from`; nil when it was no longer there (a race with a
    /// worker that just finished it). A running task's worker sees its lease gone and stops.
    /// `by` names who cancelled it in the task's failure message.
    public func cancel(_ task: GenerationTask, from: Set<TaskStatus>, by who: String = "its owner") async throws(APIError) -> GenerationTask? {
        let failure = TaskFailure(code: .cancelled, message: "The task was cancelled by \(who).")
        let cancelled: GenerationTask?
        do {
            cancelled = try await store.finish(id: task.id, worker: nil, from: from, to: .cancelled, result: nil,
                                               failure: failure, now: Date())
        } catch {
            throw APIError(.unavailable, "The task store is unavailable; try again.")
        }
        if let cancelled { await events.taskChanged(cancelled) }
        return cancelled
    }

    /// Removes a task's record and files.
    public func delete(_ task: GenerationTask) async throws(APIError) {
        do {
            try await store.delete(id: task.id)
            try await blobs.delete(taskID: task.id)
        } catch {
            throw APIError(.unavailable, "The task could not be deleted; try again.")
        }
    }
}

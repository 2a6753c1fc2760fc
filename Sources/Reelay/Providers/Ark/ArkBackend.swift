import Foundation
import ReelayCore

/// Ark's task API (`/contents/generations/tasks`) as an `UpstreamBackend`. Polls go through the
/// channel's shared `ArkPoller`.
struct ArkBackend: UpstreamBackend {
    let client: UpstreamClient
    let poller: ArkPoller
    /// Channel-wide fields added to every create (`callback_url`, `service_tier`, ...).
    let extras: [String: JSONValue]

    func encode(_ spec: RenderSpec, model: String) throws(ProviderError) -> JSONValue {
        .object(ArkRequestBody.make(spec, model: model).merging(extras) { _, extra in extra })
    }

    func create(_ body: JSONValue) async throws(CreateFailure) -> String {
        let response: UpstreamClient.Response
        do {
            response = try await client.send(.POST, ArkPoller.tasksPath, body: body)
        } catch let error as UpstreamClient.TransportError {
            throw .from(error)
        } catch {
            throw .unknown("the request was interrupted")
        }
        if response.isSuccess, let id = response.json?["id"]?.stringValue, !id.isEmpty { return id }
        throw .from(response, secret: client.secret)
    }

    func updates(for id: String) async -> AsyncThrowingStream<UpstreamSnapshot, any Error> {
        await poller.track(id)
    }

    var lookBatch: Int { poller.settings.pageSize }

    func look(at ids: [String]) async -> [String: UpstreamLook] {
        let (page, _) = await poller.fetch(ids)
        var looks: [String: UpstreamLook] = [:]
        for id in ids {
            switch page {
            case .items(let found): looks[id] = found[id].map(UpstreamLook.found) ?? .missing
            case .failed(let reason, let refused): looks[id] = refused ? .refused(reason) : .failed(reason)
            }
        }
        return looks
    }

    func lookAlone(_ id: String) async -> UpstreamLook {
        switch await poller.lookUp(id) {
        case .found(let snapshot): .found(snapshot)
        case .notFound: .missing
        case .failed(let reason): .failed(reason)
        }
    }

    func vanished(_ id: String, rounds: Int) -> ProviderError {
        ArkPoller.vanished(id, channel: poller.channel, rounds: rounds)
    }

    func cancel(_ id: String) async -> Bool {
        (try? await client.send(.DELETE, ArkPoller.taskPath(id), timeout: .seconds(10)))?.isSuccess ?? false
    }

    func receiveCallback(_ body: Data) async -> Bool {
        await poller.receive(callbackBody: body)
    }
}

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

    func cancel(_ id: String) async -> Bool {
        (try? await client.send(.DELETE, ArkPoller.taskPath(id), timeout: .seconds(10)))?.isSuccess ?? false
    }

    func receiveCallback(_ body: Data) async -> Bool {
        await poller.receive(callbackBody: body)
    }
}

import Foundation
import Hummingbird
import ReelayCore

/// `POST /upstream/callback/{channel}`: where an upstream (Ark's `callback_url`) reports status
/// changes of the tasks Reelay sent it. The body is only a hint that makes the waiting job look
/// at its task now; the provider reads the task back from the upstream before acting, so the
/// route needs no key and answers 200 to anything, which also stops the upstream's retries.
struct UpstreamCallbackController {
    let routing: RoutingProvider
    /// Ark's task object is a few kilobytes.
    static let maxBodySize = 1 << 20

    func register(on router: Router<ReelayRequestContext>) {
        router.on(APIRoutes.upstreamCallback) { request, context -> Response in
            let channel = context.parameters.get("channel") ?? ""
            let body = try await request.body.collect(upTo: Self.maxBodySize)
            _ = await routing.receiveCallback(channel: channel, body: Data(buffer: body))
            return Response(status: .ok)
        }
    }
}

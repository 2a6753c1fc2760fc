import Foundation
import Hummingbird
import ReelayCore

/// `GET /admin/channels`, on the admin group: each routing channel's circuit, tasks in flight
/// (from the store, the same on every instance) and its recent failures (kept in memory by the
/// instance that saw them, so each instance reports its own).
struct AdminChannelController: Sendable {
    /// Nil without a routing file: everything renders locally and the list is empty.
    let routing: RoutingProvider?
    let load: (any ChannelLoad)?

    /// How many recent failures a channel shows.
    static let shownFailures = 20

    func register(on routes: RouterGroup<ReelayRequestContext>) {
        routes.on(APIRoutes.adminChannels) { _, _ in
            guard let routing else { return Response.json(["object": "list", "routing": false, "data": []]) }
            let inFlight = try await APIError.fromStore { try await load?.inFlight() ?? [:] }
            let hourAgo = Date() - 3600
            let rows: [JSONValue] = routing.channelStates.map { channel in
                let failures = channel.activity?.failures(since: hourAgo) ?? []
                return ["name": .string(channel.name), "kind": channel.breaker == nil ? "local" : "upstream",
                        "circuit": channel.breaker.map { JSONValue.string($0.state.rawValue) } ?? .null,
                        "in_flight": channel.breaker == nil ? .null : .int(inFlight[channel.name] ?? 0),
                        "max_concurrent": .int(channel.maxConcurrent), "errors_last_hour": .int(failures.count),
                        "recent_failures": .array(failures.prefix(Self.shownFailures).map { failure in
                            ["at": .int(failure.at.unixSeconds), "code": .string(failure.code), "message": .string(failure.message)]
                        })]
            }
            return Response.json(["object": "list", "routing": true, "data": .array(rows)])
        }
    }
}

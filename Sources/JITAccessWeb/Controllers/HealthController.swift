import Hummingbird
import Logging
import JITAccessCore

/// `GET /health/alive` and `GET /health/ready`, as in JIT Access: `{"healthy", "details"}`,
/// 503 when not ready. Readiness reports whether demo mode is on.
struct HealthController {
    typealias Context = JITAccessRequestContext

    let isDemo: Bool
    let checks: [ReadinessCheck]
    /// The listing cache whose figures readiness reports, if listings are cached.
    let listings: CachedListings?

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("alive") { _, _ in JSONResponse(APIModels.Health(healthy: true, details: [:])) }
        routes.get("ready", use: ready)
        return routes
    }

    @Sendable func ready(_ request: Request, context: Context) async throws -> JSONResponse {
        var details: [String: JSONValue] = ["demoMode": .bool(isDemo)]
        var healthy = true
        if let statistics = listings?.statistics {
            details["listingCache"] = .object([
                "entries": .number(Double(statistics.entries)), "capacity": .number(Double(statistics.capacity)),
                "hits": .number(Double(statistics.hits)), "misses": .number(Double(statistics.misses)), "hitRate": .number(statistics.hitRate),
            ])
        }
        for check in checks {
            do {
                try await check.check()
                details[check.name] = .string("ok")
            } catch {
                healthy = false
                details[check.name] = .string("\(error)")
                context.logger.warning("Readiness check failed", metadata: ["check": "\(check.name)", "error": "\(error)"])
            }
        }
        return JSONResponse(APIModels.Health(healthy: healthy, details: details), status: healthy ? .ok : .serviceUnavailable)
    }
}

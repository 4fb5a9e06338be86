import HTTPTypes
import Hummingbird

/// Answers a request for a known path with a method it does not take by 405 and the methods it
/// does take in `Allow` (RFC 9110, section 15.5.6), where the router alone would answer 404.
///
/// Added after every route, it wraps only the router's not-found responder, so it runs exactly
/// for the requests that no route took.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = JITAccessRequestContext

    /// Each path the router serves, with the methods it takes there.
    private let methodsByPath: [(path: RouterPath, methods: [HTTPRequest.Method])]

    init(routes: [Router<Context>.RouteDescription]) {
        var methodsByPath: [(path: RouterPath, methods: [HTTPRequest.Method])] = []
        for route in routes {
            if let index = methodsByPath.firstIndex(where: { $0.path == route.path }) {
                methodsByPath[index].methods.append(route.method)
            } else {
                methodsByPath.append((route.path, [route.method]))
            }
        }
        self.methodsByPath = methodsByPath
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let segments = request.uri.path.split(separator: "/")
        let allowed = methodsByPath.filter { Self.path($0.path, matches: segments) }.flatMap(\.methods)
        guard !allowed.isEmpty else { return try await next(request, context) }
        throw HTTPError(.methodNotAllowed, headers: [.allow: Set(allowed.map(\.rawValue)).sorted().joined(separator: ", ")])
    }

    private static func path(_ path: RouterPath, matches segments: [Substring]) -> Bool {
        path.count == segments.count && zip(path, segments).allSatisfy { $0 ~= $1 }
    }
}

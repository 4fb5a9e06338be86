import Hummingbird

/// Refuses requests without `Authorization: Bearer TOKEN`, as Google's APIs do, so that clients
/// are exercised with their credentials. Any non-empty token is accepted.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let authorization = request.headers[.authorization],
              authorization.count > 7, authorization.prefix(7).lowercased() == "bearer ",
              !authorization.dropFirst(7).allSatisfy(\.isWhitespace)
        else {
            throw GoogleAPIError.unauthenticated
        }
        return try await next(request, context)
    }
}

import Hummingbird

/// Refuses requests without `Authorization: Bearer TOKEN`, as Google's APIs do, so that clients
/// are exercised with their credentials. With `issued`, only tokens the emulator issued pass;
/// without, any non-empty token does.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let issued: AccessTokens?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let authorization = request.headers[.authorization],
              authorization.count > 7, authorization.prefix(7).lowercased() == "bearer ",
              !authorization.dropFirst(7).allSatisfy(\.isWhitespace)
        else {
            throw GoogleAPIError.unauthenticated
        }
        if let issued, !issued.contains(String(authorization.dropFirst(7))) {
            throw GoogleAPIError(
                status: .unauthorized, canonicalCode: "UNAUTHENTICATED",
                message: "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project."
            )
        }
        return try await next(request, context)
    }
}

import Hummingbird
import JITAccessCore

/// Resolves the signed-in user once per request and stores it in the context.
struct IdentityMiddleware: RouterMiddleware {
    typealias Context = JITAccessRequestContext

    let provider: any IdentityProvider

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.notSignedInMessage = provider.notSignedInMessage
        let signedIn = try await provider.signedInUser(of: request)
        context.user = signedIn?.user
        return try await RequestAuditLabels.$current.withValue(signedIn?.auditLabels ?? [:]) {
            try await next(request, context)
        }
    }
}

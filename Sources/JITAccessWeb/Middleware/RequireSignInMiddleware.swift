import Hummingbird
import JITAccessCore

/// Turns away requests without a signed-in user: API calls get 401, pages are sent to the sign-in
/// page when there is one, which leads back to the page asked for (a GET; a form post cannot be
/// replayed).
struct RequireSignInMiddleware: RouterMiddleware {
    typealias Context = JITAccessRequestContext

    /// Where to send a browser that is not signed in; `nil` means answer 401.
    let signInPage: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.user == nil else { return try await next(request, context) }
        if let signInPage {
            let returnPath = [.get, .head].contains(request.method) ? ReturnPath.of(request) : nil
            return Response.redirect(to: ReturnPath.signInPage(signInPage, returningTo: returnPath), type: .found)
        }
        throw JITAccessError.notSignedIn(context.notSignedInMessage)
    }
}

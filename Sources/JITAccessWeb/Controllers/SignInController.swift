import Hummingbird
import JITAccessCore

/// The demo sign-in page (`GET`/`POST /signin`) and sign-out (`POST /signout`).
///
/// The sign-in form's CSRF token is an HMAC over a random nonce kept in an HttpOnly cookie, so
/// another site cannot sign a victim in as somebody else.
struct SignInController {
    typealias Context = JITAccessRequestContext

    static let nonceCookie = "jitaccess_signin_nonce"

    let pages: PageRenderer
    let tokens: FormTokens
    /// The demo sessions; `nil` outside demo mode, where there is no sign-in page.
    let sessions: DemoSessions?
    /// Where signing out leads: the demo sign-in page, or the identity provider's way out.
    let signedOutPath: String

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        if sessions != nil {
            routes.get("/signin", use: signInPage)
            routes.post("/signin", use: signIn)
        }
        routes.post("/signout", use: signOut)
        return routes
    }

    /// The sign-in page; `?next=PATH` (a local path only) is where signing in leads.
    @Sendable func signInPage(_ request: Request, context: Context) async throws -> Response {
        let nonce = Self.nonce(of: request) ?? SecureRandom.hex(bytes: 16)
        let next = ReturnPath.validated(request.uri.queryParameters["next"].map(String.init))
        var response = pages.signIn(csrf: tokens.signInToken(nonce: nonce), next: next).response(status: .ok)
        response.setCookie(Cookie(name: Self.nonceCookie, value: nonce, path: "/", httpOnly: true, sameSite: .lax))
        return response
    }

    @Sendable func signIn(_ request: Request, context: Context) async throws -> Response {
        let form = try await FormBody.read(from: request, context: context)
        let nonce = Self.nonce(of: request)
        try tokens.checkSignIn(form["csrf"], nonce: nonce)
        let email = form["email"] ?? ""
        let next = ReturnPath.validated(form["next"])
        guard let sessions, let nonce else { throw JITAccessError.notFound("There is no sign-in page outside demo mode.") }
        guard let user = UserId(email) else {
            let message = email.isEmpty ? "Choose a user or enter an e-mail address." : "'\(email)' is not an e-mail address."
            return pages.signIn(csrf: tokens.signInToken(nonce: nonce), next: next, email: email, error: message).response(status: .badRequest)
        }
        var response = Response.redirect(to: next ?? "/", type: .normal)
        response.setCookie(sessions.cookie(for: user))
        return response
    }

    @Sendable func signOut(_ request: Request, context: Context) async throws -> Response {
        let form = try await FormBody.read(from: request, context: context)
        if let user = context.user {
            try tokens.check(form["csrf"], for: user)
        }
        var response = Response.redirect(to: signedOutPath, type: .normal)
        response.setCookie(DemoSessions.expiredCookie)
        return response
    }

    /// The sign-in nonce from the cookie, if it looks like one this server made.
    private static func nonce(of request: Request) -> String? {
        guard let value = request.cookies[nonceCookie]?.value, value.utf8.count == 32, Hex.decode(value) != nil else { return nil }
        return value
    }
}

import Hummingbird
import JITAccessCore

/// Tells who makes a request. Identity comes only from a verified source: the demo sign-in in
/// demo mode, the Identity-Aware Proxy assertion in production.
public protocol IdentityProvider: Sendable {
    /// The user behind `request`; `nil` when it carries no identity. Throws a
    /// ``JITAccessError`` (401 or 403) when it carries one that does not verify, and nothing else
    /// runs for that request.
    func signedInUser(of request: Request) async throws -> SignedInUser?

    /// What a request without an identity is told (401): how to sign in.
    var notSignedInMessage: String { get }

    /// Where the sign-out button leads, to end the session with the provider itself.
    var signOutPath: String { get }
}

extension IdentityProvider {
    public var notSignedInMessage: String { "You are not signed in." }
    public var signOutPath: String { "/" }
}

/// A user whose identity was verified, with what the audit trail should say about the request.
public struct SignedInUser: Sendable, Equatable {
    /// The user.
    public let user: UserId
    /// Labels added to every audit line written while serving the request, such as `device_id`
    /// and `device_access_levels` from the Identity-Aware Proxy.
    public let auditLabels: [String: String]

    /// `user`, with `auditLabels` for the audit lines of the request.
    public init(_ user: UserId, auditLabels: [String: String] = [:]) {
        self.user = user
        self.auditLabels = auditLabels
    }
}

/// How the application learns who is signed in.
public enum IdentityMode: Sendable {
    /// Demo mode: a sign-in page to pick any user, and the `X-Debug-Principal` header for scripts.
    /// Never for production: anybody can be anybody.
    case demo
    /// A verifying provider, such as the Identity-Aware Proxy.
    case verified(any IdentityProvider)

    /// Whether demo identity is on.
    public var isDemo: Bool {
        if case .demo = self { return true }
        return false
    }
}

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

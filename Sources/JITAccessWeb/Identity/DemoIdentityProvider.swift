import HTTPTypes
import Hummingbird
import JITAccessCore

/// Demo identity: the session cookie set by the demo sign-in page, or the header
/// `X-Debug-Principal: EMAIL` (as in JIT Access's debug mode), which wins when both are present.
///
/// Exists only when the application is built with ``IdentityMode/demo``.
struct DemoIdentityProvider: IdentityProvider {
    static let debugPrincipalHeader = HTTPField.Name("X-Debug-Principal")!

    let sessions: DemoSessions

    func signedInUser(of request: Request) async throws -> SignedInUser? {
        if let header = request.headers[Self.debugPrincipalHeader] {
            guard let user = UserId(header) else {
                throw JITAccessError.notSignedIn("The X-Debug-Principal header must be an e-mail address, such as alice@example.com.")
            }
            return SignedInUser(user)
        }
        return sessions.user(of: request).map { SignedInUser($0) }
    }
}

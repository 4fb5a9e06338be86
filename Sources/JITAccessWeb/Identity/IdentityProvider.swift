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

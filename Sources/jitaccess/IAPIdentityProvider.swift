import HTTPTypes
import Hummingbird
import JITAccessGoogle
import JITAccessWeb

/// Production identity: the user is whoever the Identity-Aware Proxy assertion of the request
/// names, and the assertion's device id and access levels go into the request's audit lines.
///
/// A request without an assertion has no user (routes that need one answer 401; health checks,
/// which Cloud Run makes around IAP, still work); one whose assertion fails any check is refused
/// before any route runs.
struct IAPIdentityProvider: IdentityProvider {
    private static let header = HTTPField.Name(IAPAssertionVerifier.headerName)!

    let verifier: IAPAssertionVerifier

    /// IAP clears its own login cookie when asked by this parameter; signing out of jitaccess
    /// alone would only see IAP sign the user straight back in.
    var signOutPath: String { "/?gcp-iap-mode=CLEAR_LOGIN_COOKIE" }

    var notSignedInMessage: String {
        "You are not signed in: the request carries no Identity-Aware Proxy assertion (header \(IAPAssertionVerifier.headerName)). Open jitaccess through its IAP-protected address."
    }

    func signedInUser(of request: Request) async throws -> SignedInUser? {
        guard let assertion = request.headers[Self.header] else { return nil }
        let identity = try await verifier.verify(assertion)
        return SignedInUser(identity.user, auditLabels: identity.auditLabels)
    }
}

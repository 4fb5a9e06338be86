import HTTPTypes
import Hummingbird
import JITAccessCore

/// Tokens in the hidden `csrf` field of every state-changing form.
///
/// A signed-in user's token is an HMAC over their e-mail address; the sign-in form's is an HMAC
/// over a random nonce kept in a cookie. A page on another site can read neither, so it cannot
/// build a form that passes.
package struct FormTokens: Sendable {
    private static let userPurpose = "csrf-user"
    private static let signInPurpose = "csrf-signin"
    static let expiredMessage = "This form came from another site or has expired. Reload the page and try again."

    let key: SigningKey

    package init(key: SigningKey) {
        self.key = key
    }

    package func token(for user: UserId) -> String {
        key.sign(user.email, purpose: Self.userPurpose)
    }

    package func signInToken(nonce: String) -> String {
        key.sign(nonce, purpose: Self.signInPurpose)
    }

    /// Throws ``JITAccessError/accessDenied(_:)`` unless `token` belongs to `user`.
    package func check(_ token: String?, for user: UserId) throws(JITAccessError) {
        guard let token, key.verify(token, of: user.email, purpose: Self.userPurpose) else {
            throw .accessDenied(Self.expiredMessage)
        }
    }

    /// Throws ``JITAccessError/accessDenied(_:)`` unless `token` belongs to the sign-in `nonce`.
    package func checkSignIn(_ token: String?, nonce: String?) throws(JITAccessError) {
        guard let token, let nonce, key.verify(token, of: nonce, purpose: Self.signInPurpose) else {
            throw .accessDenied(Self.expiredMessage)
        }
    }
}

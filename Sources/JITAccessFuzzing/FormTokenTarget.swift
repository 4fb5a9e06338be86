import JITAccessCore
import JITAccessWeb

/// The CSRF tokens of forms. The input's first line is the token, the rest the e-mail address
/// (for a signed-in user's forms) or the nonce (for the sign-in form) it is checked against.
///
/// Promises: a token is accepted only in the exact spelling the service makes for that user or
/// nonce (no second spelling of a signature), the service's own tokens are accepted, and a
/// token for one purpose is refused for the other.
enum FormTokenTarget {
    private static let tokens = FormTokens(key: FuzzFixtures.signingKey)

    static func run(_ bytes: [UInt8]) throws(InvariantViolation) {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        let token = String(lines[0])
        let subject = lines.count > 1 ? String(lines[1]) : ""

        let signInToken = tokens.signInToken(nonce: subject)
        try expect(accepted { try tokens.checkSignIn(signInToken, nonce: subject) }, "the sign-in token for \(subject.debugDescription) is refused")
        try expect(
            accepted { try tokens.checkSignIn(token, nonce: subject) } == (token == signInToken),
            "the sign-in token \(token.debugDescription) is accepted for \(subject.debugDescription) but is not the one made for it"
        )
        guard let user = UserId(subject) else { return }
        let userToken = tokens.token(for: user)
        try expect(accepted { try tokens.check(userToken, for: user) }, "the form token of \(user) is refused")
        try expect(
            accepted { try tokens.check(token, for: user) } == (token == userToken),
            "the form token \(token.debugDescription) is accepted for \(user) but is not the one made for that user"
        )
        try expect(!accepted { try tokens.checkSignIn(userToken, nonce: user.email) }, "the form token of \(user) passes as a sign-in token")
    }

    private static func accepted(_ check: () throws -> Void) -> Bool {
        (try? check()) != nil
    }
}

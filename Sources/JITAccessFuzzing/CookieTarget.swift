import Hummingbird
import JITAccessCore
import JITAccessWeb

/// `Cookie` headers as Hummingbird splits them, and the demo session cookie read from them.
///
/// Promises: a session cookie names a user only with a valid signature, so an accepted cookie is
/// exactly the one the service made for that user; and when the input is an e-mail address,
/// the cookie made for it signs that user in among other cookies.
enum CookieTarget {
    private static let sessions = DemoSessions(key: FuzzFixtures.signingKey)

    static func run(_ bytes: [UInt8]) throws(InvariantViolation) {
        let header = String(decoding: bytes, as: UTF8.self)
        let request = FuzzRequest.get("/", cookie: header)
        if let user = sessions.user(of: request) {
            let value = request.cookies[DemoSessions.cookieName]?.value
            try expect(
                value == sessions.cookie(for: user).value,
                "the cookie \(String(describing: value)) signs in \(user) but is not the cookie made for that user"
            )
        }
        guard let user = UserId(header) else { return }
        let cookie = sessions.cookie(for: user)
        let signedIn = sessions.user(of: FuzzRequest.get("/", cookie: "theme=dark; \(cookie.name)=\(cookie.value); lang=en"))
        try expect(signedIn == user, "the session cookie of \(user) signs in \(String(describing: signedIn))")
    }
}

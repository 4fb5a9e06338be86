import HTTPTypes
import Hummingbird
import JITAccessCore

/// The demo session cookie: the user's e-mail address with an HMAC, so it cannot be edited.
package struct DemoSessions: Sendable {
    package static let cookieName = "jitaccess_demo_user"
    private static let purpose = "demo-session"

    let key: SigningKey

    package init(key: SigningKey) {
        self.key = key
    }

    package func user(of request: Request) -> UserId? {
        guard let value = request.cookies[Self.cookieName]?.value else { return nil }
        // Empty parts count, so that `HEX..SIG` is no second spelling of a signed cookie (found
        // by fuzzing).
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let bytes = Hex.decode(parts[0]) else { return nil }
        let email = String(decoding: bytes, as: UTF8.self)
        guard key.verify(String(parts[1]), of: email, purpose: Self.purpose) else { return nil }
        return UserId(email)
    }

    /// The cookie that signs `user` in: HttpOnly and SameSite=Lax.
    package func cookie(for user: UserId) -> Cookie {
        let value = Hex.encode(Array(user.email.utf8)) + "." + key.sign(user.email, purpose: Self.purpose)
        return Cookie(name: Self.cookieName, value: value, path: "/", httpOnly: true, sameSite: .lax)
    }

    /// The cookie that signs the user out.
    static var expiredCookie: Cookie {
        Cookie(name: cookieName, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .lax)
    }
}

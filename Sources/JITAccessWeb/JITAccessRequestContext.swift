import Hummingbird
import JITAccessCore

/// The request context of jitaccess: Hummingbird's core context plus the signed-in user.
///
/// ``IdentityMiddleware`` fills in ``user`` before any route runs; routes that need a user are
/// behind ``RequireSignInMiddleware``.
public struct JITAccessRequestContext: RequestContext {
    /// The largest request body jitaccess reads; anything bigger gets 413.
    public static let maxBodySize = 64 * 1024

    public var coreContext: CoreRequestContextStorage
    /// The signed-in user, `nil` when nobody is signed in.
    public var user: UserId?
    /// What the request is told when it needs a user and has none (the identity provider's words).
    public var notSignedInMessage = "You are not signed in."

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.user = nil
    }

    public var maxUploadSize: Int { Self.maxBodySize }

    /// The signed-in user; throws ``JITAccessError/notSignedIn(_:)`` when nobody is.
    func requireUser() throws(JITAccessError) -> UserId {
        guard let user else { throw .notSignedIn(notSignedInMessage) }
        return user
    }
}

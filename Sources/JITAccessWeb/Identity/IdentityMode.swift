import Hummingbird
import JITAccessCore

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

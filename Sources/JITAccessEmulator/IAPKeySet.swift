import Foundation
import Hummingbird
import JITAccessTokens
import Synchronization

/// The key set Identity-Aware Proxy publishes at `https://www.gstatic.com/iap/verify/public_key-jwk`,
/// served at `/iap/verify/public_key-jwk` with the ES256 keys tests choose: the emulator signs no
/// IAP assertions, so a test signs its own with a P-256 key and publishes the public half here
/// (`POST /emulator/iap-keys` with a JWKS body). Posting a new set rotates the keys.
public final class IAPKeySet: Sendable {
    private let keys = Mutex(JWKSet(keys: []))

    /// An empty key set: no assertion verifies until keys are set.
    public init() {}

    /// Publishes `keySet` instead of the current keys; only ES256 keys, as IAP signs with ES256.
    public func replace(with keySet: JWKSet) throws(GoogleAPIError) {
        if let other = keySet.keys.first(where: { $0.algorithm != .es256 }) {
            throw .invalidArgument("The key '\(other.id)' is \(other.algorithm.rawValue); IAP signs with ES256, so publish P-256 keys only.")
        }
        keys.withLock { $0 = keySet }
    }

    /// The published keys.
    public var current: JWKSet { keys.withLock { $0 } }
}

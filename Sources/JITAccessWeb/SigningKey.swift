import JITAccessCore
import Crypto

/// The secret that signs CSRF tokens and demo sessions (HMAC-SHA256).
///
/// The command line reads it from a file in the data folder (or from `CSRF_SECRET`), so that
/// several processes sharing it accept each other's tokens; this type does no I/O.
public struct SigningKey: Sendable {
    /// The fewest bytes a key may have: 256 bits.
    public static let byteCount = 32

    private let key: SymmetricKey

    /// A key from raw bytes, at least 32 of them.
    public init?(bytes: [UInt8]) {
        guard bytes.count >= Self.byteCount else { return nil }
        key = SymmetricKey(data: bytes)
    }

    /// A fresh random key, for tests and throw-away servers.
    public static func random() -> SigningKey {
        SigningKey(key: SymmetricKey(size: .bits256))
    }

    private init(key: SymmetricKey) {
        self.key = key
    }

    /// The signature of `value` for `purpose`, as lower-case hex.
    ///
    /// The purpose is part of the signed text, so a token made for one use is worthless for another.
    func sign(_ value: String, purpose: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array(Self.message(value, purpose: purpose).utf8), using: key)
        return Hex.encode(Array(code))
    }

    /// Whether `signature` is the signature of `value` for `purpose`, compared in constant time.
    func verify(_ signature: String, of value: String, purpose: String) -> Bool {
        guard let bytes = Hex.decode(signature), bytes.count == SHA256.byteCount else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(bytes, authenticating: Array(Self.message(value, purpose: purpose).utf8), using: key)
    }

    private static func message(_ value: String, purpose: String) -> String {
        "jitaccess:\(purpose):\(value)"
    }
}

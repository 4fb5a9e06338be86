import Crypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The secret that signs CSRF tokens and demo sessions (HMAC-SHA256).
///
/// It lives in a file in the data folder, so several processes sharing that folder accept each
/// other's tokens.
public struct SigningKey: Sendable {
    /// The key file's size: 256 random bits.
    static let byteCount = 32

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

    /// Reads the key file at `path`, creating it (mode 0600, 32 random bytes) when it is missing.
    ///
    /// Creation writes a temporary file and hard-links it into place, so two processes starting
    /// at once end up with the same key and nobody ever reads a half-written file.
    public static func loadOrCreate(at path: String) throws(SigningKeyError) -> SigningKey {
        if let existing = try load(path) { return existing }
        let candidate = SymmetricKey(size: .bits256)
        let temporary = "\(path).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw SigningKeyError(path: path, reason: "cannot create it: \(errorText())") }
        defer { unlink(temporary) }
        let written = candidate.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == byteCount, synced else {
            throw SigningKeyError(path: path, reason: "cannot write it: \(errorText())")
        }
        if link(temporary, path) != 0, errno != EEXIST {
            throw SigningKeyError(path: path, reason: "cannot create it: \(errorText())")
        }
        guard let key = try load(path) else {
            throw SigningKeyError(path: path, reason: "it vanished while being created")
        }
        return key
    }

    private static func load(_ path: String) throws(SigningKeyError) -> SigningKey? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw SigningKeyError(path: path, reason: "cannot read it: \(errorText())")
        }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: byteCount * 4)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count >= 0 else { throw SigningKeyError(path: path, reason: "cannot read it: \(errorText())") }
        guard let key = SigningKey(bytes: Array(buffer.prefix(count))) else {
            throw SigningKeyError(path: path, reason: "it holds \(count) bytes, not \(byteCount) or more; delete it and a new key is made")
        }
        return key
    }

    private static func errorText() -> String {
        String(cString: strerror(errno))
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

import Crypto

/// The P-256 private key that signs activation tokens, a PEM file in the data folder
/// (``KeyFile``).
enum SigningKeyFile {
    /// Far more than any PEM private key; a bigger file is not a key.
    private static let maximumSize = 16 * 1024
    private static let kind = "token signing key"

    /// The key at `path`, or nil when there is no such file.
    static func load(_ path: String) throws(TokenKeyError) -> P256.Signing.PrivateKey? {
        try KeyFile.load(path, kind: kind, maximumSize: maximumSize).map { bytes throws(TokenKeyError) in try key(bytes, path) }
    }

    /// The key at `path`, created when there is none.
    static func loadOrCreate(_ path: String) throws(TokenKeyError) -> P256.Signing.PrivateKey {
        let bytes = try KeyFile.loadOrCreate(path, kind: kind, maximumSize: maximumSize) { Array(P256.Signing.PrivateKey().pemRepresentation.utf8) }
        return try key(bytes, path)
    }

    private static func key(_ bytes: [UInt8], _ path: String) throws(TokenKeyError) -> P256.Signing.PrivateKey {
        guard let key = try? P256.Signing.PrivateKey(pemRepresentation: String(decoding: bytes, as: UTF8.self)) else {
            throw .keyFile(kind, path, "it does not hold a PEM-encoded P-256 private key")
        }
        return key
    }
}

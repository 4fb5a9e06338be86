import Crypto

/// The secret that signs the forms' CSRF tokens and the demo sessions: 32 random bytes in a file
/// of the data folder (``KeyFile``), so that processes sharing the folder accept each other's
/// forms.
public enum FormKeyFile {
    /// The size of a new key: 256 random bits.
    public static let byteCount = 32
    private static let kind = "form signing key"

    /// The key at `path`, created when there is none; a file of fewer than ``byteCount`` bytes
    /// is refused.
    public static func loadOrCreate(_ path: String) throws(TokenKeyError) -> [UInt8] {
        let bytes = try KeyFile.loadOrCreate(path, kind: kind, maximumSize: byteCount * 4) {
            SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        }
        guard bytes.count >= byteCount else {
            throw .keyFile(kind, path, "it holds \(bytes.count) bytes, not \(byteCount) or more; delete it and a new key is made")
        }
        return bytes
    }
}

import Crypto
import Foundation
import JITAccessCore

/// Policy etags in Google's style: base64 of eight bytes, starting `Bw`.
enum Etag {
    /// A fresh etag for a policy just written.
    static func random() -> String {
        format(SecureRandom.bytes(6))
    }

    /// The etag of a policy the file holds without one: derived from its content, so every
    /// process and every read agree on it until the policy changes.
    static func derived(from policy: IAMPolicy) -> String {
        var unversioned = policy
        unversioned.etag = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let content = (try? encoder.encode(unversioned)) ?? Data()
        return format(Array(SHA256.hash(data: content).prefix(6)))
    }

    private static func format(_ bytes: [UInt8]) -> String {
        Data([0x07, 0x05] + bytes).base64EncodedString()
    }
}

import Foundation

/// Base64 (RFC 4648, with padding) as MIME and SMTP AUTH use it.
enum Base64 {
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
    }

    static func encode(_ text: String) -> String {
        encode(Array(text.utf8))
    }
}

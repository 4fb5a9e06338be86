import JITAccessCore
import Hummingbird

/// Where the sign-in page sends a user back to (`/signin?next=PATH`): only a path on this
/// server, so that a link cannot use the sign-in page to send people to another site.
package enum ReturnPath {
    /// The longest return path kept; longer ones are dropped rather than cut.
    static let maxLength = 8 * 1024

    /// `text` when it is a local path: it starts with a single `/` (not `//` or `/\`, which
    /// browsers read as another host), and holds no backslash, white space or control character
    /// (browsers drop tabs and line breaks, which could join `/` and `/evil.example`).
    package static func validated(_ text: String?) -> String? {
        guard let text, text.utf8.count <= maxLength, text.hasPrefix("/") else { return nil }
        let second = text.dropFirst().first
        guard second != "/", second != "\\" else { return nil }
        guard !text.unicodeScalars.contains(where: { $0 == "\\" || $0.properties.isWhitespace || $0.properties.generalCategory == .control }) else {
            return nil
        }
        return text
    }

    /// The path and query of `request`, to come back to after signing in; `nil` for the home
    /// page, where the sign-in page leads anyway.
    package static func of(_ request: Request) -> String? {
        let path = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        return path == "/" ? nil : validated(path)
    }

    /// The sign-in page at `signInPage`, returning to `path` when there is one.
    package static func signInPage(_ signInPage: String, returningTo path: String?) -> String {
        guard let path else { return signInPage }
        return signInPage + "?next=" + percentEncoded(path)
    }

    /// `text` with everything but unreserved characters and `/` percent-encoded, for a query value.
    private static func percentEncoded(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded += "%" + Hex.encode([byte]).uppercased()
            }
        }
        return encoded
    }
}

import JITAccessCore
import JITAccessWeb

/// Form posts (`application/x-www-form-urlencoded`) and the fields the pages read from them:
/// entitlement ids, reviewers, the duration, the return path.
///
/// Promise: the fields of a body, encoded again the way a browser does, parse as the same
/// fields in the same order.
enum FormBodyTarget {
    static func run(_ bytes: [UInt8]) throws(InvariantViolation) {
        let body = FormBody(String(decoding: bytes, as: UTF8.self))
        let encoded = body.fields.map { encode($0.name) + "=" + encode($0.value) }.joined(separator: "&")
        let reparsed = FormBody(encoded)
        try expect(
            reparsed.fields.elementsEqual(body.fields, by: { $0.name == $1.name && $0.value == $1.value }),
            "the form fields \(body.fields), encoded as \(encoded.debugDescription), read back as \(reparsed.fields)"
        )
        _ = try? RequestInput.entitlements(body.all("entitlement"))
        _ = try? RequestInput.reviewers(body.all("reviewer"))
        _ = try? RequestInput.minutes(body["minutes"])
        _ = ReturnPath.validated(body["next"])
    }

    /// `text` as a browser encodes a form value: unreserved bytes as they are, space as `+`,
    /// anything else percent-encoded.
    private static func encode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "*"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                encoded += "+"
            default:
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded
    }
}

extension String {
    /// The string with zeros in front up to `length` characters.
    fileprivate func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}

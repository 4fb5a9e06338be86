/// A URL's query string built from name and value pairs, in the order given (a repeated
/// parameter is simply given several times).
enum QueryString {
    /// `name=value&…`, every byte but RFC 3986's unreserved characters percent-encoded, so that
    /// spaces, `+`, `/`, `:` and `@` in a value reach Google as the value says.
    static func encode(_ parameters: [(String, String)]) -> String {
        parameters.map { "\(percentEncoded($0))=\(percentEncoded($1))" }.joined(separator: "&")
    }

    /// `value` with every byte but RFC 3986's unreserved characters escaped.
    static func percentEncoded(_ value: String) -> String {
        let hex = Array("0123456789ABCDEF")
        var encoded = ""
        for byte in value.utf8 {
            let character = Character(Unicode.Scalar(byte))
            if byte < 0x80, character.isLetter || character.isNumber || "-._~".contains(character) {
                encoded.append(character)
            } else {
                encoded += "%\(hex[Int(byte >> 4)])\(hex[Int(byte & 0x0F)])"
            }
        }
        return encoded
    }
}

/// The one HTML escaper of jitaccess, used for every value that reaches a page or a mail.
///
/// It works on UTF-8 bytes, never on `Character`s: a `Character` is a grapheme cluster, and a
/// prepended or combining scalar (U+0600 before `<`, U+0301 after `"`) makes a cluster that is
/// not equal to `<` or `"` although the browser still reads one.
package enum HTMLEscaping {
    /// `text` with `& < > " '` replaced by character references, safe both between tags and
    /// inside a quoted attribute value. Inlinable, so that callers in other modules get it
    /// specialised for their string type.
    @inlinable
    package static func escape(_ text: some StringProtocol) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: needsEscaping) else { return String(text) }
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "&"): output += Array("&amp;".utf8)
            case UInt8(ascii: "<"): output += Array("&lt;".utf8)
            case UInt8(ascii: ">"): output += Array("&gt;".utf8)
            case UInt8(ascii: "\""): output += Array("&quot;".utf8)
            case UInt8(ascii: "'"): output += Array("&#39;".utf8)
            default: output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    @usableFromInline static func needsEscaping(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }
}

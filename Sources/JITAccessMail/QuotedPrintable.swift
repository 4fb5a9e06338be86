/// Quoted-printable content transfer encoding (RFC 2045 section 6.7) of UTF-8 text.
///
/// Chosen over base64 for message bodies so that the `.eml` files of the demo outbox and the
/// raw mail stay readable. Every output line is at most 76 characters and pure ASCII.
enum QuotedPrintable {
    private static let maximumLineLength = 76
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Encodes `text`; its line breaks (LF, CRLF or CR) become CRLF hard line breaks.
    static func encode(_ text: String) -> String {
        normalizedLines(text).map(encodeLine).joined(separator: "\r\n")
    }

    /// The lines of `text`, whatever line breaks it uses.
    static func normalizedLines(_ text: String) -> [Substring] {
        text.replacingLineBreaks().split(separator: "\n", omittingEmptySubsequences: false)
    }

    private static func encodeLine(_ line: Substring) -> String {
        let bytes = Array(line.utf8)
        var output: [UInt8] = []
        var lineLength = 0
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            let literal = (byte >= 0x21 && byte <= 0x7E && byte != 0x3D) || ((byte == 0x20 || byte == 0x09) && !isLast)
            let token: [UInt8] = literal ? [byte] : [0x3D, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            // A soft break ("=" at the end of a line) needs one column; the last token of the
            // line does not, since no soft break follows it.
            let room = isLast ? maximumLineLength : maximumLineLength - 1
            if lineLength + token.count > room {
                output += Array("=\r\n".utf8)
                lineLength = 0
            }
            output += token
            lineLength += token.count
        }
        return String(decoding: output, as: UTF8.self)
    }
}

extension String {
    /// This text with CRLF and lone CR turned into LF.
    func replacingLineBreaks() -> String {
        var scalars = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in unicodeScalars {
            if scalar == "\r" {
                scalars.append("\n")
                previousWasCR = true
                continue
            }
            if !(scalar == "\n" && previousWasCR) { scalars.append(scalar) }
            previousWasCR = false
        }
        return String(scalars)
    }
}

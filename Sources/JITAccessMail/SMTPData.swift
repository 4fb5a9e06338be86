/// The content of the DATA command (RFC 5321 section 4.5.2): CRLF line breaks, a `.` doubled at
/// the start of any line, and the `CRLF.CRLF` that ends the data.
enum SMTPData {
    static func encode(_ message: String) -> String {
        var lines = QuotedPrintable.normalizedLines(message)
        if lines.last?.isEmpty == true { lines.removeLast() }
        let stuffed = lines.map { $0.hasPrefix(".") ? "." + $0 : String($0) }
        return (stuffed + ["."]).joined(separator: "\r\n") + "\r\n"
    }
}

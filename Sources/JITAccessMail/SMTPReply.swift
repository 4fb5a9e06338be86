import NIOCore

/// One reply of an SMTP server: a three-digit code and one or more lines of text.
package struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    package let code: Int
    /// The text of each line, without the code and separator.
    package let lines: [String]

    /// 2xx: the command succeeded.
    var isPositive: Bool { (200..<300).contains(code) }

    /// `535 5.7.8 Authentication failed` (several lines joined by ` / `).
    package var description: String {
        let text = lines.filter { !$0.isEmpty }.joined(separator: " / ")
        return text.isEmpty ? "\(code)" : "\(code) \(text)"
    }
}

import JITAccessCore

/// An e-mail with a plain-text and an HTML version of the same content, ready to be written as
/// RFC 5322 text (``rendered``) for SMTP or the demo outbox.
///
/// Headers are built only from validated addresses and sanitized text: no value can add a header.
public struct MailMessage: Sendable, Equatable {
    public let from: MailAddress
    public let to: [MailAddress]
    public let cc: [MailAddress]
    /// The subject as people read it; encoded when written.
    public let subject: String
    public let textBody: String
    public let htmlBody: String
    public let date: Timestamp
    /// The `Message-ID` without angle brackets, such as `3f2a...@example.com`.
    public let messageId: String
    /// The links the message carries, in the order they appear; kept beside the message for the
    /// demo outbox (never written as a header).
    public let links: [String]
    /// The MIME boundary between the two parts.
    let boundary: String

    /// A message with a random `Message-ID` and MIME boundary. Addresses in both `to` and `cc`
    /// stay in `to` only.
    public init(
        from: MailAddress, to: [MailAddress], cc: [MailAddress] = [], subject: String,
        textBody: String, htmlBody: String, date: Timestamp, links: [String] = []
    ) {
        self.from = from
        self.to = to
        self.cc = cc.filter { copy in !to.contains { $0.user == copy.user } }
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.date = date
        self.links = links
        self.messageId = "\(SecureRandom.hex(bytes: 16))@\(from.user.domain)"
        self.boundary = "=_jitaccess_\(SecureRandom.hex(bytes: 12))"
    }

    /// Everybody the message goes to (To, then Cc), each once: the SMTP envelope's recipients.
    public var recipients: [MailAddress] {
        var seen = Set<UserId>()
        return (to + cc).filter { seen.insert($0.user).inserted }
    }

    /// The message as RFC 5322 text with CRLF line breaks, every line pure ASCII and at most 76
    /// characters (headers are folded, bodies quoted-printable).
    public var rendered: String {
        var lines = [
            header("From", addresses: [from]),
            header("To", addresses: to),
        ]
        if !cc.isEmpty { lines.append(header("Cc", addresses: cc)) }
        lines += [
            "Subject: " + HeaderText.unstructured(subject, nameLength: "Subject: ".utf8.count),
            "Date: " + RFC5322Date.format(date),
            "Message-ID: <\(messageId)>",
            "MIME-Version: 1.0",
            // RFC 3834: automatic mail, so auto-responders stay quiet.
            "Auto-Submitted: auto-generated",
            "Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"",
            "",
            "This is a message in MIME format, with a plain-text and an HTML version.",
            part(contentType: "text/plain", body: textBody),
            part(contentType: "text/html", body: htmlBody),
            "--\(boundary)--",
            "",
        ]
        return lines.joined(separator: "\r\n")
    }

    private func part(contentType: String, body: String) -> String {
        [
            "--\(boundary)",
            "Content-Type: \(contentType); charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            QuotedPrintable.encode(body),
        ].joined(separator: "\r\n")
    }

    /// `Name: a, b, c`, folded between mailboxes when a line would grow too long.
    private func header(_ name: String, addresses: [MailAddress]) -> String {
        guard !addresses.isEmpty else { return "\(name): undisclosed-recipients:;" }
        var lines = ["\(name):"]
        for (index, address) in addresses.enumerated() {
            let separator = index < addresses.count - 1 ? "," : ""
            let column = lines[lines.count - 1].utf8.count + 1
            var pieces = address.headerLines(firstLineUsed: column)
            if index > 0, pieces.count > 1 || column + pieces[0].utf8.count + separator.utf8.count > HeaderText.maximumLineLength {
                pieces = address.headerLines(firstLineUsed: 1)
                lines.append("")
            }
            pieces[pieces.count - 1] += separator
            lines[lines.count - 1] += " " + pieces[0]
            lines += pieces.dropFirst().map { " " + $0 }
        }
        return lines.joined(separator: "\r\n")
    }
}

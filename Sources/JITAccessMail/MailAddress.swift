import JITAccessCore

/// A mailbox: an e-mail address with an optional display name, such as `JIT Access <jit@example.com>`.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address, already validated as a ``UserId`` (one `@`, no spaces, controls or specials).
    public let user: UserId
    /// The name shown by mail programs; line breaks and controls are removed when written.
    public let displayName: String?

    /// A mailbox for `user`; throws ``JITAccessError/invalidArgument(_:)`` when the address holds
    /// characters SMTP cannot carry without the SMTPUTF8 extension (anything but printable ASCII).
    public init(_ user: UserId, displayName: String? = nil) throws {
        guard user.email.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw JITAccessError.invalidArgument("the e-mail address \(user.email) has characters other than ASCII, which mail cannot carry here")
        }
        self.user = user
        let name = displayName.map(HeaderText.sanitized)
        self.displayName = name?.isEmpty == false ? name : nil
    }

    /// The address as written in an SMTP envelope: `<user@example.com>`.
    var envelope: String { "<\(user.email)>" }

    /// `Name <address>` for people to read (not header-encoded).
    public var description: String {
        guard let displayName else { return user.email }
        return "\(displayName) <\(user.email)>"
    }

    /// The mailbox in header form: a quoted or RFC 2047-encoded display name, then the address.
    /// Returns the folded lines; `used` is the number of characters before it on its first line.
    func headerLines(firstLineUsed used: Int) -> [String] {
        guard let displayName else { return [user.email] }
        var phrase: [String]
        if displayName.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }), !displayName.contains("=?"),
           used + displayName.utf8.count + 3 <= HeaderText.maximumLineLength
        {
            let escaped = displayName.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
            phrase = ["\"\(escaped)\""]
        } else {
            phrase = HeaderText.encodedWords(displayName, firstLineUsed: used)
        }
        let lastLineUsed = phrase.count == 1 ? used + phrase[0].utf8.count : phrase[phrase.count - 1].utf8.count + 1
        if lastLineUsed + 1 + envelope.utf8.count <= HeaderText.maximumLineLength {
            phrase[phrase.count - 1] += " " + envelope
        } else {
            phrase.append(envelope)
        }
        return phrase
    }
}

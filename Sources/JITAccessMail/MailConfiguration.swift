import Foundation
import JITAccessCore

/// How jitaccess sends its e-mail: who it comes from, the time zone of the times it shows, and
/// the SMTP server, or none to keep mail in the demo outbox.
public struct MailConfiguration: Sendable {
    /// The `From` of every message: `SMTP_SENDER_NAME <SMTP_SENDER_ADDRESS>`.
    public var sender: MailAddress
    /// `NOTIFICATION_TIMEZONE`: the zone of the times written in messages.
    public var timeZone: TimeZone
    /// The SMTP server; `nil` when `SMTP_HOST` is unset, and mail goes to the outbox.
    public var smtp: SMTPConfiguration?

    /// The sender used when no SMTP server is configured and `SMTP_SENDER_ADDRESS` is unset.
    public static let demoSenderAddress = "jitaccess@demo.invalid"

    public init(sender: MailAddress, timeZone: TimeZone, smtp: SMTPConfiguration?) {
        self.sender = sender
        self.timeZone = timeZone
        self.smtp = smtp
    }

    /// Reads `SMTP_*` and `NOTIFICATION_TIMEZONE`; throws ``ConfigurationError`` naming the variable
    /// at fault. `SMTP_SENDER_ADDRESS` is required once `SMTP_HOST` is set.
    public init(environment: ConfigurationSource) throws(ConfigurationError) {
        let smtp = try SMTPConfiguration(environment: environment)
        let senderName = environment.string("SMTP_SENDER_NAME") ?? "JIT Access"
        guard senderName.count <= 100, senderName.unicodeScalars.allSatisfy({ !HeaderText.isLineBreakOrControl($0) }) else {
            throw ConfigurationError(variable: "SMTP_SENDER_NAME", message: "use at most 100 characters on one line")
        }
        let senderAddress: String
        if let configured = environment.string("SMTP_SENDER_ADDRESS") {
            senderAddress = configured
        } else if smtp == nil {
            senderAddress = Self.demoSenderAddress
        } else {
            throw ConfigurationError(variable: "SMTP_SENDER_ADDRESS", message: "required when SMTP_HOST is set; use the address the mail should come from, such as jit-access@example.com")
        }
        guard let senderUser = UserId(senderAddress), let sender = try? MailAddress(senderUser, displayName: senderName) else {
            throw ConfigurationError(variable: "SMTP_SENDER_ADDRESS", message: "'\(senderAddress)' is not an e-mail address in ASCII, such as jit-access@example.com")
        }
        let zoneName = environment.string("NOTIFICATION_TIMEZONE") ?? "UTC"
        guard let timeZone = TimeZone(identifier: zoneName) else {
            throw ConfigurationError(variable: "NOTIFICATION_TIMEZONE", message: "'\(zoneName)' is not a time zone; use an IANA name such as UTC, Europe/Berlin or America/New_York")
        }
        self.init(sender: sender, timeZone: timeZone, smtp: smtp)
    }
}

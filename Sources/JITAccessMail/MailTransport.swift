import JITAccessCore

/// Where composed messages go: an SMTP server, or the demo outbox.
public protocol MailTransport: Sendable {
    /// Hands `message` over; throws ``JITAccessError`` or ``SMTPError`` with the reason when it cannot.
    func deliver(_ message: MailMessage) async throws
}

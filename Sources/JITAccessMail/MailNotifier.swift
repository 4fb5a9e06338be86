import JITAccessCore

/// Delivers notifications as e-mail: composes the message and hands it to a transport.
public struct MailNotifier: Notifier {
    public let transport: any MailTransport
    private let mail: ActivationMail
    private let clock: any WallClock

    public init(transport: any MailTransport, mail: ActivationMail, clock: any WallClock) {
        self.transport = transport
        self.mail = mail
        self.clock = clock
    }

    /// Composes and delivers the message; any failure becomes ``JITAccessError/backend(_:)`` with
    /// the reason, such as `could not send the e-mail: SMTP server said 535 ...`.
    public func send(_ notification: ActivationNotification) async throws {
        do {
            try await transport.deliver(mail.message(for: notification, date: clock.now))
        } catch let error as JITAccessError {
            throw JITAccessError.backend("could not send the e-mail: \(error.message)")
        } catch {
            throw JITAccessError.backend("could not send the e-mail: \(error)")
        }
    }
}
extension SMTPClient: MailTransport {
    /// Sends the message through the SMTP server.
    public func deliver(_ message: MailMessage) async throws {
        try await send(message)
    }
}
extension Outbox: MailTransport {
    /// Keeps the message in the outbox instead of mailing it (demo mode).
    public func deliver(_ message: MailMessage) async throws {
        _ = try store(message)
    }
}

import JITAccessCore
import Logging

/// Delivers notifications as e-mail through an SMTP server.
public struct SMTPNotifier: Notifier {
    private let client: SMTPClient
    private let mail: ActivationMail
    private let clock: any WallClock

    public init(client: SMTPClient, mail: ActivationMail, clock: any WallClock = SystemWallClock()) {
        self.client = client
        self.mail = mail
        self.clock = clock
    }

    /// Composes and sends the message; any failure becomes ``JITAccessError/backend(_:)`` with the
    /// reason, such as `could not send the e-mail: SMTP server said 535 ...`.
    public func send(_ notification: ActivationNotification) async throws {
        do {
            try await client.send(mail.message(for: notification, date: clock.now))
        } catch let error as JITAccessError {
            throw JITAccessError.backend("could not send the e-mail: \(error.message)")
        } catch {
            throw JITAccessError.backend("could not send the e-mail: \(error)")
        }
    }
}

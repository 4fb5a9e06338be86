import JITAccessCore
import Logging

extension MailConfiguration {
    /// The notifier this configuration asks for: SMTP when `SMTP_HOST` is set, otherwise the
    /// outbox in `outboxDirectory` (demo mode, such as `DATA/outbox`). Throws ``SMTPError`` when
    /// TLS cannot be set up.
    public func makeNotifier(outboxDirectory: String, clock: any WallClock, logger: Logger = Logger(label: "jitaccess.mail")) throws -> any Notifier {
        try makeSMTPNotifier(clock: clock, logger: logger)
            ?? MailNotifier(transport: Outbox(directory: outboxDirectory), mail: ActivationMail(configuration: self), clock: clock)
    }

    /// The notifier sending through the SMTP server; `nil` when `SMTP_HOST` is unset. Throws
    /// ``SMTPError`` when TLS cannot be set up.
    public func makeSMTPNotifier(clock: any WallClock, logger: Logger = Logger(label: "jitaccess.mail")) throws -> (any Notifier)? {
        guard let smtp else { return nil }
        return MailNotifier(transport: try SMTPClient(configuration: smtp, logger: logger), mail: ActivationMail(configuration: self), clock: clock)
    }
}

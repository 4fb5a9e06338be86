import JITAccessCore
import Logging

extension MailConfiguration {
    /// The notifier this configuration asks for: SMTP when `SMTP_HOST` is set, otherwise the
    /// outbox in `outboxDirectory` (demo mode, such as `DATA/outbox`). Throws ``SMTPError`` when
    /// TLS cannot be set up.
    public func makeNotifier(outboxDirectory: String, clock: any WallClock = SystemWallClock(), logger: Logger = Logger(label: "jitaccess.mail")) throws -> any Notifier {
        let mail = ActivationMail(configuration: self)
        guard let smtp else {
            return MailNotifier(transport: Outbox(directory: outboxDirectory), mail: mail, clock: clock)
        }
        return MailNotifier(transport: try SMTPClient(configuration: smtp, logger: logger), mail: mail, clock: clock)
    }
}

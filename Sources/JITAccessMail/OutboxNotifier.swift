import JITAccessCore

/// Demo mode's notifier: keeps every message in the ``Outbox`` instead of mailing it.
public struct OutboxNotifier: Notifier {
    public let outbox: Outbox
    private let mail: ActivationMail
    private let clock: any WallClock

    public init(outbox: Outbox, mail: ActivationMail, clock: any WallClock = SystemWallClock()) {
        self.outbox = outbox
        self.mail = mail
        self.clock = clock
    }

    /// Writes the message to the outbox; throws ``JITAccessError/backend(_:)`` when it cannot.
    public func send(_ notification: ActivationNotification) async throws {
        do {
            try outbox.store(mail.message(for: notification, date: clock.now))
        } catch let error as JITAccessError {
            throw JITAccessError.backend(error.message)
        }
    }
}

/// Delivers notifications (e-mail, or an outbox in demo mode).
public protocol Notifier: Sendable {
    /// Sends `notification`; throws ``JITAccessError/backend(_:)`` when it could not be delivered.
    func send(_ notification: ActivationNotification) async throws
}

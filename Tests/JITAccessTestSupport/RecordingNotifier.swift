import JITAccessCore
import Synchronization

/// Remembers what would have been sent, or fails as told.
public final class RecordingNotifier: Notifier, Sendable {
    private let sent = Mutex<[ActivationNotification]>([])
    /// The failure every send throws; `nil` sends.
    public let failure: JITAccessError?

    public init(failure: JITAccessError? = nil) {
        self.failure = failure
    }

    public func send(_ notification: ActivationNotification) async throws {
        if let failure { throw failure }
        sent.withLock { $0.append(notification) }
    }

    public var notifications: [ActivationNotification] { sent.withLock { $0 } }
}

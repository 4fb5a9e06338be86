import AsyncHTTPClient
import Foundation
import Hummingbird
import JITAccessCore
import JITAccessEmulator
import JITAccessGoogle
import JITAccessLocal
import Logging

/// Notifications are not what is measured.
struct DiscardingNotifier: Notifier {
    func send(_ notification: ActivationNotification) async throws {}
}

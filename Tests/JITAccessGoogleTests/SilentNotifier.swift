import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JITAccessCore
import JITAccessEmulator
import JITAccessGoogle
import JITAccessLocal
import JITAccessRuntime
import JITAccessWeb
import NIOCore
import Testing
import JITAccessTestSupport

/// Notifications go nowhere: these tests only self-activate.
struct SilentNotifier: Notifier {
    func send(_ notification: ActivationNotification) async throws {}
}

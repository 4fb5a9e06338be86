import AsyncHTTPClient
import Foundation
import JITAccessCore
import Logging
import NIOCore
import NIOHTTP1

/// A write that failed after one of its attempts went unanswered: it may have landed, so the
/// caller should look before it reports a failure. `error` is what to report if it did not.
public struct UnansweredWrite: Error, Sendable {
    public let error: JITAccessError
}

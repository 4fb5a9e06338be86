import JITAccessCore
import Synchronization

/// The `x-goog-request-reason` of the last successful `setIamPolicy` of each resource (`nil`
/// when that request had none), so that tests can check that clients explain their changes.
public final class RequestReasons: Sendable {
    private let reasons = Mutex<[ResourceName: String]>([:])

    /// No reasons recorded yet.
    public init() {}

    /// The reason sent with the last policy change of `resource`, if any.
    public func last(for resource: ResourceName) -> String? {
        reasons.withLock { $0[resource] }
    }

    func record(_ reason: String?, for resource: ResourceName) {
        reasons.withLock { $0[resource] = reason }
    }
}

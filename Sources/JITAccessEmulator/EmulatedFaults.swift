import Foundation
import Hummingbird
import JITAccessCore
import Synchronization

/// The faults still to be played, in the order they were injected; the first one that names a
/// method answers the method's next request and counts down.
public final class EmulatedFaults: Sendable {
    private let pending = Mutex<[EmulatedFault]>([])

    /// No faults: every method works.
    public init() {}

    /// Adds `fault` after those already pending. Throws when it is malformed.
    public func inject(_ fault: EmulatedFault) throws(GoogleAPIError) {
        try fault.check()
        pending.withLock { $0.append(fault) }
    }

    /// Removes every pending fault.
    public func clear() {
        pending.withLock { $0.removeAll() }
    }

    /// The faults still pending, with their remaining counts.
    public var current: [EmulatedFault] {
        pending.withLock { $0 }
    }

    /// The fault that answers a request to `method`, counted as played; nil when it is served.
    func take(for method: String) -> EmulatedFault? {
        pending.withLock { faults in
            guard let index = faults.firstIndex(where: { $0.methods?.contains(method) ?? true }) else { return nil }
            let fault = faults[index]
            faults[index].count -= 1
            if faults[index].count == 0 { faults.remove(at: index) }
            return fault
        }
    }
}

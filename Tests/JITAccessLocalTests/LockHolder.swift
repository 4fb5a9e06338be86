#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization
import Testing

/// Holds the `flock` of a lock file as another process would, until ``release()``.
///
/// Should the waiting writers block every thread of the cooperative pool, the test could
/// never call ``release()``; then a thread of the holder's own gives up after a minute, so that
/// the test fails instead of hanging. When nothing is broken, `release()` comes first.
final class LockHolder: Sendable {
    private let descriptor: Int32
    private let released = DispatchSemaphore(value: 0)
    private let gaveUp = Atomic(false)

    init(path: String) throws {
        descriptor = open(path, O_RDWR)
        try #require(descriptor >= 0 && flock(descriptor, LOCK_EX) == 0)
        Thread { [self] in
            guard released.wait(timeout: .now() + .seconds(60)) == .timedOut else { return }
            gaveUp.store(true, ordering: .sequentiallyConsistent)
            flock(descriptor, LOCK_UN)
        }.start()
    }

    deinit {
        close(descriptor)
    }

    /// Lets the writers in; true when the holder had already given up.
    func release() -> Bool {
        flock(descriptor, LOCK_UN)
        released.signal()
        return gaveUp.load(ordering: .sequentiallyConsistent)
    }
}

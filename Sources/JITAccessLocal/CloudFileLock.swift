#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on `PATH.lock`, which every process that writes the cloud file takes,
/// held from `init` until ``release()``. The lock file stays in place: deleting it would let
/// two writers lock different files.
///
/// The holder releases it with `defer` right after taking it. A `deinit` of a noncopyable
/// type could not do that: it may run as soon as the value is last used, before the scope ends.
struct CloudFileLock {
    private let descriptor: Int32

    /// Waits until no other process holds the lock of the file at `path`, and takes it.
    init(on path: String) throws(EmbeddedIAMError) {
        let lockPath = path + ".lock"
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CloudFile.failure(lockPath, "cannot open the lock file") }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let error = CloudFile.failure(lockPath, "cannot lock the lock file")
                close(descriptor)
                throw error
            }
        }
        self.descriptor = descriptor
    }

    /// Lets the next writer in.
    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

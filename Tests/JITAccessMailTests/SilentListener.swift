#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP listener on 127.0.0.1 that accepts connections (the kernel completes them) but never
/// says anything: a server that hangs.
struct SilentListener {
    let descriptor: Int32
    let port: Int

    init() throws {
        (descriptor, port) = try LoopbackSocket.bound()
        guard listen(descriptor, 8) == 0 else { throw TestServerError("listen failed: errno \(errno)") }
    }

    func close() {
        LoopbackSocket.release(descriptor)
    }
}

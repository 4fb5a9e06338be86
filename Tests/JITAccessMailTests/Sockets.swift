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
        _ = closeSocket(descriptor)
    }
}

/// A port of 127.0.0.1 on which nothing listens.
enum ClosedPort {
    static func make() throws -> Int {
        let (descriptor, port) = try LoopbackSocket.bound()
        _ = closeSocket(descriptor)
        return port
    }
}

enum LoopbackSocket {
    /// A TCP socket bound to a free port of 127.0.0.1.
    static func bound() throws -> (Int32, Int) {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw TestServerError("socket failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard bound else { throw TestServerError("bind failed: errno \(errno)") }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }
}

private func closeSocket(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}

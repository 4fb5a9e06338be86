import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A free port picked before the server starts, so links and the token issuer can name the real
/// port when `--port 0` asks for any free one.
///
/// The port stays bound (with `SO_REUSEADDR`, not listening) until ``release()``: nobody else
/// gets it in the meantime, while the server, which also sets `SO_REUSEADDR`, can bind it.
final class PortReservation: Sendable {
    let port: Int
    private let descriptor: Mutex<Int32>

    /// Binds a socket to `host` on a port of the system's choosing; throws a message for people.
    init(host: String) throws(PortReservationError) {
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_family = AF_UNSPEC
        #if canImport(Darwin)
        hints.ai_socktype = SOCK_STREAM
        #else
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, "0", &hints, &list)
        guard status == 0, let first = list else {
            throw PortReservationError("cannot resolve --host \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        let socketDescriptor = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard socketDescriptor >= 0 else { throw PortReservationError("cannot create a socket: \(Self.errorText())") }
        var one: Int32 = 1
        setsockopt(socketDescriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(socketDescriptor, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            let reason = Self.errorText()
            close(socketDescriptor)
            throw PortReservationError("cannot bind to \(host): \(reason)")
        }
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketDescriptor, $0, &length) }
        }
        guard named == 0 else {
            let reason = Self.errorText()
            close(socketDescriptor)
            throw PortReservationError("cannot read the port bound on \(host): \(reason)")
        }
        let family = Int32(address.ss_family)
        let networkOrderPort: UInt16 = withUnsafePointer(to: &address) { pointer in
            if family == AF_INET6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_port }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_port }
        }
        port = Int(UInt16(bigEndian: networkOrderPort))
        descriptor = Mutex(socketDescriptor)
    }

    /// Lets the port go; call once the server listens on it.
    func release() {
        descriptor.withLock { descriptor in
            guard descriptor >= 0 else { return }
            close(descriptor)
            descriptor = -1
        }
    }

    deinit {
        release()
    }

    private static func errorText() -> String {
        String(cString: strerror(errno))
    }
}

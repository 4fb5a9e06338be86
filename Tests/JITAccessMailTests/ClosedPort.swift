#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A port of 127.0.0.1 on which nothing listens.
enum ClosedPort {
    static func make() throws -> Int {
        let (descriptor, port) = try LoopbackSocket.bound()
        LoopbackSocket.release(descriptor)
        return port
    }
}

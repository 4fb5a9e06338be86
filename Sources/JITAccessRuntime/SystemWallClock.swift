import JITAccessCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The system's real-time clock, and real waiting: what a process passes as its one
/// ``WallClock``.
public struct SystemWallClock: WallClock {
    public init() {}

    public var now: Timestamp {
        Timestamp(secondsSinceEpoch: Int64(time(nil)))
    }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}

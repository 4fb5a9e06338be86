#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The system's real-time clock.
public struct SystemWallClock: WallClock {
    public init() {}

    public var now: Timestamp {
        Timestamp(secondsSinceEpoch: Int64(time(nil)))
    }
}

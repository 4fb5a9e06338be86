import JITAccessCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Names of outbox messages: `20240101T000000.123456789Z-0a1b2c3d`, the UTC time of writing to
/// the nanosecond and a random suffix; names sort in the order they were made, and hold only
/// characters safe in a file name and a URL.
enum OutboxFileName {
    static func next() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let date = pad(Int(parts.tm_year) + 1900, 4) + pad(Int(parts.tm_mon) + 1, 2) + pad(Int(parts.tm_mday), 2)
        let time = pad(Int(parts.tm_hour), 2) + pad(Int(parts.tm_min), 2) + pad(Int(parts.tm_sec), 2)
        return "\(date)T\(time).\(pad(Int(now.tv_nsec), 9))Z-\(SecureRandom.hex(bytes: 4))"
    }

    /// True for names of the form ``next()`` makes; anything else (`../x`) is not an outbox id.
    static func isValid(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        let pattern = Array("00000000T000000.000000000Z-xxxxxxxx".utf8)
        guard bytes.count == pattern.count else { return false }
        return zip(bytes, pattern).allSatisfy { byte, expected in
            switch expected {
            case UInt8(ascii: "0"): byte >= 0x30 && byte <= 0x39
            case UInt8(ascii: "x"): (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66)
            default: byte == expected
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Lines for people and scripts on standard output, flushed at once so a script waiting for a
/// line sees it without delay.
enum StandardOutput {
    static func printLine(_ line: String) {
        print(line)
        fflush(nil)
    }
}

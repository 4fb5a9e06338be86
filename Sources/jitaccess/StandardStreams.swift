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

/// Messages on standard error, unbuffered.
enum StandardError {
    static func print(_ message: String) {
        let bytes = Array((message + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}

import Hummingbird
import JITAccessCore
import Mustache

/// A time as the pages show it: machine-readable in `datetime`, UTC in the text (the script
/// rewrites it into the browser's time zone).
struct TimeView {
    let iso: String
    let text: String

    init(_ time: Timestamp) {
        iso = time.rfc3339
        // 2024-01-01T10:30:00Z -> 2024-01-01 10:30 UTC
        text = "\(iso.prefix(10)) \(iso.dropFirst(11).prefix(5)) UTC"
    }
}

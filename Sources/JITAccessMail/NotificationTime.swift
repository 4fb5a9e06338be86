import Foundation
import JITAccessCore

/// Times as messages show them, in the configured zone: `Monday 1 January 2024, 15:00 Europe/Berlin (UTC+01:00)`.
struct NotificationTime: Sendable {
    let timeZone: TimeZone

    func format(_ timestamp: Timestamp) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(timestamp.secondsSinceEpoch))
        // A formatter per call: DateFormatter is not Sendable, and messages are few.
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "EEEE d MMMM yyyy, HH:mm"
        let offset = timeZone.secondsFromGMT(for: date)
        if offset == 0, ["UTC", "GMT", "Etc/UTC", "Etc/GMT"].contains(timeZone.identifier) {
            return "\(formatter.string(from: date)) UTC"
        }
        return "\(formatter.string(from: date)) \(timeZone.identifier) (\(Self.utcOffset(seconds: offset)))"
    }

    /// `UTC+01:00`, `UTC-05:30`.
    static func utcOffset(seconds: Int) -> String {
        let minutes = abs(seconds) / 60
        let hours = minutes / 60, rest = minutes % 60
        return "UTC\(seconds < 0 ? "-" : "+")\(hours < 10 ? "0" : "")\(hours):\(rest < 10 ? "0" : "")\(rest)"
    }
}

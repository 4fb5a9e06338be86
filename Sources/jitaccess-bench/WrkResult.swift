import Foundation

/// What one wrk run measured.
struct WrkResult: Sendable {
    static let marker = "jitaccess-bench:"

    let requests: Int
    let seconds: Double
    let medianMicroseconds: Double
    let p99Microseconds: Double
    /// Connect, read, write and timeout errors.
    let socketErrors: Int
    /// Answers with a status of 400 or more.
    let errorStatuses: Int

    var requestsPerSecond: Double { seconds > 0 ? Double(requests) / seconds : 0 }

    /// Reads the line the script's `done` prints.
    init?(parsing output: String) {
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix(Self.marker) }) else { return nil }
        let numbers = line.dropFirst(Self.marker.count).split(separator: " ").compactMap { Double($0) }
        guard numbers.count == 6 else { return nil }
        requests = Int(numbers[0])
        seconds = numbers[1] / 1_000_000
        medianMicroseconds = numbers[2]
        p99Microseconds = numbers[3]
        socketErrors = Int(numbers[4])
        errorStatuses = Int(numbers[5])
    }
}

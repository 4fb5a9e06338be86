import Foundation

/// Something the benchmark needs is missing or misbehaves; the message says what to do.
struct BenchmarkSetupError: Error, CustomStringConvertible {
    let description: String
}

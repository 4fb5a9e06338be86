import Foundation
import JITAccessCore
import JITAccessLocal
import Synchronization

/// A check the benchmark makes failed: the figures would be meaningless.
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

import Foundation

extension BenchmarkContext {
    /// The `jitaccess` executable named by `JITACCESS_BIN`, if set.
    var jitaccessExecutable: String? {
        ProcessInfo.processInfo.environment["JITACCESS_BIN"]
    }
}

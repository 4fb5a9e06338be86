import JITAccessRuntime

/// What every section may use: the size of the run, a scratch folder of its own, and the
/// process's one clock and source of retry jitter.
struct BenchmarkContext: Sendable {
    /// Fewer samples and smaller clouds, for a smoke run in seconds rather than minutes.
    let quick: Bool
    /// A folder the section may write into; removed when the run ends.
    let workDirectory: String
    /// `--jitaccess PATH`: the executable the process-level sections start.
    var jitaccessExecutable: String? = nil
    let clock = SystemWallClock()
    let jitter = SystemJitter()

    /// `full` samples, or a tenth of them (at least 5) in a quick run.
    func samples(_ full: Int) -> Int {
        quick ? max(5, full / 10) : full
    }
}

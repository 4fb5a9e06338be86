/// One part of the benchmark, such as `conditions` or `eligibility`, selected with `--only NAME`.
protocol BenchmarkSection: Sendable {
    /// The name used by `--only` and printed in the table's first column.
    var name: String { get }

    /// Runs the section's cases and returns one measurement per case.
    func run(_ context: BenchmarkContext) async throws -> [Measurement]
}

/// One row of the report: the median and 99th percentile of one case.
struct Measurement: Sendable {
    let section: String
    /// What was measured, such as `classify+parse eligible condition`.
    let name: String
    let median: Double
    let p99: Double
    /// The unit of `median` and `p99`, such as `ns`, `µs`, `ms` or `calls`.
    let unit: String
    let samples: Int
    /// Anything the figures need to be read correctly, such as a rate derived from the median.
    let note: String

    init(section: String, name: String, median: Double, p99: Double, unit: String, samples: Int, note: String = "") {
        self.section = section
        self.name = name
        self.median = median
        self.p99 = p99
        self.unit = unit
        self.samples = samples
        self.note = note
    }

    /// The median and p99 of `samples` (in nanoseconds), expressed in `unit`.
    init(section: String, name: String, nanoseconds samples: [Double], unit: TimeUnit, note: String = "") {
        let distribution = Distribution(samples)
        self.init(
            section: section, name: name,
            median: distribution.percentile(50) / unit.nanoseconds,
            p99: distribution.percentile(99) / unit.nanoseconds,
            unit: unit.rawValue, samples: samples.count, note: note
        )
    }

    /// A count that does not vary between runs, such as a number of API calls.
    init(section: String, name: String, count: Int, unit: String, note: String = "") {
        self.init(section: section, name: name, median: Double(count), p99: Double(count), unit: unit, samples: 1, note: note)
    }
}

import Foundation

/// The printed result of a run: a header naming the machine and build, then one table row per
/// measurement.
struct Report: Sendable {
    let measurements: [Measurement]
    let date: Date

    /// The build mode the figures come from; debug figures say little about production.
    static var buildMode: String {
        #if DEBUG
        "debug"
        #else
        "release"
        #endif
    }

    /// The header and the table, ready to print.
    var text: String {
        let info = ProcessInfo.processInfo
        let header = [
            "jitaccess-bench  \(ISO8601DateFormatter().string(from: date))",
            "cores: \(info.activeProcessorCount)  build: \(Self.buildMode)  os: \(info.operatingSystemVersionString)",
        ]
        let titles = ["section", "case", "median", "p99", "unit", "samples", "note"]
        let rows = measurements.map { measurement in
            [
                measurement.section, measurement.name,
                Self.format(measurement.median), Self.format(measurement.p99),
                measurement.unit, String(measurement.samples), measurement.note,
            ]
        }
        let widths = titles.indices.map { column in
            ([titles] + rows).map { $0[column].count }.max() ?? 0
        }
        let numeric: Set<Int> = [2, 3, 5]
        func line(_ cells: [String]) -> String {
            cells.indices.map { column in
                let padding = String(repeating: " ", count: widths[column] - cells[column].count)
                return numeric.contains(column) ? padding + cells[column] : cells[column] + padding
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        let rule = widths.map { String(repeating: "-", count: $0) }
        return (header + [line(titles), line(rule)] + rows.map(line)).joined(separator: "\n")
    }

    /// Whole numbers as such, three significant figures for small values, no decimals for
    /// large ones.
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e12 { return String(format: "%.0f", value) }
        return switch abs(value) {
        case 100...: String(format: "%.0f", value)
        case 10..<100: String(format: "%.1f", value)
        case 1..<10: String(format: "%.2f", value)
        case 0: "0"
        default: String(format: "%.3f", value)
        }
    }
}

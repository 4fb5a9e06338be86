import ArgumentParser
import Foundation

/// `jitaccess-bench`: measures jitaccess and prints one table of medians and 99th percentiles.
@main
struct JITAccessBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jitaccess-bench",
        abstract: "Measures jitaccess: conditions, tokens, eligibility at scale, writes, HTTP load, start-up and memory, backend calls.",
        discussion: "Run a release build for meaningful figures: swift run -c release --scratch-path .build-release jitaccess-bench"
    )

    /// Every section, in the order they run; add new sections here.
    static let sections: [any BenchmarkSection] = [
        ConditionsSection(),
        TokensSection(),
        EligibilitySection(),
        WritesSection(),
        HTTPSection(),
        StartupSection(),
        BackendCallsSection(),
        CatalogSection(),
    ]

    @Option(name: .customLong("only"), help: "Run only this section (repeatable): \(sections.map(\.name).joined(separator: ", ")).")
    var only: [String] = []

    @Flag(help: "Fewer samples and smaller clouds, for a quick check that everything runs.")
    var quick = false

    @Option(name: .customLong("jitaccess"), help: "The jitaccess executable the http and startup sections start (default: the one next to jitaccess-bench).")
    var jitaccess: String?

    func validate() throws {
        let known = Set(Self.sections.map(\.name))
        if let unknown = only.first(where: { !known.contains($0) }) {
            throw ValidationError("There is no section '\(unknown)'; choose from \(Self.sections.map(\.name).joined(separator: ", ")).")
        }
    }

    func run() async throws {
        let selected = Self.sections.filter { only.isEmpty || only.contains($0.name) }
        let workDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("jitaccess-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: workDirectory) }
        let date = Date()
        var measurements: [Measurement] = []
        for section in selected {
            let folder = workDirectory + "/" + section.name
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            StandardError.write("running \(section.name)…")
            measurements += try await section.run(BenchmarkContext(quick: quick, workDirectory: folder, jitaccessExecutable: jitaccess))
        }
        print(Report(measurements: measurements, date: date).text)
    }
}

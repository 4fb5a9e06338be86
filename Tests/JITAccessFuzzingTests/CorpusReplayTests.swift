import Foundation
import JITAccessFuzzing
import Testing

/// Every input of every fuzz target's corpus (seeds and the inputs of past findings) replayed
/// through the ordinary build, so that `swift test` catches a regression in seconds without an
/// instrumented build or a campaign.
@Suite struct CorpusReplayTests {
    /// Fuzz/Corpus, beside the package's Sources and Tests.
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/Corpus")

    @Test(arguments: FuzzTarget.allCases)
    func corpusPassesEveryInvariant(of target: FuzzTarget) async throws {
        let inputs = try Self.inputs(of: target)
        #expect(!inputs.isEmpty, "Fuzz/Corpus/\(target.rawValue) has no inputs")
        for failure in await Self.replay(inputs, through: target) {
            Issue.record(Comment(rawValue: failure))
        }
    }

    @Test func everyCorpusFolderBelongsToATarget() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).filter { !$0.hasPrefix(".") }
        #expect(Set(folders) == Set(FuzzTarget.allCases.map(\.rawValue)))
    }

    private static func inputs(of target: FuzzTarget) throws -> [URL] {
        let folder = corpus.appendingPathComponent(target.rawValue)
        return try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { !$0.hasPrefix(".") }
            .sorted()
            .map { folder.appendingPathComponent($0) }
    }

    /// What went wrong with each input, replayed on a thread of its own: a target blocks its
    /// thread while a verifier's task runs on the cooperative pool (as under libFuzzer, which
    /// calls it from the main thread), so it must not run on a thread of that pool.
    private static func replay(_ inputs: [URL], through target: FuzzTarget) async -> [String] {
        await withCheckedContinuation { continuation in
            Thread {
                var failures: [String] = []
                for input in inputs {
                    let name = "Fuzz/Corpus/\(target.rawValue)/\(input.lastPathComponent)"
                    do {
                        try target.run([UInt8](Data(contentsOf: input)))
                    } catch {
                        failures.append("\(name): \(error)")
                    }
                }
                continuation.resume(returning: failures)
            }.start()
        }
    }
}

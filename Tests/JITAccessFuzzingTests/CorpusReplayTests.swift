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
    func corpusPassesEveryInvariant(of target: FuzzTarget) throws {
        let inputs = try Self.inputs(of: target)
        #expect(!inputs.isEmpty, "Fuzz/Corpus/\(target.rawValue) has no inputs")
        for input in inputs {
            let bytes = try [UInt8](Data(contentsOf: input))
            do {
                try target.run(bytes)
            } catch {
                Issue.record("Fuzz/Corpus/\(target.rawValue)/\(input.lastPathComponent): \(error)")
            }
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
}

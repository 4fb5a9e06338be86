import Foundation
import JITAccessEmulator
import Testing

/// The discovery documents of the APIs the clients call (Resource Manager in v3 and v1), from the emulator tests' fixtures.
let discoveryDocuments: [DiscoveryDocument] = {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("JITAccessEmulatorTests/Fixtures")
    return ["cloudresourcemanager.v3", "cloudasset.v1", "iamcredentials.v1", "admin.directory_v1", "cloudresourcemanager.v1"].compactMap { name in
        try? DiscoveryDocument(json: Data(contentsOf: fixtures.appendingPathComponent("\(name).json")))
    }
}()
/// What is wrong with the requests in `journal`, and the emulator's answers, by the discovery
/// documents; empty when each fits.
func exchangeProblems(in journal: RequestJournal) -> [String] {
    journal.requests.flatMap { DiscoveryDocument.problems(in: $0, documents: discoveryDocuments) }
}
/// What is wrong with one exchange by the discovery documents.
func problems(_ method: String, _ path: String, query: String? = nil, body: String = "", answer: (Int, String)? = nil) -> [String] {
    let request = EmulatorRequest(
        method: method, path: path, query: query, body: Data(body.utf8), answer: answer.map { EmulatorRequest.Answer(status: $0, body: Data($1.utf8)) }
    )
    return DiscoveryDocument.problems(in: request, documents: discoveryDocuments)
}

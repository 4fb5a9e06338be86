import Foundation
import Hummingbird
import HummingbirdTesting
import JITAccessCore
import JITAccessEmulator
import JITAccessRuntime
import Testing
import JITAccessTestSupport

/// `GET /emulator/journal/problems`, which end-to-end tests read at their end: every exchange
/// with the emulated APIs checked against the discovery documents.
@Suite struct JournalProblemsTests {
    static func emulator(_ cloud: TemporaryCloud, documents: [DiscoveryDocument]) -> some ApplicationProtocol {
        buildEmulator(iam: cloud.iam, configuration: EmulatorConfiguration(port: 0, discoveryDocuments: documents), clock: SystemWallClock())
    }

    @Test func itCountsTheExchangesAndNamesTheOneThatDoesNotFit() async throws {
        let documents = try ["cloudresourcemanager.v3", "cloudasset.v1", "iamcredentials.v1"].map { try DiscoveryDocument(fixture: $0) }
        let cloud = try TemporaryCloud()
        try await Self.emulator(cloud, documents: documents).test(.router) { client in
            #expect(try await client.getPolicy("projects/prod-db").status == .ok)
            _ = try await client.call("/v3/projects/prod-db:getIamPolicy", body: #"{"options":{"requestedPolicyVersion":3},"view":"FULL"}"#)

            let report = try await client.call("/emulator/journal/problems", method: .get, token: nil)
            #expect(report.status == .ok)
            #expect(try report.json["exchanges"] == .number(2))
            let problems = try report.json["problems"]
            #expect(problems == .array([.string("cloudresourcemanager.projects.getIamPolicy (POST /v3/projects/prod-db:getIamPolicy): GetIamPolicyRequest.view: not a property of GetIamPolicyRequest")]), "\(report.text)")
        }
    }

    @Test func withoutDocumentsThereIsNoSuchRoute() async throws {
        let cloud = try TemporaryCloud()
        try await Self.emulator(cloud, documents: []).test(.router) { client in
            let answer = try await client.call("/emulator/journal/problems", method: .get, token: nil)
            #expect(answer.status == .notFound)
        }
    }
}

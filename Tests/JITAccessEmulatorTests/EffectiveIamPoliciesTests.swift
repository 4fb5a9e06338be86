import Foundation
import HTTPTypes
import HummingbirdTesting
import JITAccessCore
import JITAccessEmulator
import Testing

@Suite("Cloud Asset v1 effectiveIamPolicies.batchGet")
struct EffectiveIamPoliciesTests {
    static let schema = Result { try DiscoveryDocument(fixture: "cloudasset.v1") }

    static func batchGet(_ scope: String, _ names: [String]) -> String {
        "/v1/\(scope)/effectiveIamPolicies:batchGet?" + names.map { "names=\($0)" }.joined(separator: "&")
    }

    static func project(_ id: String, encoded: Bool = true) -> String {
        encoded ? "%2F%2Fcloudresourcemanager.googleapis.com%2Fprojects%2F\(id)" : "//cloudresourcemanager.googleapis.com/projects/\(id)"
    }

    @Test("policies come child first up to the scope, in the order of names, with %2F or plain slashes", arguments: [true, false])
    func childFirst(encoded: Bool) async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            let answer = try await client.call(
                Self.batchGet("folders/200000000001", [Self.project("prod-web", encoded: encoded), Self.project("prod-db", encoded: encoded)]), method: .get
            )
            #expect(answer.status == .ok, "\(answer.text)")
            let json = try answer.json
            #expect(try Self.schema.get().problems(in: json, asInstanceOf: "BatchGetEffectiveIamPoliciesResponse") == [])
            guard case .array(let results)? = json["policyResults"] else {
                Issue.record("no policyResults in \(answer.text)")
                return
            }
            #expect(results.map { $0["fullResourceName"]?.stringValue } == [
                "//cloudresourcemanager.googleapis.com/projects/prod-web", "//cloudresourcemanager.googleapis.com/projects/prod-db",
            ])
            guard case .array(let policies)? = results[1]["policies"] else { return }
            #expect(policies.map { $0["attachedResource"]?.stringValue } == [
                "//cloudresourcemanager.googleapis.com/projects/prod-db", "//cloudresourcemanager.googleapis.com/folders/200000000001",
            ], "the organization is above the scope")
        }
    }

    @Test("requests Google refuses are refused in Google's error format", arguments: [
        ("organizations/100000000001", (1...21).map { _ in project("prod-db") }, 400, "INVALID_ARGUMENT"),
        ("organizations/100000000001", [], 400, "INVALID_ARGUMENT"),
        ("organizations/100000000001", ["%2F%2Fstorage.googleapis.com%2Fb%2Fbucket"], 400, "INVALID_ARGUMENT"),
        ("folders/200000000001", [project("dev-sandbox")], 400, "INVALID_ARGUMENT"),
        ("organizations/100000000001", [project("no-such-project")], 404, "NOT_FOUND"),
        ("folders/299999999999", [project("prod-db")], 403, "PERMISSION_DENIED"),
    ] as [(String, [String], Int, String)])
    func refused(scope: String, names: [String], status: Int, canonical: String) async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            let answer = try await client.call(Self.batchGet(scope, names), method: .get)
            #expect(answer.status.code == status, "\(answer.text)")
            #expect(try answer.json["error"]?["status"] == .string(canonical))
            #expect(try answer.json["error"]?["code"] == .number(Double(status)))
        }
    }

    @Test("exactly 20 names are served")
    func twentyNames() async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            let answer = try await client.call(Self.batchGet("organizations/100000000001", (1...20).map { _ in Self.project("prod-db") }), method: .get)
            #expect(answer.status == .ok, "\(answer.text)")
        }
    }
}

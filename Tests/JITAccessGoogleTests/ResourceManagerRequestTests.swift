import Foundation
import HTTPTypes
import JITAccessCore
import JITAccessGoogle
import Testing

@Suite("Resource Manager request bodies")
struct ResourceManagerRequestTests {
    static let project = ResourceName(ProjectId("prod-db")!)

    @Test("getIamPolicy asks for policy version 3")
    func getBody() async throws {
        let backend = ScriptedBackend([.policy()])
        try await withLocalServer(router: backend.router) { baseURL in
            _ = try await resourceManager(baseURL).policy(of: Self.project)
        }
        let body = try JSONDecoder().decode(JSONValue.self, from: Data(#require(await backend.bodies.first).utf8))
        #expect(body == .object(["options": .object(["requestedPolicyVersion": .number(3)])]))
    }

    @Test("setIamPolicy sends version 3, the etag and fields jitaccess does not model, and keeps those of the answer")
    func setBody() async throws {
        let backend = ScriptedBackend([.init(
            status: 200,
            body: #"{"version":3,"etag":"new","bindings":[],"auditConfigs":[{"service":"allServices"}]}"#
        )])
        let policy = IAMPolicy(version: 1, etag: "old", bindings: [], extra: ["auditConfigs": .array([.object(["service": .string("allServices")])])])
        let written = try await withLocalServer(router: backend.router) { baseURL in
            try await resourceManager(baseURL).setPolicy(policy, of: Self.project, reason: "test")
        }
        #expect(written.etag == "new")
        #expect(written.extra == policy.extra)
        let body = try JSONDecoder().decode(JSONValue.self, from: Data(#require(await backend.bodies.first).utf8))
        guard case .object(let fields) = body, case .object(let sent)? = fields["policy"] else {
            Issue.record("the body is not {\"policy\": {...}}: \(body)")
            return
        }
        #expect(sent["version"] == .number(3))
        #expect(sent["etag"] == .string("old"))
        #expect(sent["auditConfigs"] == policy.extra["auditConfigs"])
    }
}

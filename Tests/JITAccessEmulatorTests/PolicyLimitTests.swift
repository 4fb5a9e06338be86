import Foundation
import HTTPTypes
import HummingbirdTesting
import JITAccessCore
import JITAccessEmulator
import JITAccessLocal
import JITAccessTestSupport
import Testing

@Suite("Resource Manager v3: Google's documented policy limits")
struct PolicyLimitTests {
    @Test("a policy beyond a documented limit is refused with INVALID_ARGUMENT, and nothing is written", arguments: [
        "operators", "members", "bindings of one role and member",
    ])
    func refusesPoliciesBeyondTheLimits(limit: String) async throws {
        let fixture = try EmulatorFixture()
        let before = try fixture.cloud.bytes
        try await fixture.application.test(.router) { client in
            var policy = try await client.getPolicy("projects/prod-db").policy
            switch limit {
            case "operators":
                let expression = (0...13).map { "request.time.getHours() != \($0)" }.joined(separator: " && ")
                policy.bindings.append(IAMBinding(role: "roles/viewer", members: ["user:alice@example.com"], condition: IAMCondition(title: "t", expression: expression)))
            case "members":
                policy.bindings.append(IAMBinding(role: "roles/viewer", members: (0..<1_500).map { "user:u\($0)@example.com" }))
            default:
                policy.bindings += (0...20).map {
                    IAMBinding(role: "roles/viewer", members: ["user:alice@example.com"], condition: IAMCondition(title: "t", expression: "request.time.getHours() != \($0)"))
                }
            }
            let answer = try await client.setPolicy("projects/prod-db", policy)
            #expect(answer.status == .badRequest)
            #expect(try answer.json.googleErrorStatus == "INVALID_ARGUMENT")
            #expect(try answer.json.googleErrorMessage.contains("maximum allowed"))
        }
        #expect(try fixture.cloud.bytes == before)
    }
}

import Foundation
import HTTPTypes
import HummingbirdTesting
import JITAccessCore
import JITAccessEmulator
import JITAccessLocal
import JITAccessTestSupport
import Testing

@Suite("Resource Manager v3 IAM policies")
struct ResourceManagerTests {
    static let staleEtagBody =
        #"{"error":{"code":409,"message":"There were concurrent policy changes. Please retry the whole read-modify-write with exponential backoff.","status":"ABORTED"}}"#

    @Test("getIamPolicy returns the stored policy with its etag", arguments: [
        "projects/prod-db", "folders/200000000001", "organizations/100000000001",
    ])
    func getReturnsStoredPolicy(resource: String) async throws {
        let fixture = try EmulatorFixture()
        let stored = try await fixture.cloud.iam.policy(of: #require(ResourceName(relativeName: resource)))
        try await fixture.application.test(.router) { client in
            let answer = try await client.getPolicy(resource)
            #expect(answer.status == .ok)
            #expect(try answer.policy == stored)
            #expect(try answer.policy.etag?.isEmpty == false)
        }
    }

    @Test("getIamPolicy accepts an empty body")
    func getWithoutBody() async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            let answer = try await client.call("/v3/projects/prod-db:getIamPolicy")
            #expect(answer.status == .ok)
            #expect(try answer.policy.bindings.isEmpty == false)
        }
    }

    @Test("without requestedPolicyVersion 3, conditional bindings are hidden as Google hides them", arguments: [
        "", "{}", #"{"options":{}}"#, #"{"options":{"requestedPolicyVersion":1}}"#,
    ])
    func legacyPolicyVersion(body: String) async throws {
        let fixture = try EmulatorFixture()
        let stored = try await fixture.cloud.iam.policy(of: #require(ResourceName(relativeName: "projects/prod-db")))
        try #require(stored.bindings.contains { $0.condition != nil })
        try await fixture.application.test(.router) { client in
            let first = try await client.call("/v3/projects/prod-db:getIamPolicy", body: body).policy
            #expect(first.version == 1)
            #expect(first.bindings.count == stored.bindings.count)
            for (legacy, binding) in zip(first.bindings, stored.bindings) {
                #expect(legacy.condition == nil)
                #expect(binding.condition == nil ? legacy.role == binding.role : legacy.role.hasPrefix("\(binding.role)_withcond_"))
            }
            #expect(try await client.call("/v3/projects/prod-db:getIamPolicy", body: body).policy == first)
        }
    }

    @Test("writing conditional bindings with a version below 3 is refused")
    func conditionsNeedVersion3() async throws {
        let fixture = try EmulatorFixture()
        let before = try fixture.cloud.bytes
        try await fixture.application.test(.router) { client in
            var policy = try await client.getPolicy("projects/prod-db").policy
            policy.version = 1
            let answer = try await client.setPolicy("projects/prod-db", policy)
            #expect(answer.status == .badRequest)
            #expect(try answer.json.googleErrorMessage.contains("version"))
        }
        #expect(try fixture.cloud.bytes == before)
    }

    @Test("setIamPolicy with the current etag writes the file and returns a new etag", arguments: [
        "projects/prod-db", "folders/200000000002", "organizations/100000000001",
    ])
    func setWithCurrentEtag(resource: String) async throws {
        let fixture = try EmulatorFixture()
        let before = try fixture.cloud.bytes
        try await fixture.application.test(.router) { client in
            var policy = try await client.getPolicy(resource).policy
            policy.bindings.append(testBinding(1))
            let answer = try await client.setPolicy(resource, policy)
            #expect(answer.status == .ok)
            let written = try answer.policy
            #expect(written.bindings == policy.bindings)
            #expect(written.etag != nil && written.etag != policy.etag)
            #expect(try await client.getPolicy(resource).policy == written)
        }
        let after = try fixture.cloud.bytes
        #expect(after != before)
        #expect(String(decoding: after, as: UTF8.self).contains("user:tester1@example.com"))
    }

    @Test("a stale etag gets 409 ABORTED in Google's exact body, and nothing is written")
    func staleEtag() async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            let original = try await client.getPolicy("projects/prod-db").policy
            var first = original
            first.bindings.append(testBinding(1))
            #expect(try await client.setPolicy("projects/prod-db", first).status == .ok)
            let afterFirst = try fixture.cloud.bytes
            var second = original
            second.bindings.append(testBinding(2))
            let answer = try await client.setPolicy("projects/prod-db", second)
            #expect(answer.status == .conflict)
            #expect(answer.text == Self.staleEtagBody)
            #expect(try fixture.cloud.bytes == afterFirst)
        }
    }

    @Test("a policy without an etag overwrites, as Google's blind write does")
    func missingEtagOverwrites() async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            var policy = try await client.getPolicy("projects/dev-sandbox").policy
            policy.etag = nil
            policy.bindings = [testBinding(7)]
            let answer = try await client.setPolicy("projects/dev-sandbox", policy)
            #expect(answer.status == .ok)
            #expect(try answer.policy.bindings == [testBinding(7)])
        }
    }

    @Test("a project id with a domain keeps its colon: the method is split at the last one")
    func domainScopedProject() async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            let answer = try await client.getPolicy("projects/example.com:nonexistent")
            #expect(answer.status == .forbidden)
            let encoded = try await client.call("/v3/projects/prod-db%3AgetIamPolicy", body: "{}")
            #expect(encoded.status == .ok)
        }
    }

    @Test("an unknown resource gets 403 PERMISSION_DENIED, as Resource Manager answers", arguments: [
        "projects/no-such-project", "folders/999", "organizations/999", "projects/NOT_AN_ID", "folders/abc",
    ])
    func unknownResource(resource: String) async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            for (method, body) in [
                ("getIamPolicy", #"{"options":{"requestedPolicyVersion":3}}"#),
                ("setIamPolicy", #"{"policy":{"version":3,"etag":"BwAAAAAAAAA=","bindings":[]}}"#),
            ] {
                let answer = try await client.call("/v3/\(resource):\(method)", body: body)
                #expect(answer.status == .forbidden)
                #expect(answer.text == #"{"error":{"code":403,"message":"The caller does not have permission","status":"PERMISSION_DENIED"}}"#)
            }
        }
    }

    @Test("an unknown method or path gets 404 NOT_FOUND in Google's format", arguments: [
        "/v3/projects/prod-db:testIamPermissions", "/v3/projects/prod-db", "/v1/projects/prod-db:getIamPolicy",
    ])
    func unknownMethod(path: String) async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            let answer = try await client.call(path, body: "{}")
            #expect(answer.status == .notFound)
            #expect(try answer.json.googleErrorStatus == "NOT_FOUND")
        }
    }

    @Test("a method other than POST gets 404 NOT_FOUND in Google's format", arguments: [HTTPRequest.Method.get, .put, .delete])
    func wrongHTTPMethod(method: HTTPRequest.Method) async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            let answer = try await client.call("/v3/projects/prod-db:getIamPolicy", method: method)
            #expect(answer.status == .notFound)
            #expect(try answer.json.googleErrorStatus == "NOT_FOUND")
        }
    }

    @Test("without a bearer token the answer is 401 UNAUTHENTICATED", arguments: [nil, "", "   "] as [String?])
    func missingAuthorization(token: String?) async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            let answer = try await client.call("/v3/projects/prod-db:getIamPolicy", token: token)
            #expect(answer.status == .unauthorized)
            #expect(try answer.json.googleErrorStatus == "UNAUTHENTICATED")
            #expect(try answer.json.googleErrorCode == 401)
        }
    }

    @Test("malformed or ill-typed bodies get 400 INVALID_ARGUMENT and change nothing", arguments: [
        ("getIamPolicy", "{"),
        ("getIamPolicy", "[]"),
        ("getIamPolicy", #"{"options":{"requestedPolicyVersion":2}}"#),
        ("getIamPolicy", #"{"option":{}}"#),
        ("setIamPolicy", "not json"),
        ("setIamPolicy", "{}"),
        ("setIamPolicy", #"{"policy":[]}"#),
        ("setIamPolicy", #"{"policy":{"bindings":"roles/owner"}}"#),
        ("setIamPolicy", #"{"policy":{"bindings":[{"members":["user:a@example.com"]}]}}"#),
        ("setIamPolicy", #"{"policy":{"bindings":[],"owner":"me"}}"#),
        ("setIamPolicy", #"{"policy":{"bindings":[]},"updateMask":"members"}"#),
    ])
    func malformedBody(method: String, body: String) async throws {
        let fixture = try EmulatorFixture()
        let before = try fixture.cloud.bytes
        try await fixture.application.test(.router) { client in
            let answer = try await client.call("/v3/projects/prod-db:\(method)", body: body)
            #expect(answer.status == .badRequest)
            #expect(try answer.json.googleErrorStatus == "INVALID_ARGUMENT")
            #expect(try answer.json.googleErrorMessage.isEmpty == false)
        }
        #expect(try fixture.cloud.bytes == before)
    }

    @Test("a body beyond a few hundred KB gets 400 INVALID_ARGUMENT")
    func oversizedBody() async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            let padding = String(repeating: " ", count: 300 * 1024)
            let answer = try await client.call("/v3/projects/prod-db:getIamPolicy", body: "{\(padding)}")
            #expect(answer.status == .badRequest)
            #expect(try answer.json.googleErrorStatus == "INVALID_ARGUMENT")
        }
    }

    @Test("the request reason of the last change is recorded per resource")
    func requestReasonRecorded() async throws {
        let fixture = try EmulatorFixture()
        let project = try #require(ResourceName(relativeName: "projects/prod-web"))
        try await fixture.application.test(.router) { client in
            for (n, reason) in ["Self-approved, justification: bug 1", "Approved by bob@example.com, justification: bug 2"].enumerated() {
                var policy = try await client.getPolicy("projects/prod-web").policy
                policy.bindings.append(testBinding(n))
                #expect(try await client.setPolicy("projects/prod-web", policy, reason: reason).status == .ok)
                #expect(fixture.reasons.last(for: project) == reason)
            }
        }
        #expect(fixture.reasons.last(for: try #require(ResourceName(relativeName: "projects/prod-db"))) == nil)
    }

    @Test("updateMask keeps the fields it does not name")
    func updateMaskKeepsOtherFields() async throws {
        let fixture = try EmulatorFixture()
        let audit: JSONValue = .array([.object(["service": .string("allServices"), "auditLogConfigs": .array([.object(["logType": .string("DATA_READ")])])])])
        try await fixture.application.test(.router) { client in
            var policy = try await client.getPolicy("projects/prod-db").policy
            policy.extra["auditConfigs"] = audit
            let body = String(decoding: try JSONEncoder().encode(["policy": policy]), as: UTF8.self)
            let withAudit = try await client.call(
                "/v3/projects/prod-db:setIamPolicy", body: "\(body.dropLast()),\"updateMask\":\"bindings,etag,auditConfigs\"}"
            )
            #expect(withAudit.status == .ok)
            var next = try withAudit.policy
            next.extra = [:]
            next.bindings.append(testBinding(3))
            let defaultMask = try await client.setPolicy("projects/prod-db", next)
            #expect(defaultMask.status == .ok)
            #expect(try defaultMask.policy.extra["auditConfigs"] == audit)
            #expect(try defaultMask.policy.bindings.contains(testBinding(3)))
        }
    }

    @Test("20 concurrent read-modify-write loops over HTTP on one project all land")
    func concurrentReadModifyWrite() async throws {
        let fixture = try EmulatorFixture()
        let writers = 20
        try await fixture.application.test(.live) { client in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for n in 0..<writers {
                    group.addTask {
                        var conflicts = 0
                        while true {
                            var policy = try await client.getPolicy("projects/shared-logs").policy
                            policy.bindings.append(testBinding(n))
                            let answer = try await client.setPolicy("projects/shared-logs", policy)
                            if answer.status == .ok { return conflicts }
                            try #require(answer.status == .conflict, "unexpected \(answer.status): \(answer.text)")
                            conflicts += 1
                        }
                    }
                }
                try await group.waitForAll()
            }
            let final = try await client.getPolicy("projects/shared-logs").policy
            for n in 0..<writers {
                #expect(final.bindings.contains(testBinding(n)), "the write of tester\(n) was lost")
            }
        }
    }

    @Test("responses fit the discovery document's Policy schema", arguments: [
        "projects/prod-db", "projects/prod-web", "folders/200000000001", "organizations/100000000001",
    ])
    func responsesFitPolicySchema(resource: String) async throws {
        let fixture = try EmulatorFixture()
        let schema = try DiscoveryDocument(fixture: "cloudresourcemanager.v3")
        try await fixture.application.test(.router) { client in
            let read = try await client.getPolicy(resource)
            #expect(schema.problems(in: try read.json, asInstanceOf: "Policy") == [])
            var policy = try read.policy
            policy.bindings.append(IAMBinding(
                role: "roles/viewer", members: ["user:tester@example.com"],
                condition: IAMCondition(title: "JIT access activation", description: "Self-approved", expression: "true")
            ))
            let written = try await client.setPolicy(resource, policy)
            #expect(written.status == .ok)
            #expect(schema.problems(in: try written.json, asInstanceOf: "Policy") == [])
        }
    }

    @Test("the schema check finds unknown fields, wrong types and bad enum values")
    func schemaCheckCanFail() throws {
        let schema = try DiscoveryDocument(fixture: "cloudresourcemanager.v3")
        let bad: JSONValue = .object([
            "version": .string("3"),
            "owner": .string("me"),
            "bindings": .array([.object(["role": .string("roles/viewer"), "members": .string("user:a@example.com")])]),
            "auditConfigs": .array([.object(["auditLogConfigs": .array([.object(["logType": .string("EVERYTHING")])])])]),
        ])
        #expect(schema.problems(in: bad, asInstanceOf: "Policy").count == 4)
    }
}
extension JSONValue {
    /// `error.status` of a Google error body.
    var googleErrorStatus: String? { self["error"]?["status"]?.stringValue }

    /// `error.code` of a Google error body.
    var googleErrorCode: Int? {
        guard case .number(let code)? = self["error"]?["code"] else { return nil }
        return Int(code)
    }

    /// `error.message` of a Google error body.
    var googleErrorMessage: String { self["error"]?["message"]?.stringValue ?? "" }
}

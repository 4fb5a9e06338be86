import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JITAccessCore
import NIOCore
import Testing
@testable import JITAccessWeb
import JITAccessTestSupport

/// The JSON API: JIT Access 1.8.1's paths and shapes, and its refusals.
@Suite struct APITests {
    static let viewer = "prod-db:roles/cloudsql.viewer"
    static let admin = "prod-db:roles/cloudsql.admin"
    static let selfActivate = "/api/projects/prod-db/roles/self-activate"

    @Test(arguments: [
        (HTTPRequest.Method.get, "/api/policy"),
        (.get, "/api/projects"),
        (.get, "/api/projects/prod-db/roles"),
        (.post, selfActivate),
        (.get, "/api/no-such-endpoint"),
    ])
    func aCallWithoutTheXJITACCESSHeaderGets400AndWritesNothing(method: HTTPRequest.Method, path: String) async throws {
        let cloud = try TemporaryCloud()
        let before = try cloud.bytes
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            for value in [nil, "0", "true"] {
                var headers: HTTPFields = [.debugPrincipal: TestApp.alice, .contentType: "application/json"]
                if let value { headers[.jitaccess] = value }
                let response = try await client.execute(uri: path, method: method, headers: headers, body: TestApp.activationBody([Self.viewer]))
                #expect(response.status == .badRequest)
                #expect(response.message?.contains("X-JITACCESS") == true)
            }
        }
        #expect(try cloud.bytes == before)
    }

    @Test func policyHasTheShapeOf181() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud, rules: ActivationRules(justificationHint: "Ticket id", maxActivationMinutes: 45))
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/api/policy", method: .get, headers: TestApp.apiHeaders())
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let json = response.json
            #expect(Set(json.keys) == ["justificationHint", "signedInUser", "applicationVersion", "defaultActivationTimeout", "maxActivationTimeout"])
            #expect(json["justificationHint"] as? String == "Ticket id")
            #expect(json["signedInUser"] as? [String: String] == ["email": TestApp.alice])
            #expect(json["defaultActivationTimeout"] as? Int == 45)
            #expect(json["maxActivationTimeout"] as? Int == 45)
        }
    }

    @Test func projectsListsWhereTheUserIsEligible() async throws {
        let cloud = try TemporaryCloud()
        let audit = AuditRecorder()
        let app = try TestApp.make(cloud: cloud, audit: audit)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/api/projects", method: .get, headers: TestApp.apiHeaders())
            #expect(response.status == .ok)
            #expect(response.json.keys.sorted() == ["projects"])
            #expect(response.json["projects"] as? [String] == ["dev-sandbox", "prod-db", "prod-web"])
        }
        #expect(audit.labels(of: "api.listProjects").map { $0["user"] } == [TestApp.alice])
    }

    @Test func rolesHaveTheShapeOf181() async throws {
        let cloud = try TemporaryCloud()
        let audit = AuditRecorder()
        let app = try TestApp.make(cloud: cloud, audit: audit)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/api/projects/prod-web/roles", method: .get, headers: TestApp.apiHeaders())
            #expect(response.status == .ok)
            #expect(Set(response.json.keys) == ["warnings", "entitlements"])
            #expect((response.json["warnings"] as? [Any])?.isEmpty == true)
            let entitlements = try #require(response.json["entitlements"] as? [[String: Any]])
            for entitlement in entitlements {
                #expect(Set(entitlement.keys) == ["id", "name", "resourceCondition", "activationType", "status", "validUntil"])
                #expect(entitlement["status"] as? String == "INACTIVE")
                #expect(entitlement["validUntil"] is NSNull)
            }
            let conditioned = try #require(entitlements.first { $0["name"] as? String == "roles/storage.objectAdmin" })
            #expect(conditioned["activationType"] as? String == "JIT")
            #expect(conditioned["resourceCondition"] as? String == #"resource.name.startsWith("projects/_/buckets/prod-web-assets")"#)
            #expect((conditioned["id"] as? String).flatMap(EntitlementId.init)?.resourceCondition != nil)
            let plain = try #require(entitlements.first { $0["name"] as? String == "roles/compute.viewer" })
            #expect(plain["resourceCondition"] is NSNull)
            #expect(plain["id"] as? String == "prod-web:roles/compute.viewer")
        }
        #expect(audit.labels(of: "api.listEligibleRoles").first?["project_id"] == "prod-web")
    }

    @Test func selfActivationWritesTheBindingAndAnswersLike181() async throws {
        let cloud = try TemporaryCloud()
        let audit = AuditRecorder()
        let app = try TestApp.make(cloud: cloud, audit: audit)
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: Self.selfActivate, method: .post, headers: TestApp.apiHeaders(json: true), body: TestApp.activationBody([Self.viewer])
            )
            #expect(response.status == .ok, "\(response.text)")
            let json = response.json
            #expect(Set(json.keys) == ["beneficiary", "reviewers", "isBeneficiary", "isReviewer", "justification", "entitlements"])
            #expect(json["beneficiary"] as? [String: String] == ["email": TestApp.alice])
            #expect((json["reviewers"] as? [Any])?.isEmpty == true)
            #expect(json["isBeneficiary"] as? Bool == true)
            #expect(json["isReviewer"] as? Bool == false)
            #expect(json["justification"] as? String == "Ticket 17")
            let entitlements = try #require(json["entitlements"] as? [[String: Any]])
            let activated = try #require(entitlements.first)
            #expect(entitlements.count == 1)
            #expect(Set(activated.keys) == ["activationId", "projectId", "id", "name", "resourceCondition", "status", "startTime", "endTime"])
            #expect(activated["projectId"] as? String == "prod-db")
            #expect(activated["id"] as? String == Self.viewer)
            #expect(activated["name"] as? String == "roles/cloudsql.viewer")
            #expect(activated["status"] as? String == "ACTIVE")
            #expect(activated["resourceCondition"] is NSNull)
            let start = try #require(activated["startTime"] as? Int)
            let end = try #require(activated["endTime"] as? Int)
            #expect(end - start == 30 * 60)

            let roles = try await client.execute(uri: "/api/projects/prod-db/roles", method: .get, headers: TestApp.apiHeaders())
            let listed = (roles.json["entitlements"] as? [[String: Any]])?.first { $0["id"] as? String == Self.viewer }
            #expect(listed?["status"] as? String == "ACTIVE")
            #expect(listed?["validUntil"] as? Int == end)
        }
        let bindings = try await cloud.activations(of: TestApp.alice, on: "prod-db")
        #expect(bindings.map(\.role) == ["roles/cloudsql.viewer"])
        #expect(bindings.first?.condition?.description == "Self-approved, justification: Ticket 17")
        #expect(audit.labels(of: "api.activateRole").first?["justification"] == "Ticket 17")
    }

    @Test(arguments: [
        (TestApp.dave, viewer, "not eligible"),
        (TestApp.alice, admin, "approval by a peer"),
    ])
    func anActivationTheUserMayNotMakeGets403AndWritesNothing(user: String, entitlement: String, reason: String) async throws {
        let cloud = try TemporaryCloud()
        let before = try cloud.bytes
        let audit = AuditRecorder()
        let app = try TestApp.make(cloud: cloud, audit: audit)
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: Self.selfActivate, method: .post, headers: TestApp.apiHeaders(user, json: true), body: TestApp.activationBody([entitlement])
            )
            #expect(response.status == .forbidden)
            #expect(response.message?.contains(reason) == true, "\(response.text)")
        }
        #expect(try cloud.bytes == before)
        #expect(audit.labels(of: "api.activateRole").first?["error"] != nil)
    }

    struct RuleCase: Sendable, CustomStringConvertible {
        let description: String
        let ids: [String]
        let justification: String
        let minutes: Int
        let expected: String
    }

    @Test(arguments: [
        RuleCase(description: "blank justification", ids: [viewer], justification: " \t ", minutes: 30, expected: "Enter a justification (Ticket"),
        RuleCase(description: "too long", ids: [viewer], justification: String(repeating: "x", count: 101), minutes: 30, expected: "at most 100"),
        RuleCase(description: "pattern", ids: [viewer], justification: "because", minutes: 30, expected: "Ticket number such as T-123"),
        RuleCase(description: "zero minutes", ids: [viewer], justification: "T-1", minutes: 0, expected: "between 1 and 90 minutes"),
        RuleCase(description: "too many minutes", ids: [viewer], justification: "T-1", minutes: 91, expected: "between 1 and 90 minutes"),
        RuleCase(description: "too many roles", ids: [viewer, "prod-db:roles/compute.viewer"], justification: "T-1", minutes: 30, expected: "at most 1 roles"),
        RuleCase(description: "no roles", ids: [], justification: "T-1", minutes: 30, expected: "at least one role"),
        RuleCase(description: "malformed id", ids: ["prod-db"], justification: "T-1", minutes: 30, expected: "'prod-db' is not an entitlement id"),
        RuleCase(description: "other project", ids: ["prod-web:roles/compute.viewer"], justification: "T-1", minutes: 30, expected: "belongs to project 'prod-web'"),
    ])
    func aRequestBreakingARuleGets400WithAMessage(rule: RuleCase) async throws {
        let cloud = try TemporaryCloud()
        let before = try cloud.bytes
        let rules = try ActivationRules(justificationPattern: "T-[0-9]+", justificationHint: "Ticket number such as T-123", maxActivationMinutes: 90, maxRolesPerRequest: 1)
        let app = try TestApp.make(cloud: cloud, rules: rules)
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: Self.selfActivate, method: .post, headers: TestApp.apiHeaders(json: true),
                body: TestApp.activationBody(rule.ids, justification: rule.justification, minutes: rule.minutes)
            )
            #expect(response.status == .badRequest)
            #expect(response.message?.contains(rule.expected) == true, "\(response.text)")
        }
        #expect(try cloud.bytes == before)
    }

    @Test(arguments: [
        ("{not json", "not valid JSON"),
        ("[]", "must be a JSON object"),
        (#"{"entitlementIds": "x", "justification": "j"}"#, "'entitlementIds'"),
        (#"{"entitlementIds": [], "activationTimeout": 5}"#, "lacks the field 'justification'"),
        (#"{"entitlementIds": [], "justification": "j", "activationTimeout": 1.5}"#, "'activationTimeout'"),
        (#"{"entitlementIds": [], "justification": "j", "activationTimeout": 9223372036854775808}"#, "'activationTimeout'"),
    ])
    func malformedJSONGets400WithAMessage(body: String, expected: String) async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: Self.selfActivate, method: .post, headers: TestApp.apiHeaders(json: true), body: ByteBuffer(string: body))
            #expect(response.status == .badRequest)
            #expect(response.message?.contains(expected) == true, "\(response.text)")
        }
    }

    @Test func aPostWithoutJSONContentTypeGets400() async throws {
        let cloud = try TemporaryCloud()
        let before = try cloud.bytes
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            for contentType in [nil, "application/x-www-form-urlencoded", "text/plain"] {
                var headers = TestApp.apiHeaders()
                if let contentType { headers[.contentType] = contentType }
                let response = try await client.execute(uri: Self.selfActivate, method: .post, headers: headers, body: TestApp.activationBody([Self.viewer]))
                #expect(response.status == .badRequest)
                #expect(response.message?.contains("application/json") == true)
            }
        }
        #expect(try cloud.bytes == before)
    }

    @Test(arguments: [
        ("/api/projects/no-such-project/roles", HTTPResponse.Status.notFound, "does not exist"),
        ("/api/projects/Bad_Project!/roles", .badRequest, "is not a project id"),
    ])
    func anUnknownOrMalformedProjectIsRefused(path: String, status: HTTPResponse.Status, expected: String) async throws {
        let cloud = try TemporaryCloud()
        let audit = AuditRecorder()
        let app = try TestApp.make(cloud: cloud, audit: audit)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: path, method: .get, headers: TestApp.apiHeaders())
            #expect(response.status == status)
            #expect(response.message?.contains(expected) == true, "\(response.text)")
        }
    }

    @Test func anUnknownProjectIsAuditedWithItsError() async throws {
        let cloud = try TemporaryCloud()
        let audit = AuditRecorder()
        let app = try TestApp.make(cloud: cloud, audit: audit)
        try await app.test(.router) { client in
            _ = try await client.execute(uri: "/api/projects/no-such-project/roles", method: .get, headers: TestApp.apiHeaders())
        }
        let entry = try #require(audit.entries().first { ($0["logging.googleapis.com/labels"] as? [String: String])?["event"] == "api.listEligibleRoles" })
        #expect(entry["severity"] as? String == "WARNING")
        #expect((entry["logging.googleapis.com/labels"] as? [String: String])?["error"]?.contains("does not exist") == true)
    }

    @Test(arguments: [nil, "", "not-an-email", "alice@example.com, bob@example.com"])
    func withoutAValidIdentityTheAPIAnswers401(principal: String?) async throws {
        let cloud = try TemporaryCloud()
        let before = try cloud.bytes
        let app = try TestApp.make(cloud: cloud)
        try await app.test(.router) { client in
            for (method, path) in [(HTTPRequest.Method.get, "/api/projects"), (.post, Self.selfActivate)] {
                var headers = TestApp.apiHeaders(nil, json: true)
                if let principal { headers[.debugPrincipal] = principal }
                let response = try await client.execute(uri: path, method: method, headers: headers, body: TestApp.activationBody([Self.viewer]))
                #expect(response.status == .unauthorized)
                #expect(response.message?.isEmpty == false)
            }
        }
        #expect(try cloud.bytes == before)
    }

    @Test func theDebugPrincipalHeaderIsIgnoredOutsideDemoMode() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud, identity: .verified(HeaderIdentityProvider()))
        try await app.test(.router) { client in
            let refused = try await client.execute(uri: "/api/projects", method: .get, headers: TestApp.apiHeaders())
            #expect(refused.status == .unauthorized)
            let verified = try await client.execute(uri: "/api/projects", method: .get, headers: [.jitaccess: "1", .testUser: TestApp.alice])
            #expect(verified.status == .ok)
            let ready = try await client.execute(uri: "/health/ready", method: .get)
            #expect((ready.json["details"] as? [String: Any])?["demoMode"] as? Bool == false)
        }
    }

    @Test func theIdentityProvidersAuditLabelsReachEveryAuditLineOfTheRequest() async throws {
        let cloud = try TemporaryCloud()
        let audit = AuditRecorder()
        let app = try TestApp.make(cloud: cloud, identity: .verified(HeaderIdentityProvider()), audit: audit)
        try await app.test(.router) { client in
            var headers: HTTPFields = [.jitaccess: "1", .testUser: TestApp.alice, .testDevice: "device-42", .contentType: "application/json"]
            let listed = try await client.execute(uri: "/api/projects", method: .get, headers: headers)
            #expect(listed.status == .ok)
            let activated = try await client.execute(uri: Self.selfActivate, method: .post, headers: headers, body: TestApp.activationBody([Self.viewer]))
            #expect(activated.status == .ok)
            headers[.testDevice] = nil
            _ = try await client.execute(uri: "/api/projects", method: .get, headers: headers)
        }
        #expect(audit.labels(of: "api.listProjects").map { $0["device_id"] } == ["device-42", nil])
        let activation = try #require(audit.labels(of: "api.activateRole").first)
        #expect(activation["device_id"] == "device-42")
        #expect(activation["user"] == TestApp.alice)
    }

    @Test("audit lines name the request's trace in Cloud Logging's field, from X-Cloud-Trace-Context or traceparent", arguments: [
        ("X-Cloud-Trace-Context", "105445AA7843BC8BF206B12000100000/1;o=1", "projects/jit-project/traces/105445aa7843bc8bf206b12000100000"),
        ("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "projects/jit-project/traces/4bf92f3577b34da6a3ce929d0e0e4736"),
        ("X-Cloud-Trace-Context", "not-a-trace/1", nil),
        ("X-Cloud-Trace-Context", "00000000000000000000000000000000/1", nil),
        ("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736\",\"x-00f067aa0ba902b7-01", nil),
    ] as [(String, String, String?)])
    func traces(header: String, value: String, trace: String?) async throws {
        let cloud = try TemporaryCloud()
        let audit = AuditRecorder()
        let app = try TestApp.make(cloud: cloud, audit: audit, traceProject: "jit-project")
        try await app.test(.router) { client in
            var headers = TestApp.apiHeaders()
            headers[try #require(HTTPField.Name(header))] = value
            let listed = try await client.execute(uri: "/api/projects", method: .get, headers: headers)
            #expect(listed.status == .ok)
        }
        let entry = try #require(audit.entries().first { ($0["logging.googleapis.com/labels"] as? [String: String])?["event"] == "api.listProjects" })
        #expect(entry["logging.googleapis.com/trace"] as? String == trace)
        #expect((entry["logging.googleapis.com/labels"] as? [String: String])?["logging.googleapis.com/trace"] == nil)
    }
}

import Foundation
import HTTPTypes
import HummingbirdTesting
import JITAccessCore
import JITAccessEmulator
import JITAccessLocal
import Testing
import JITAccessTestSupport

@Suite("Cloud Asset v1 analyzeIamPolicy")
struct CloudAssetTests {
    static let schema = Result { try DiscoveryDocument(fixture: "cloudasset.v1") }
    static let now = "2026-01-01T00:30:00Z"
    /// The emulator's time: the start of the activation window the tests use.
    static let clock = TestClock(Timestamp(secondsSinceEpoch: 1_767_225_600))

    /// The query string of `parameters`, each value percent-encoded as Google's clients do.
    static func analyze(_ scope: String, _ parameters: [(String, String)]) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let query = (parameters + [("alt", "json")]).map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $1)" }
        return "/v1/\(scope):analyzeIamPolicy?" + query.joined(separator: "&")
    }

    static func byUser(_ email: String, scope: String = "organizations/100000000001", extra: [(String, String)] = []) -> String {
        analyze(scope, [
            ("analysisQuery.identitySelector.identity", "user:\(email)"),
            ("analysisQuery.options.expandResources", "true"),
            ("analysisQuery.conditionContext.accessTime", now),
            ("executionTimeout", "30s"),
        ] + extra)
    }

    /// The results of a successful answer, after checking it against the discovery schema.
    static func results(of answer: EmulatorAnswer) throws -> [JSONValue] {
        #expect(answer.status == .ok, "\(answer.text)")
        let json = try answer.json
        #expect(try schema.get().problems(in: json, asInstanceOf: "AnalyzeIamPolicyResponse") == [])
        #expect(json["fullyExplored"] == .bool(true))
        guard case .array(let results)? = json["mainAnalysis"]?["analysisResults"] else { return [] }
        return results
    }

    static func result(_ results: [JSONValue], role: String) -> JSONValue? {
        results.first { $0["iamBinding"]?["role"]?.stringValue == role }
    }

    static func strings(_ value: JSONValue?, _ key: String) -> [String] {
        guard case .array(let items)? = value else { return [] }
        return items.compactMap { $0[key]?.stringValue }
    }

    @Test("a user's eligible bindings, inherited ones included, with resources expanded and markers evaluated FALSE")
    func byUserFindsEligibleBindings() async throws {
        let fixture = try EmulatorFixture(clock: Self.clock)
        try await fixture.application.test(.router) { client in
            let results = try await Self.results(of: client.call(Self.byUser("alice@example.com"), method: .get))
            let roles = Set(results.compactMap { $0["iamBinding"]?["role"]?.stringValue })
            #expect(roles.isSuperset(of: ["roles/cloudsql.viewer", "roles/cloudsql.admin", "roles/compute.viewer", "roles/editor"]))
            #expect(!roles.contains("roles/logging.viewer"))
            let inherited = try #require(Self.result(results, role: "roles/compute.viewer"))
            #expect(inherited["attachedResourceFullName"] == .string("//cloudresourcemanager.googleapis.com/folders/200000000001"))
            guard case .array(let acls)? = inherited["accessControlLists"], let acl = acls.first else {
                Issue.record("no access control list in \(inherited)")
                return
            }
            #expect(Set(Self.strings(acl["resources"], "fullResourceName")) == [
                "//cloudresourcemanager.googleapis.com/projects/prod-db", "//cloudresourcemanager.googleapis.com/projects/prod-web",
            ])
            #expect(Self.strings(acl["accesses"], "role") == ["roles/compute.viewer"])
            #expect(acl["conditionEvaluation"]?["evaluationValue"] == .string("FALSE"))
            #expect(Self.strings(inherited["identityList"]?["identities"], "name") == ["user:alice@example.com"])
        }
    }

    @Test("a project scope and a resource selector narrow the analysis to one project")
    func byUserOnOneProject() async throws {
        let fixture = try EmulatorFixture(clock: Self.clock)
        try await fixture.application.test(.router) { client in
            let selector = ("analysisQuery.resourceSelector.fullResourceName", "//cloudresourcemanager.googleapis.com/projects/prod-db")
            for path in [Self.byUser("alice@example.com", scope: "projects/prod-db"), Self.byUser("alice@example.com", extra: [selector])] {
                let results = try await Self.results(of: client.call(path, method: .get))
                let resources = results.flatMap { result -> [String] in
                    guard case .array(let acls)? = result["accessControlLists"] else { return [] }
                    return acls.flatMap { Self.strings($0["resources"], "fullResourceName") }
                }
                #expect(Set(resources) == ["//cloudresourcemanager.googleapis.com/projects/prod-db"])
                #expect(Self.result(results, role: "roles/editor") == nil)
            }
        }
    }

    @Test("an activation is TRUE inside its window and FALSE outside it", arguments: [
        ("2026-01-01T00:10:00Z", "TRUE"), ("2026-01-01T01:10:00Z", "FALSE"),
    ])
    func activationEvaluatedAtAccessTime(accessTime: String, expected: String) async throws {
        let fixture = try EmulatorFixture(clock: Self.clock)
        let project = try #require(ResourceName(relativeName: "projects/prod-db"))
        var policy = try await fixture.cloud.iam.policy(of: project)
        let window = try ActivationWindow(start: #require(Timestamp(rfc3339: "2026-01-01T00:00:00Z")), minutes: 60)
        let condition = ActivationCondition(window: window, resourceCondition: nil).condition(description: "Self-approved, justification: test")
        policy.bindings.append(IAMBinding(role: "roles/cloudsql.viewer", members: ["user:alice@example.com"], condition: condition))
        try await fixture.cloud.iam.setPolicy(policy, of: project, reason: "test")
        try await fixture.application.test(.router) { client in
            let path = Self.analyze("projects/prod-db", [
                ("analysisQuery.identitySelector.identity", "user:alice@example.com"),
                ("analysisQuery.conditionContext.accessTime", accessTime),
            ])
            let results = try await Self.results(of: client.call(path, method: .get))
            let activation = results.first { $0["iamBinding"]?["condition"]?["title"] == .string(ActivationCondition.title) }
            guard case .array(let acls)? = activation?["accessControlLists"] else {
                Issue.record("no activation in \(results)")
                return
            }
            #expect(acls.first?["conditionEvaluation"]?["evaluationValue"] == .string(expected))
        }
    }

    @Test("by resource with expandGroups, the holders of a role are listed through nested groups")
    func byResourceExpandsGroups() async throws {
        let fixture = try EmulatorFixture(clock: Self.clock)
        try await fixture.application.test(.router) { client in
            let path = Self.analyze("organizations/100000000001", [
                ("analysisQuery.resourceSelector.fullResourceName", "//cloudresourcemanager.googleapis.com/projects/prod-db"),
                ("analysisQuery.accessSelector.roles", "roles/cloudsql.admin"),
                ("analysisQuery.accessSelector.roles", "roles/cloudsql.viewer"),
                ("analysisQuery.options.expandGroups", "true"),
                ("analysisQuery.conditionContext.accessTime", Self.now),
            ])
            let results = try await Self.results(of: client.call(path, method: .get))
            let admins = Self.strings(Self.result(results, role: "roles/cloudsql.admin")?["identityList"]?["identities"], "name")
            #expect(Set(admins).isSuperset(of: ["user:alice@example.com", "user:bob@example.com", "user:carol@example.com"]))
            let viewers = Self.strings(Self.result(results, role: "roles/cloudsql.viewer")?["identityList"]?["identities"], "name")
            #expect(viewers == ["user:alice@example.com"])
        }
    }

    @Test("bad queries get 400 INVALID_ARGUMENT", arguments: [
        byUser("alice@example.com", scope: "projects/no-such-project"),
        byUser("alice@example.com", scope: "folders/999"),
        byUser("alice@example.com", extra: [("analysisQuery.options.expandGroups", "true")]),
        byUser("alice@example.com", extra: [("analysisQuery.resourceSelector.fullResourceName", "//cloudresourcemanager.googleapis.com/projects/nope")]),
        byUser("alice@example.com", extra: [("analysisQuery.options.expandResources", "yes")]),
        byUser("alice@example.com", extra: [("analysisQuery.unknown", "1")]),
        analyze("projects/prod-db", [("analysisQuery.conditionContext.accessTime", now)]),
        analyze("projects/prod-db", [
            ("analysisQuery.identitySelector.identity", "user:alice@example.com"), ("analysisQuery.conditionContext.accessTime", "2025-12-31T23:58:59Z"),
        ]),
    ])
    func badQueries(path: String) async throws {
        let fixture = try EmulatorFixture(clock: Self.clock)
        try await fixture.application.test(.router) { client in
            let answer = try await client.call(path, method: .get)
            #expect(answer.status == .badRequest)
            #expect(try answer.json["error"]?["status"] == .string("INVALID_ARGUMENT"))
        }
    }

    @Test("analyzeIamPolicy needs a bearer token")
    func needsToken() async throws {
        let fixture = try EmulatorFixture(clock: Self.clock)
        try await fixture.application.test(.router) { client in
            let answer = try await client.call(Self.byUser("alice@example.com"), method: .get, token: nil)
            #expect(answer.status == .unauthorized)
        }
    }
}

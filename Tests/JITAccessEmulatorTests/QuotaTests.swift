import Foundation
import HTTPTypes
import HummingbirdTesting
import JITAccessCore
@testable import JITAccessEmulator
import JITAccessTestSupport
import Testing

@Suite("Quotas: --quota and POST /emulator/quotas")
struct QuotaTests {
    static let batchGet = "/v1/organizations/100000000001/effectiveIamPolicies:batchGet?names=%2F%2Fcloudresourcemanager.googleapis.com%2Fprojects%2Fprod-db"

    /// 2026-03-02 12:00:30 UTC, which is 04:00:30 in Pacific (standard) time.
    static func clock() -> TestClock { TestClock(Timestamp(rfc3339: "2026-03-02T12:00:30Z")!) }

    @Test("calls over a per-minute quota are 429 RESOURCE_EXHAUSTED with an ErrorInfo naming it, until the next minute")
    func perMinute() async throws {
        let clock = Self.clock()
        let fixture = try EmulatorFixture(clock: clock)
        try await fixture.application.test(.router) { client in
            let set = try await client.call("/emulator/quotas", body: #"{"method":"cloudasset.batchGetEffectiveIamPolicies","perMinute":2}"#, token: nil)
            #expect(set.status == .noContent, "\(set.text)")
            #expect(try await client.call(Self.batchGet, method: .get).status == .ok)
            #expect(try await client.call(Self.batchGet, method: .get).status == .ok)
            let refused = try await client.call(Self.batchGet, method: .get)
            #expect(refused.status == .tooManyRequests)
            let error = try refused.json["error"]
            #expect(error?["status"] == .string("RESOURCE_EXHAUSTED"))
            guard case .array(let details)? = error?["details"] else {
                Issue.record("no details in \(refused.text)")
                return
            }
            let info = details.first { $0["@type"] == .string("type.googleapis.com/google.rpc.ErrorInfo") }
            #expect(info?["reason"] == .string("RATE_LIMIT_EXCEEDED"))
            #expect(info?["metadata"]?["quota_limit"] == .string("BatchGetEffectiveIamPoliciesRequestsPerMinutePerProject"))
            #expect(info?["metadata"]?["quota_limit_value"] == .string("2"))
            clock.advance(seconds: 30)
            #expect(try await client.call(Self.batchGet, method: .get).status == .ok, "a new minute")
        }
    }

    @Test("a per-day quota lasts until midnight Pacific time; the organization's analysis limit counts analyzeIamPolicy")
    func perDay() async throws {
        let clock = Self.clock()
        let fixture = try EmulatorFixture(clock: clock)
        try await fixture.application.test(.router) { client in
            _ = try await client.call("/emulator/quotas", body: #"{"method":"policy-analyzer-org","perDay":1}"#, token: nil)
            let analyze = "/v1/organizations/100000000001:analyzeIamPolicy?analysisQuery.identitySelector.identity=user%3Aalice%40example.com"
            #expect(try await client.call(analyze, method: .get).status == .ok)
            let refused = try await client.call(analyze, method: .get)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.text.contains("AnalysisQueriesPerDayPerOrganization"))
            #expect(try await client.call(Self.batchGet, method: .get).status == .ok, "other methods do not count")
            clock.advance(seconds: 19 * 3600)
            #expect(try await client.call(analyze, method: .get).status == .tooManyRequests, "23:00 Pacific is the same day")
            clock.advance(seconds: 3600)
            #expect(try await client.call(analyze, method: .get).status == .ok, "midnight Pacific begins a new day")
        }
    }

    @Test("GET lists the quotas, DELETE removes them")
    func listAndClear() async throws {
        let fixture = try EmulatorFixture(clock: Self.clock())
        try await fixture.application.test(.router) { client in
            _ = try await client.call("/emulator/quotas", body: #"{"method":"cloudasset.searchAllIamPolicies","perMinute":0}"#, token: nil)
            let listed = try await client.call("/emulator/quotas", method: .get, token: nil)
            #expect(try listed.json["quotas"] == .array([.object(["method": .string("cloudasset.searchAllIamPolicies"), "perMinute": .number(0)])]))
            #expect(try await client.call("/v1/organizations/100000000001:searchAllIamPolicies", method: .get).status == .tooManyRequests)
            #expect(try await client.call("/emulator/quotas", method: .delete, token: nil).status == .noContent)
            #expect(try await client.call("/v1/organizations/100000000001:searchAllIamPolicies", method: .get).status == .ok)
        }
    }

    @Test("a malformed quota is refused", arguments: [
        #"{"perMinute":1}"#, #"{"method":"cloudasset.deleteEverything","perMinute":1}"#, #"{"method":"cloudasset.analyzeIamPolicy"}"#,
        #"{"method":"policy-analyzer-org","perMinute":1}"#, #"{"method":"cloudasset.analyzeIamPolicy","perDay":-1}"#,
    ])
    func malformed(body: String) async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            let answer = try await client.call("/emulator/quotas", body: body, token: nil)
            #expect(answer.status == .badRequest, "\(answer.text)")
        }
    }

    @Test("--quota's syntax", arguments: [
        ("cloudasset.analyzeIamPolicy=100/min,1000/day", EmulatedQuota(method: "cloudasset.analyzeIamPolicy", perMinute: 100, perDay: 1000)),
        ("policy-analyzer-org=20/day", EmulatedQuota(method: "policy-analyzer-org", perDay: 20)),
        ("directory.members.list=5/minute", EmulatedQuota(method: "directory.members.list", perMinute: 5)),
    ])
    func parsing(text: String, expected: EmulatedQuota) throws {
        #expect(try EmulatedQuota(parsing: text) == expected)
    }

    @Test("--quota refuses what it cannot read", arguments: ["cloudasset.analyzeIamPolicy", "cloudasset.analyzeIamPolicy=100", "cloudasset.analyzeIamPolicy=100/hour", "nothing=1/day"])
    func badParsing(text: String) {
        #expect(throws: GoogleAPIError.self) { try EmulatedQuota(parsing: text) }
    }

    @Test("the Directory API's quotas answer in its own shape: 403 with usageLimits reasons", arguments: [
        (false, "userRateLimitExceeded"), (true, "dailyLimitExceeded"),
    ])
    func directoryShape(daily: Bool, reason: String) throws {
        let error = EmulatedQuota(method: "directory.members.list", perMinute: 1, perDay: 1).exhausted(daily: daily)
        #expect(error.status == .forbidden)
        let json = try JSONDecoder().decode(JSONValue.self, from: error.body)
        guard case .array(let errors)? = json["error"]?["errors"] else {
            Issue.record("no errors in \(String(decoding: error.body, as: UTF8.self))")
            return
        }
        #expect(errors.first?["domain"] == .string("usageLimits"))
        #expect(errors.first?["reason"] == .string(reason))
    }

    @Test("a Directory method over its quota answers 403 userRateLimitExceeded without status, before anything else is checked")
    func directoryRoute() async throws {
        let fixture = try EmulatorFixture(clock: Self.clock())
        try await fixture.application.test(.router) { client in
            _ = try await client.call("/emulator/quotas", body: #"{"method":"directory.groups.list","perMinute":0}"#, token: nil)
            let refused = try await client.call("/admin/directory/v1/groups?customer=my_customer", method: .get)
            #expect(refused.status == .forbidden, "\(refused.text)")
            #expect(try refused.json["error"]?["status"] == nil)
            guard case .array(let errors)? = try refused.json["error"]?["errors"] else {
                Issue.record("no errors in \(refused.text)")
                return
            }
            #expect(errors.first?["reason"] == .string("userRateLimitExceeded"))
        }
    }

    @Test("methods are named from the path", arguments: [
        ("GET", "/v1/organizations/1:analyzeIamPolicy", "cloudasset.analyzeIamPolicy"),
        ("GET", "/v1/folders/2/effectiveIamPolicies:batchGet", "cloudasset.batchGetEffectiveIamPolicies"),
        ("GET", "/v1/projects/p:searchAllIamPolicies", "cloudasset.searchAllIamPolicies"),
        ("GET", "/v3/projects:search", "cloudresourcemanager.projects.search"),
        ("POST", "/v3/folders/2:getIamPolicy", "cloudresourcemanager.folders.getIamPolicy"),
        ("POST", "/v1/projects/p:getAncestry", "cloudresourcemanager.projects.getAncestry"),
        ("GET", "/admin/directory/v1/groups", "directory.groups.list"),
        ("GET", "/admin/directory/v1/groups/eng%40example.com/members", "directory.members.list"),
        ("GET", "/admin/directory/v1/groups/eng%40example.com/hasMember/bob%40example.com", "directory.members.hasMember"),
        ("GET", "/emulator/faults", nil),
    ] as [(String, String, String?)])
    func methodNames(method: String, path: String, name: String?) {
        #expect(GoogleMethodName.of(httpMethod: method, path: path) == name)
    }
}

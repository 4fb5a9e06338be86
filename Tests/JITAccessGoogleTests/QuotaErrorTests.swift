import AsyncHTTPClient
import Foundation
import JITAccessCore
import JITAccessEmulator
import JITAccessGoogle
import JITAccessLocal
import JITAccessRuntime
import JITAccessTestSupport
import Testing

@Suite("Google quota errors")
struct QuotaErrorTests {
    static let start = Timestamp(rfc3339: "2026-03-02T12:00:30Z")!
    static let prodDB = ProjectId("prod-db")!

    static func inventory(_ baseURL: String, clock: any WallClock = SystemWallClock()) -> CloudAssetInventory {
        CloudAssetInventory(
            scope: ResourceName(kind: .organization, id: "100000000001"), endpoints: GoogleEndpoints(cloudAsset: baseURL), client: .shared,
            credentials: emulatorCredentials(baseURL), clock: clock, retry: shortGoogleRetry(), logger: quietLogger
        )
    }

    /// The statuses the emulator answered `path` with.
    static func statuses(_ cloud: EmulatedCloud, _ suffix: String) -> [Int] {
        cloud.journal.requests.filter { $0.path.hasSuffix(suffix) }.compactMap { $0.answer?.status }
    }

    @Test("a per-minute quota is retried, and the call succeeds once the next minute comes")
    func perMinuteRetried() async throws {
        let clock = TestClock(Self.start)
        let cloud = try EmulatedCloud(clock: clock)
        try cloud.quotas.set(EmulatedQuota(method: "cloudasset.batchGetEffectiveIamPolicies", perMinute: 1))
        let policies = try await cloud.withEmulatorURL { baseURL in
            let inventory = Self.inventory(baseURL, clock: MinuteSkippingClock(clock))
            _ = try await inventory.effectivePolicies(of: [Self.prodDB])
            return try await inventory.effectivePolicies(of: [Self.prodDB])
        }
        #expect(policies[Self.prodDB]?.count == 3)
        #expect(Self.statuses(cloud, ":batchGet") == [200, 429, 200])
    }

    @Test("a per-minute quota that stays exhausted is quotaExhausted naming the quota, retry after 60 s")
    func perMinuteExhausted() async throws {
        let cloud = try EmulatedCloud(clock: TestClock(Self.start))
        try cloud.quotas.set(EmulatedQuota(method: "cloudasset.searchAllIamPolicies", perMinute: 0))
        let error = await #expect(throws: JITAccessError.self) {
            try await cloud.withEmulatorURL { baseURL in try await Self.inventory(baseURL).searchPolicies(query: "policy:alice", assetTypes: []) }
        }
        guard case .quotaExhausted(let message, let retryAfter) = error else {
            Issue.record("expected quotaExhausted, got \(String(describing: error))")
            return
        }
        #expect(retryAfter == 60)
        #expect(message.contains("Cloud Asset"))
        #expect(message.contains("SearchAllIamPoliciesRequestsPerMinutePerProject"))
        #expect(message.contains("Quotas page"))
        #expect(Self.statuses(cloud, ":searchAllIamPolicies") == [429, 429, 429])
    }

    @Test("a per-day quota is not retried and is quotaExhausted naming the quota, without a retry time", arguments: [
        ("cloudasset.analyzeIamPolicy", "AnalyzeIamPolicyRequestsPerDayPerProject"),
        (EmulatedQuota.policyAnalyzerOrganization, "AnalysisQueriesPerDayPerOrganization"),
    ])
    func perDay(method: String, quota: String) async throws {
        let cloud = try EmulatedCloud(clock: TestClock(Self.start))
        try cloud.quotas.set(EmulatedQuota(method: method, perDay: 1))
        let error = await #expect(throws: JITAccessError.self) {
            try await cloud.withEmulatorURL { baseURL in
                let analyzer = CloudAssetAnalyzer(
                    scope: ResourceName(kind: .organization, id: "100000000001"), endpoints: GoogleEndpoints(cloudAsset: baseURL), client: .shared,
                    credentials: emulatorCredentials(baseURL), clock: SystemWallClock(), retry: shortGoogleRetry(), logger: quietLogger
                )
                _ = try await analyzer.projects(for: UserId("alice@example.com")!)
                return try await analyzer.projects(for: UserId("alice@example.com")!)
            }
        }
        guard case .quotaExhausted(let message, let retryAfter) = error else {
            Issue.record("expected quotaExhausted, got \(String(describing: error))")
            return
        }
        #expect(retryAfter == nil)
        #expect(message.contains(quota))
        #expect(message.contains("Pacific time"))
        #expect(Self.statuses(cloud, ":analyzeIamPolicy") == [200, 429], "not retried")
    }

    @Test("the Directory API's quota answers are quota errors, retried, not permission errors", arguments: [
        (403, "userRateLimitExceeded"), (403, "quotaExceeded"), (429, "rateLimitExceeded"),
    ])
    func directoryQuota(status: Int, reason: String) async throws {
        let body = #"{"error":{"code":\#(status),"message":"Quota exceeded","errors":[{"domain":"usageLimits","reason":"\#(reason)","message":"Quota exceeded"}]}}"#
        let backend = ScriptedBackend([ScriptedBackend.Answer(status: status, body: body)])
        let error = await #expect(throws: JITAccessError.self) {
            try await withLocalServer(router: backend.router) { baseURL in
                let transport = GoogleAPITransport(
                    service: "Directory", client: .shared, credentials: StaticToken(), retry: shortGoogleRetry(), clock: SystemWallClock(), logger: quietLogger
                )
                return try await transport.get("\(baseURL)/admin/directory/v1/groups?customer=C01", as: [String: String].self)
            }
        }
        guard case .quotaExhausted(let message, let retryAfter) = error else {
            Issue.record("expected quotaExhausted, got \(String(describing: error))")
            return
        }
        #expect(retryAfter == 60)
        #expect(message.contains("Directory's quota \(reason)"))
        #expect(await backend.requests == 3)
    }

    @Test("a quota answer is never taken as nothing found, even with a status the caller takes as that")
    func quotaNotAbsent() async throws {
        let body = #"{"error":{"code":403,"message":"Quota exceeded","errors":[{"domain":"usageLimits","reason":"userRateLimitExceeded","message":"Quota exceeded"}]}}"#
        let backend = ScriptedBackend([ScriptedBackend.Answer(status: 403, body: body)])
        let error = await #expect(throws: JITAccessError.self) {
            try await withLocalServer(router: backend.router) { baseURL in
                let transport = GoogleAPITransport(
                    service: "Directory", client: .shared, credentials: StaticToken(), retry: shortGoogleRetry(), clock: SystemWallClock(), logger: quietLogger
                )
                return try await transport.get("\(baseURL)/admin/directory/v1/groups/g/members", absentStatuses: [403], as: [String: String].self)
            }
        }
        guard case .quotaExhausted = error else {
            Issue.record("expected quotaExhausted, got \(String(describing: error))")
            return
        }
    }

    @Test("a 403 without a quota reason stays a permission problem, not retried")
    func directoryForbidden() async throws {
        let body = #"{"error":{"code":403,"message":"Not Authorized to access this resource/api","errors":[{"domain":"global","reason":"forbidden","message":"Not Authorized"}]}}"#
        let backend = ScriptedBackend([ScriptedBackend.Answer(status: 403, body: body)])
        let error = await #expect(throws: JITAccessError.self) {
            try await withLocalServer(router: backend.router) { baseURL in
                let transport = GoogleAPITransport(
                    service: "Directory", client: .shared, credentials: StaticToken(), retry: shortGoogleRetry(), clock: SystemWallClock(), logger: quietLogger
                )
                return try await transport.get("\(baseURL)/admin/directory/v1/groups?customer=C01", as: [String: String].self)
            }
        }
        #expect(error?.message.contains("check the roles granted") == true)
        #expect(await backend.requests == 1)
    }
}

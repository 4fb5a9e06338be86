import JITAccessCore
import Testing
import JITAccessTestSupport

@Suite("Rate limits")
struct RateLimiterTests {
    @Test(arguments: [
        ("20/10m", RateLimit(count: 20, seconds: 600)), ("30/1h", RateLimit(count: 30, seconds: 3_600)), ("5/90s", RateLimit(count: 5, seconds: 90)),
        ("5/90", RateLimit(count: 5, seconds: 90)), (" 1/168h ", RateLimit(count: 1, seconds: 604_800)),
    ])
    func readsCountPerPeriod(text: String, limit: RateLimit) {
        #expect(RateLimit(text) == limit)
    }

    @Test(arguments: ["", "20", "/10m", "20/", "20/10x", "20/m", "0/1m", "-1/1m", "+1/1m", "1/169h", "1/0s", "1.5/1m", "1/1m/2", "٣/1m"])
    func refusesWhatIsNoLimit(text: String) {
        #expect(RateLimit(text) == nil)
    }

    @Test func theEnvironmentSetsOrTurnsOffEachLimit() throws {
        let limits = try RateLimits(environment: ConfigurationSource(["RATE_LIMIT_SELF_ACTIVATIONS": "3/1m", "RATE_LIMIT_MAIL": "off"]))
        #expect(limits.limits[.selfActivation] == RateLimit(count: 3, seconds: 60))
        #expect(limits.limits[.mail] == nil)
        #expect(limits.limits[.request] == RateLimitedAction.request.defaultLimit)
        #expect(throws: ConfigurationError(
            variable: "RATE_LIMIT_APPROVALS",
            message: "'lots' is not a rate limit; write COUNT/PERIOD, such as 30/10m (the default), with a period in s, m or h of at most a week, or off"
        )) {
            try RateLimits(environment: ConfigurationSource(["RATE_LIMIT_APPROVALS": "lots"]))
        }
    }

    @Test func aBucketEmptiesAndRefillsAtItsRate() throws {
        let clock = TestClock(Sample.now)
        let limiter = RateLimiter(limits: RateLimits([.approval: RateLimit(count: 3, seconds: 60)]), clock: clock)
        for _ in 0..<3 { try limiter.take(.approval, for: ["bob"]) { $0 } }
        #expect(throws: JITAccessError.tooManyRequests("bob reached the limit of 3 per 60 seconds; try again in 20 seconds.", retryAfterSeconds: 20)) {
            try limiter.take(.approval, for: ["bob"]) { $0 }
        }
        try limiter.take(.approval, for: ["carol"]) { $0 }
        try limiter.take(.selfActivation, for: ["bob"]) { $0 }
        clock.advance(seconds: 19)
        #expect(throws: JITAccessError.self) { try limiter.take(.approval, for: ["bob"]) { $0 } }
        clock.advance(seconds: 1)
        try limiter.take(.approval, for: ["bob"]) { $0 }
    }

    @Test func severalKeysTakeAllOrNothing() throws {
        let limiter = RateLimiter(limits: RateLimits([.mail: RateLimit(count: 2, seconds: 3_600)]), clock: TestClock(Sample.now))
        try limiter.take(.mail, for: ["bob", "carol"]) { $0 }
        try limiter.take(.mail, for: ["bob"]) { $0 }
        #expect(throws: JITAccessError.self) { try limiter.take(.mail, for: ["carol", "bob"]) { "Mail to \($0)" } }
        try limiter.take(.mail, for: ["carol"]) { $0 }
        #expect(throws: JITAccessError.self) { try limiter.take(.mail, for: ["carol"]) { $0 } }
    }

    @Test func theTableOfBucketsIsBounded() throws {
        let clock = TestClock(Sample.now)
        let limiter = RateLimiter(limits: RateLimits([.request: RateLimit(count: 2, seconds: 60)]), clock: clock, maxKeysPerAction: 100)
        for index in 0..<2_000 {
            try limiter.take(.request, for: ["user\(index)@example.com"]) { $0 }
        }
        #expect(limiter.trackedKeys(.request) <= 100)
        // A user who is at the limit keeps their empty bucket while idle ones come and go.
        try limiter.take(.request, for: ["mallory"]) { $0 }
        try limiter.take(.request, for: ["mallory"]) { $0 }
        for index in 0..<500 {
            try limiter.take(.request, for: ["new\(index)@example.com"]) { $0 }
        }
        #expect(throws: JITAccessError.self) { try limiter.take(.request, for: ["mallory"]) { $0 } }
    }

    @Test func aRefusalIsAuditedAndAnsweredBeforeAnyWork() async throws {
        let audit = RecordingAuditLog()
        let cloud = InMemoryProject(project: Sample.project, bindings: [Sample.eligible("roles/x")])
        let catalog = EntitlementCatalog(analyzer: cloud, clock: TestClock(Sample.now))
        let limiter = RateLimiter(limits: RateLimits([.selfActivation: RateLimit(count: 1, seconds: 600)]), clock: TestClock(Sample.now))
        let engine = SelfActivation(catalog: catalog, store: cloud, rules: try ActivationRules(), audit: audit, retry: .testPolicyWrite, limiter: limiter)
        let id = EntitlementId(project: Sample.project, role: "roles/x", resourceCondition: nil)
        _ = try await engine.activate(SelfActivationRequest(user: Sample.alice, project: Sample.project, entitlements: [id], justification: "x", minutes: 5))
        let reads = cloud.reads
        await #expect(throws: JITAccessError.tooManyRequests("Your self-activations reached the limit of 1 per 10 minutes; try again in 10 minutes.", retryAfterSeconds: 600)) {
            _ = try await engine.activate(SelfActivationRequest(user: Sample.alice, project: Sample.project, entitlements: [id], justification: "x", minutes: 5))
        }
        #expect(cloud.reads == reads, "refused before IAM is read")
        let refusal = try #require(audit.events.last)
        #expect(refusal.name == "api.rateLimited")
        #expect(refusal.labels["user"] == "alice@example.com")
        #expect(refusal.labels["action"] == "self-activation")
        #expect(refusal.labels["retry_after"] == "600")
    }

    @Test func aRequesterCannotFloodAReviewersInbox() async throws {
        let clock = TestClock(Sample.now)
        let cloud = InMemoryProject(project: Sample.project, bindings: [
            Sample.eligible("roles/x", "has({}.multiPartyApprovalConstraint)", members: ["user:alice@example.com", "user:bob@example.com"]),
        ])
        let notifier = RecordingNotifier()
        let signer = TransparentSigner(clock: clock)
        let limiter = RateLimiter(limits: RateLimits([.mail: RateLimit(count: 3, seconds: 3_600)]), clock: clock)
        let engine = PeerApproval(
            catalog: EntitlementCatalog(analyzer: cloud, clock: clock), store: cloud, rules: try ActivationRules(), signer: signer, verifier: signer,
            notifier: notifier, links: ActivationLinks(baseURL: "https://jit.example.com/"), audit: RecordingAuditLog(), retry: .testPolicyWrite, limiter: limiter
        )
        let request = PeerApprovalRequest(
            user: Sample.alice, project: Sample.project, entitlement: EntitlementId(project: Sample.project, role: "roles/x", resourceCondition: nil),
            reviewers: [Sample.bob], justification: "x", minutes: 5
        )
        for _ in 0..<3 { _ = try await engine.submit(request) }
        do {
            _ = try await engine.submit(request)
            Issue.record("a fourth mail within the hour")
        } catch let JITAccessError.tooManyRequests(message, seconds) {
            #expect(message.hasPrefix("Mail to "))
            #expect(seconds == 1_200)
        }
        #expect(notifier.notifications.count == 3)
    }
}

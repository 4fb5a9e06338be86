import JITAccessCore
import JITAccessTestSupport
import Testing

/// The engines name their events and leave the `event` label to the sink, which makes it from
/// the name: one writer of each fact.
@Suite("Audit events")
struct AuditEventTests {
    @Test func theEnginesNeverSetTheEventLabel() async throws {
        let audit = RecordingAuditLog()
        let clock = TestClock(Sample.now)
        let cloud = InMemoryProject(project: Sample.project, bindings: [
            Sample.eligible("roles/a"),
            Sample.eligible("roles/b", "has({}.multiPartyApprovalConstraint)", members: ["user:alice@example.com", "user:bob@example.com"]),
        ])
        let catalog = EntitlementCatalog(analyzer: cloud, clock: clock)
        let limiter = RateLimiter(limits: RateLimits([.selfActivation: RateLimit(count: 2, seconds: 60)]), clock: clock)
        let activation = SelfActivation(catalog: catalog, store: cloud, rules: try ActivationRules(), audit: audit, retry: .testPolicyWrite, limiter: limiter)
        func activate(_ role: String) async throws {
            _ = try await activation.activate(SelfActivationRequest(
                user: Sample.alice, project: Sample.project, entitlements: [EntitlementId(project: Sample.project, role: role, resourceCondition: nil)],
                justification: "x", minutes: 5
            ))
        }
        try await activate("roles/a")
        await #expect(throws: JITAccessError.self) { try await activate("roles/b") }
        await #expect(throws: JITAccessError.self) { try await activate("roles/a") }

        let signer = TransparentSigner(clock: clock)
        let peers = PeerApproval(
            catalog: catalog, store: cloud, rules: try ActivationRules(), signer: signer, verifier: signer, notifier: RecordingNotifier(),
            links: ActivationLinks(baseURL: "https://jit.example.com/"), audit: audit, retry: .testPolicyWrite
        )
        let submitted = try await peers.submit(PeerApprovalRequest(
            user: Sample.alice, project: Sample.project, entitlement: EntitlementId(project: Sample.project, role: "roles/b", resourceCondition: nil),
            reviewers: [Sample.bob], justification: "y", minutes: 5
        ))
        _ = try await peers.approve(submitted.token, by: Sample.bob)

        #expect(Set(audit.events.map(\.name)) == ["api.activateRole", "api.rateLimited", "api.requestRole"])
        #expect(audit.events.allSatisfy { $0.labels["event"] == nil }, "\(audit.events.filter { $0.labels["event"] != nil })")
    }
}

import JITAccessCore
import Testing
import JITAccessTestSupport

/// An approval link stays valid until its token expires. Approving it again must never write
/// again, and an older request must never cut short access that a newer one granted.
@Suite("Approving again")
struct ApprovalReplayTests {
    static let mpa = "has({}.multiPartyApprovalConstraint)"
    let role = "roles/owner"
    let dave = UserId("dave@example.com")!
    let carol = UserId("carol@example.com")!

    struct World {
        let cloud: InMemoryProject
        let clock: TestClock
        let notifier: RecordingNotifier
        let engine: PeerApproval
    }

    func world() throws -> World {
        let cloud = InMemoryProject(project: Sample.project, bindings: [
            Sample.eligible(role, Self.mpa, members: ["user:dave@example.com", "user:bob@example.com", "user:carol@example.com"]),
        ])
        let clock = TestClock(Sample.now)
        let notifier = RecordingNotifier()
        let signer = TransparentSigner(clock: clock)
        let engine = PeerApproval(
            catalog: EntitlementCatalog(analyzer: cloud, clock: clock), store: cloud, rules: try ActivationRules(),
            signer: signer, verifier: signer, notifier: notifier, links: ActivationLinks(baseURL: "https://jit.example.com/"),
            audit: RecordingAuditLog(), retry: Backoff(maxAttempts: 3, initialDelay: .milliseconds(1), maxDelay: .milliseconds(2), jitter: SeededJitter())
        )
        return World(cloud: cloud, clock: clock, notifier: notifier, engine: engine)
    }

    func request(_ minutes: Int, in world: World) async throws -> SubmittedRequest {
        try await world.engine.submit(PeerApprovalRequest(
            user: dave, project: Sample.project, entitlement: EntitlementId(project: Sample.project, role: role, resourceCondition: nil),
            reviewers: [Sample.bob, carol], justification: "INC-\(minutes)", minutes: minutes
        ))
    }

    func activations(_ world: World) -> [ActivationCondition] {
        world.cloud.policy.bindings.compactMap { ActivationCondition($0.condition) }
    }

    @Test func anOlderShorterRequestNeverShortensANewerLongerGrant() async throws {
        let world = try world()
        let short = try await request(30, in: world)
        world.clock.advance(seconds: 60)
        let long = try await request(120, in: world)
        _ = try await world.engine.approve(long.token, by: Sample.bob)
        _ = try await world.engine.approve(short.token, by: carol)
        let ends = activations(world).map(\.window.end)
        #expect(ends.contains(long.request.window.end), "the 120-minute activation is still there")
        #expect(ends.max() == long.request.window.end)
        let listed = try await EntitlementCatalog(analyzer: world.cloud, clock: world.clock).entitlements(for: dave, on: Sample.project)
        #expect(listed.first?.validUntil == long.request.window.end)
    }

    @Test func approvingAgainWritesNothingAndMailsNobody() async throws {
        let world = try world()
        let submitted = try await request(30, in: world)
        let first = try await world.engine.approve(submitted.token, by: Sample.bob)
        #expect(world.cloud.writes == 1)
        let mails = world.notifier.notifications.count
        let binding = try #require(world.cloud.policy.bindings.last)
        #expect(binding.condition?.description == "Approved by bob@example.com, request \(submitted.request.id), justification: INC-30")

        world.clock.advance(seconds: 300)
        for reviewer in [carol, Sample.bob] {
            let again = try await world.engine.approve(submitted.token, by: reviewer)
            #expect(again.state == first.state, "answers the state: approved by bob")
        }
        #expect(world.cloud.writes == 1)
        #expect(world.notifier.notifications.count == mails)
        #expect(activations(world).count == 1)
    }

    @Test func aRequestIsRecognisedByItsIdEvenAfterTheGrantWasExtended() async throws {
        let world = try world()
        let submitted = try await request(30, in: world)
        _ = try await world.engine.approve(submitted.token, by: Sample.bob)
        // An administrator extends the activation by hand, keeping its description.
        world.cloud.edit { policy in
            let index = policy.bindings.indices.last!
            let longer = ActivationCondition(window: ActivationWindow(start: Sample.now, minutes: 90), resourceCondition: nil)
            policy.bindings[index].condition?.expression = longer.expression
        }
        _ = try await world.engine.approve(submitted.token, by: carol)
        #expect(world.cloud.writes == 1)
    }

    @Test func onceTheActivationIsGoneAStatelessDeploymentCannotTell() async throws {
        let world = try world()
        let submitted = try await request(30, in: world)
        _ = try await world.engine.approve(submitted.token, by: Sample.bob)
        world.cloud.edit { $0.bindings.removeAll { ActivationCondition($0.condition) != nil } }
        _ = try await world.engine.approve(submitted.token, by: carol)
        #expect(world.cloud.writes == 2, "documented in the README: without a ledger, a removed activation looks never written")
    }
}

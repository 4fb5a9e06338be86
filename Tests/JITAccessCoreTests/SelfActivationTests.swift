import JITAccessCore
import Testing
import JITAccessTestSupport

@Suite("Self-activation")
struct SelfActivationTests {
    func engine(_ cloud: InMemoryProject, audit: RecordingAuditLog = RecordingAuditLog(), maxRoles: Int = 10, clock: TestClock = TestClock(Sample.now)) throws -> SelfActivation {
        SelfActivation(
            catalog: EntitlementCatalog(analyzer: cloud, clock: clock),
            store: cloud,
            rules: try ActivationRules(maxRolesPerRequest: maxRoles),
            audit: audit,
            retry: Backoff(maxAttempts: 5, initialDelay: .seconds(1), maxDelay: .seconds(5), jitter: SeededJitter())
        )
    }

    func id(_ role: String) -> EntitlementId {
        EntitlementId(project: Sample.project, role: role, resourceCondition: nil)
    }

    @Test func writesAllRolesInOneReadModifyWrite() async throws {
        let cloud = InMemoryProject(project: Sample.project, bindings: [Sample.eligible("roles/a"), Sample.eligible("roles/b"), Sample.eligible("roles/c")])
        let audit = RecordingAuditLog()
        let activation = try await engine(cloud, audit: audit).activate(SelfActivationRequest(
            user: Sample.alice, project: Sample.project, entitlements: [id("roles/a"), id("roles/b"), id("roles/a")], justification: "BUG-1", minutes: 30
        ))
        #expect(cloud.writes == 1)
        #expect(activation.entitlements == [id("roles/a"), id("roles/b")])
        #expect(activation.window == ActivationWindow(start: Sample.now, minutes: 30))
        let added = cloud.policy.bindings.filter { $0.condition?.title == ActivationCondition.title }
        #expect(added.map(\.role) == ["roles/a", "roles/b"])
        #expect(added.allSatisfy { $0.members == ["user:alice@example.com"] && $0.condition?.description == "Self-approved, justification: BUG-1" })
        #expect(audit.events.map(\.name) == ["api.activateRole", "api.activateRole"])
        #expect(audit.events.first?.labels["justification"] == "BUG-1")
    }

    @Test func retriesWhenTheEtagMoved() async throws {
        let cloud = InMemoryProject(project: Sample.project, bindings: [Sample.eligible("roles/a")], conflicts: 3)
        let clock = TestClock(Sample.now)
        let started = ContinuousClock.now
        _ = try await engine(cloud, clock: clock).activate(SelfActivationRequest(user: Sample.alice, project: Sample.project, entitlements: [id("roles/a")], justification: "x", minutes: 5))
        #expect(cloud.writes == 1)
        #expect(cloud.policy.bindings.count == 2)
        // Three waits of up to 1, 2 and 4 s, all on the injected clock: none of them real.
        #expect(clock.slept > .zero && clock.slept <= .seconds(7))
        #expect(started.duration(to: .now) < .seconds(1))
    }

    @Test func givesUpAfterBoundedRetriesAndWritesNothing() async throws {
        let cloud = InMemoryProject(project: Sample.project, bindings: [Sample.eligible("roles/a")], conflicts: 100)
        await #expect(throws: JITAccessError.self) {
            _ = try await engine(cloud).activate(SelfActivationRequest(user: Sample.alice, project: Sample.project, entitlements: [id("roles/a")], justification: "x", minutes: 5))
        }
        #expect(cloud.writes == 0)
    }

    @Test func refusesRolesTheUserIsNotEligibleFor() async throws {
        let cloud = InMemoryProject(project: Sample.project, bindings: [Sample.eligible("roles/a"), Sample.eligible("roles/b", members: ["user:bob@example.com"])])
        let audit = RecordingAuditLog()
        await #expect(throws: JITAccessError.accessDenied("You are not eligible to activate 'roles/b' on project 'prod-db'.")) {
            _ = try await engine(cloud, audit: audit).activate(SelfActivationRequest(user: Sample.alice, project: Sample.project, entitlements: [id("roles/a"), id("roles/b")], justification: "x", minutes: 5))
        }
        #expect(cloud.writes == 0)
        #expect(audit.events.map(\.severity) == [.warning])
    }

    @Test func eligibilityIsReadLiveForEveryActivation() async throws {
        let cloud = InMemoryProject(project: Sample.project, bindings: [Sample.eligible("roles/a")])
        let engine = try engine(cloud)
        let request = SelfActivationRequest(user: Sample.alice, project: Sample.project, entitlements: [id("roles/a")], justification: "x", minutes: 5)
        _ = try await engine.activate(request)
        cloud.edit { policy in policy.bindings.removeAll { EligibilityCondition($0.condition) != nil } }
        let before = cloud.policy
        await #expect(throws: JITAccessError.self) { _ = try await engine.activate(request) }
        #expect(cloud.policy == before)
    }

    @Test func refusesPeerApprovalRoles() async throws {
        let cloud = InMemoryProject(project: Sample.project, bindings: [Sample.eligible("roles/a", "has({}.multiPartyApprovalConstraint)")])
        await #expect(throws: JITAccessError.self) {
            _ = try await engine(cloud).activate(SelfActivationRequest(user: Sample.alice, project: Sample.project, entitlements: [id("roles/a")], justification: "x", minutes: 5))
        }
        #expect(cloud.writes == 0)
    }

    @Test func refusesRolesOfAnotherProject() async throws {
        let cloud = InMemoryProject(project: Sample.project, bindings: [Sample.eligible("roles/a")])
        let other = EntitlementId(project: ProjectId("other-project")!, role: "roles/a", resourceCondition: nil)
        await #expect(throws: JITAccessError.self) {
            _ = try await engine(cloud).activate(SelfActivationRequest(user: Sample.alice, project: Sample.project, entitlements: [other], justification: "x", minutes: 5))
        }
        #expect(cloud.writes == 0)
    }

    @Test(arguments: [
        (["roles/a"], "", 5),
        (["roles/a"], "x", 0),
        (["roles/a"], "x", 121),
        ([], "x", 5),
        (["roles/a", "roles/b", "roles/c"], "x", 5),
    ])
    func validatesBeforeReadingIAM(roles: [String], justification: String, minutes: Int) async throws {
        let cloud = InMemoryProject(project: Sample.project, bindings: [Sample.eligible("roles/a"), Sample.eligible("roles/b"), Sample.eligible("roles/c")])
        let rules = try ActivationRules(maxRolesPerRequest: 2)
        let broken = try #require(
            refusal { try rules.validate(roleCount: roles.count) } ?? refusal { try rules.validate(justification: justification) }
                ?? refusal { try rules.validate(minutes: minutes) },
            "each case breaks one rule"
        )
        await #expect(throws: broken) {
            _ = try await engine(cloud, maxRoles: 2).activate(SelfActivationRequest(user: Sample.alice, project: Sample.project, entitlements: roles.map(id), justification: justification, minutes: minutes))
        }
        #expect(cloud.writes == 0)
    }
}

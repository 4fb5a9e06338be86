import JITAccessCore
import Testing
import JITAccessTestSupport

@Suite("Peer approval")
struct PeerApprovalTests {
    static let mpa = "has({}.multiPartyApprovalConstraint)"
    let carol = UserId("carol@example.com")!
    let dave = UserId("dave@example.com")!
    let role = "roles/cloudsql.admin"
    var entitlement: EntitlementId { EntitlementId(project: Sample.project, role: role, resourceCondition: nil) }

    struct World {
        let cloud: InMemoryProject
        let clock: TestClock
        let notifier: RecordingNotifier
        let audit: RecordingAuditLog
        let signer: TransparentSigner
        let engine: PeerApproval
    }

    func world(bindings: [IAMBinding]? = nil, notifier: RecordingNotifier = RecordingNotifier(), rules: ActivationRules? = nil) throws -> World {
        let cloud = InMemoryProject(project: Sample.project, bindings: bindings ?? [
            Sample.eligible(role, Self.mpa, members: ["user:alice@example.com", "user:bob@example.com", "user:carol@example.com"]),
            Sample.eligible(role, "has({}.jitAccessConstraint)", members: ["user:dave@example.com"]),
        ])
        let clock = TestClock(Sample.now)
        let audit = RecordingAuditLog()
        let signer = TransparentSigner(clock: clock)
        let engine = PeerApproval(
            catalog: EntitlementCatalog(analyzer: cloud, clock: clock), store: cloud, rules: try rules ?? ActivationRules(),
            signer: signer, verifier: signer, notifier: notifier, links: ActivationLinks(baseURL: "https://jit.example.com/"),
            audit: audit, retry: Backoff(maxAttempts: 3, initialDelay: .milliseconds(1), maxDelay: .milliseconds(2), jitter: SeededJitter())
        )
        return World(cloud: cloud, clock: clock, notifier: notifier, audit: audit, signer: signer, engine: engine)
    }

    func submission(reviewers: [UserId]? = nil, justification: String = "INC-1", minutes: Int = 30, user: UserId = Sample.alice) -> PeerApprovalRequest {
        PeerApprovalRequest(user: user, project: Sample.project, entitlement: entitlement, reviewers: reviewers ?? [Sample.bob], justification: justification, minutes: minutes)
    }

    @Test func peersAreTheOtherHoldersOfTheSameBinding() async throws {
        let world = try world()
        #expect(try await world.engine.peers(of: Sample.alice, for: entitlement) == [Sample.bob, carol])
        await #expect(throws: JITAccessError.self) { _ = try await world.engine.peers(of: dave, for: entitlement) }
    }

    @Test func aRequestIsSignedAndMailedWithoutWritingIAM() async throws {
        let world = try world()
        let submitted = try await world.engine.submit(submission(reviewers: [Sample.bob, carol, Sample.bob]))
        #expect(world.cloud.writes == 0)
        #expect(submitted.request.reviewers == [Sample.bob, carol])
        #expect(submitted.request.id.hasPrefix("mpa-"))
        #expect(submitted.request.window == ActivationWindow(start: Sample.now, minutes: 30))
        #expect(submitted.request.expiresAt == Sample.now.adding(seconds: 30 * 60), "never beyond the requested window")
        #expect(submitted.approvalLink.hasPrefix("https://jit.example.com/?activation="))
        #expect(submitted.notificationError == nil)
        guard case .approvalRequested(let mailed, let link, _) = world.notifier.notifications.first else {
            Issue.record("no approval mail")
            return
        }
        #expect(mailed == submitted.request)
        #expect(link == submitted.approvalLink)
        #expect(world.audit.events.map(\.name) == ["api.requestRole"])
        let claims = try await world.signer.verify(submitted.token, acceptingExpired: false)
        #expect(claims.iss == "https://jit.example.com" && claims.aud == claims.iss)
        #expect(claims.resource == "//cloudresourcemanager.googleapis.com/projects/prod-db")
        #expect(claims.exp - claims.iat == 30 * 60)
    }

    @Test func theRequestLapsesAfterTheRequestTimeout() async throws {
        let world = try world(rules: ActivationRules(requestTimeoutMinutes: 10))
        let submitted = try await world.engine.submit(submission(minutes: 60))
        #expect(submitted.request.expiresAt == Sample.now.adding(seconds: 600))
    }

    @Test(arguments: [
        ("self", "cannot review your own request"),
        ("stranger", "not a qualified reviewer"),
        ("none", "Choose 1 to 10 reviewers"),
        ("justification", "Enter a justification"),
        ("minutes", "between 1 and 120"),
    ])
    func refusesBadRequests(problem: String, message: String) async throws {
        let world = try world()
        let request = switch problem {
        case "self": submission(reviewers: [Sample.alice, Sample.bob])
        case "stranger": submission(reviewers: [dave])
        case "none": submission(reviewers: [])
        case "justification": submission(justification: " ")
        default: submission(minutes: 121)
        }
        do {
            _ = try await world.engine.submit(request)
            Issue.record("accepted")
        } catch let error as JITAccessError {
            #expect(error.message.contains(message), "\(error)")
        }
        #expect(world.notifier.notifications.isEmpty)
    }

    @Test func onlyMPAEligibleUsersMayRequest() async throws {
        let world = try world()
        await #expect(throws: JITAccessError.accessDenied("You are not eligible to request 'roles/cloudsql.admin' on project 'prod-db' with peer approval.")) {
            _ = try await world.engine.submit(submission(reviewers: [Sample.bob], user: dave))
        }
    }

    @Test func aMailFailureStillReturnsTheLinkToPassOn() async throws {
        let world = try world(notifier: RecordingNotifier(failure: .backend("SMTP server said 535")))
        let submitted = try await world.engine.submit(submission())
        #expect(submitted.notificationError == "SMTP server said 535")
        #expect(submitted.approvalLink.contains("activation="))
    }

    @Test func aReviewerApprovesOnceAndTheBindingHasTheTokensWindow() async throws {
        let world = try world()
        let submitted = try await world.engine.submit(submission(reviewers: [Sample.bob, carol]))
        world.clock.advance(seconds: 120)
        let view = try await world.engine.approve(submitted.token, by: Sample.bob)
        #expect(view.state == .approved(approver: Sample.bob, until: submitted.request.window.end))
        let added = world.cloud.policy.bindings.filter { $0.condition?.title == ActivationCondition.title }
        #expect(added.count == 1)
        #expect(added.first?.members == ["user:alice@example.com"])
        #expect(added.first?.condition?.description == "Approved by bob@example.com, request \(submitted.request.id), justification: INC-1")
        #expect(ActivationCondition(added.first?.condition)?.window == submitted.request.window)
        #expect(world.audit.events.map(\.name) == ["api.requestRole", "api.activateRole"])

        let again = try await world.engine.approve(submitted.token, by: carol)
        #expect(again.state == .approved(approver: Sample.bob, until: submitted.request.window.end), "already approved, by bob")
        #expect(world.cloud.policy.bindings.filter { $0.condition?.title == ActivationCondition.title }.count == 1, "approving twice adds no duplicate")
        #expect(world.cloud.writes == 1)
        #expect(world.notifier.notifications.count == 2, "the request, and bob's approval: nothing for carol's")
    }

    @Test func anApprovalReadsAndWritesThePolicyOnce() async throws {
        let world = try world()
        let submitted = try await world.engine.submit(submission())
        let view = try await world.engine.approve(submitted.token, by: Sample.bob)
        #expect(view.state == .approved(approver: Sample.bob, until: submitted.request.window.end), "the state comes from the policy just written")
        #expect(world.cloud.reads == 1)
        #expect(world.cloud.writes == 1)
    }

    @Test func theStateIsReadLive() async throws {
        let world = try world(rules: ActivationRules(requestTimeoutMinutes: 10))
        let submitted = try await world.engine.submit(submission())
        #expect(try await world.engine.view(submitted.token, by: Sample.alice).state == .pending(validUntil: Sample.now.adding(seconds: 600)))
        await #expect(throws: JITAccessError.self, "carol is not a reviewer") { _ = try await world.engine.view(submitted.token, by: carol) }
        #expect(try await world.engine.view(submitted.token, by: Sample.bob).canApprove)
        await #expect(throws: JITAccessError.self) { _ = try await world.engine.view(submitted.token, by: dave) }
        world.clock.advance(seconds: 601)
        #expect(try await world.engine.view(submitted.token, by: Sample.alice).state == .expired)
        await #expect(throws: JITAccessError.invalidArgument("The activation token has expired.")) {
            _ = try await world.engine.approve(submitted.token, by: Sample.bob)
        }
        #expect(world.cloud.writes == 0)
    }

    @Test func approvalChecksEveryRule() async throws {
        let world = try world()
        let submitted = try await world.engine.submit(submission(reviewers: [Sample.bob, carol]))
        let claims = try await world.signer.verify(submitted.token, acceptingExpired: false)

        // Not a reviewer.
        await #expect(throws: JITAccessError.accessDenied("You are not a reviewer of this request.")) {
            _ = try await world.engine.approve(submitted.token, by: dave)
        }
        // A token naming the beneficiary as reviewer still cannot be self-approved.
        let selfReview = world.signer.forge(ActivationToken(request: ActivationRequest(
            id: claims.jti, beneficiary: Sample.alice, reviewers: [Sample.alice], entitlement: entitlement,
            justification: "INC-1", window: submitted.request.window, expiresAt: submitted.request.expiresAt
        ), issuer: claims.iss, issuedAt: Sample.now))
        await #expect(throws: JITAccessError.invalidArgument("You cannot approve your own request.")) {
            _ = try await world.engine.approve(selfReview, by: Sample.alice)
        }
        // A justification that no longer passes the rules.
        let badJustification = world.signer.forge(ActivationToken(request: ActivationRequest(
            id: claims.jti, beneficiary: Sample.alice, reviewers: [Sample.bob], entitlement: entitlement,
            justification: String(repeating: "x", count: 101), window: submitted.request.window, expiresAt: submitted.request.expiresAt
        ), issuer: claims.iss, issuedAt: Sample.now))
        let rules = try ActivationRules()
        let tooLong = try #require(refusal { try rules.validate(justification: String(repeating: "x", count: 101)) })
        await #expect(throws: tooLong) { _ = try await world.engine.approve(badJustification, by: Sample.bob) }
        // A window that is over, in a token that has not expired.
        let over = world.signer.forge(ActivationToken(request: ActivationRequest(
            id: claims.jti, beneficiary: Sample.alice, reviewers: [Sample.bob], entitlement: entitlement, justification: "INC-1",
            window: ActivationWindow(start: Sample.now.adding(seconds: -3600), end: Sample.now.adding(seconds: -60)), expiresAt: Sample.now.adding(seconds: 600)
        ), issuer: claims.iss, issuedAt: Sample.now))
        let ended = Sample.now.adding(seconds: -60)
        await #expect(throws: JITAccessError.invalidArgument("The requested access window ended at \(ended); ask for a new request.")) {
            _ = try await world.engine.approve(over, by: Sample.bob)
        }
        // Garbage.
        await #expect(throws: JITAccessError.invalidArgument("The activation token is not signed by this service.")) {
            _ = try await world.engine.approve("eyJhbGciOiJub25lIn0.e30.", by: Sample.bob)
        }
        #expect(world.cloud.writes == 0)
    }

    @Test(arguments: ["requester", "reviewer"])
    func bothMustStillBeEligible(who: String) async throws {
        let world = try world()
        let submitted = try await world.engine.submit(submission())
        let leaver = who == "requester" ? "user:alice@example.com" : "user:bob@example.com"
        world.cloud.edit { policy in
            for index in policy.bindings.indices { policy.bindings[index].members.removeAll { $0 == leaver } }
        }
        let expected = who == "requester"
            ? JITAccessError.accessDenied("alice@example.com is no longer eligible for '\(role)' on project '\(Sample.project)'.")
            : JITAccessError.accessDenied("You are no longer eligible to approve '\(role)' on project '\(Sample.project)'.")
        await #expect(throws: expected) { _ = try await world.engine.approve(submitted.token, by: Sample.bob) }
        #expect(world.cloud.writes == 0)
    }

    @Test func jitEligibilityDoesNotQualifyAReviewer() async throws {
        let world = try world(bindings: [
            Sample.eligible(role, Self.mpa, members: ["user:alice@example.com"]),
            Sample.eligible(role, "has({}.jitAccessConstraint)", members: ["user:bob@example.com"]),
        ])
        #expect(try await world.engine.peers(of: Sample.alice, for: entitlement).isEmpty)
    }

    @Test func linksCanBeObfuscatedAndRead() {
        let token = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln"
        let obfuscated = ActivationLinks.obfuscate(token)
        #expect(!obfuscated.contains("ey") || !obfuscated.hasPrefix("ey"))
        #expect(!obfuscated.contains("."))
        #expect(ActivationLinks.deobfuscate(obfuscated) == token)
        #expect(ActivationLinks.deobfuscate(token) == token)
    }
}

/// Multi-party approval: peers, signed requests, approval and the state of a request.
///
/// Nothing is stored: the request travels as a signed token, and every decision re-reads
/// eligibility from IAM.
public struct PeerApproval: Sendable {
    /// Decides: read live.
    public let catalog: EntitlementCatalog
    /// Lists the peers a requester may choose from; may be cached, since ``submit(_:)`` checks
    /// the chosen reviewers against ``catalog`` again.
    public let listings: EntitlementCatalog
    public let store: any PolicyStore
    public let rules: ActivationRules
    public let signer: any TokenSigner
    public let verifier: any TokenVerifier
    public let notifier: any Notifier
    public let links: ActivationLinks
    public let audit: any AuditLog
    /// How a write that lost the etag race is retried.
    public let retry: Backoff
    /// Limits requests and approvals per user, and mail per recipient; `nil` limits nothing.
    public let limiter: RateLimiter?

    public init(
        catalog: EntitlementCatalog, listings: EntitlementCatalog? = nil, store: any PolicyStore, rules: ActivationRules, signer: any TokenSigner, verifier: any TokenVerifier,
        notifier: any Notifier, links: ActivationLinks, audit: any AuditLog, retry: Backoff, limiter: RateLimiter? = nil
    ) {
        self.limiter = limiter
        self.catalog = catalog
        self.listings = listings ?? catalog
        self.store = store
        self.rules = rules
        self.signer = signer
        self.verifier = verifier
        self.notifier = notifier
        self.links = links
        self.audit = audit
        self.retry = retry
    }

    private var now: Timestamp { catalog.clock.now }

    /// The qualified peers for `entitlement`; throws ``JITAccessError/accessDenied(_:)`` when
    /// `user` does not hold the peer-approval binding themselves.
    public func peers(of user: UserId, for entitlement: EntitlementId) async throws -> [UserId] {
        try await requireEligible(user, for: entitlement, role: "request", in: listings)
        return try await listings.qualifiedPeers(for: entitlement, excluding: user)
    }

    /// Checks a request, signs it and e-mails the reviewers.
    public func submit(_ submission: PeerApprovalRequest) async throws -> SubmittedRequest {
        try limiter?.take(.request, for: [submission.user.email], by: submission.user, audit: audit) { _ in "Your requests" }
        var reviewers: [UserId] = []
        for reviewer in submission.reviewers where !reviewers.contains(reviewer) {
            reviewers.append(reviewer)
        }
        let entitlement = submission.entitlement
        guard entitlement.project == submission.project else {
            throw JITAccessError.invalidArgument("The role '\(entitlement.role)' belongs to project '\(entitlement.project)', not '\(submission.project)'.")
        }
        guard !reviewers.contains(submission.user) else {
            throw JITAccessError.invalidArgument("You cannot review your own request; choose other reviewers.")
        }
        try rules.validate(reviewerCount: reviewers.count)
        try rules.validate(justification: submission.justification)
        try rules.validate(minutes: submission.minutes)

        try await requireEligible(submission.user, for: entitlement, role: "request")
        let qualified = Set(try await catalog.qualifiedPeers(for: entitlement, excluding: submission.user))
        if let stranger = reviewers.first(where: { !qualified.contains($0) }) {
            throw JITAccessError.invalidArgument("\(stranger) is not a qualified reviewer for '\(entitlement.role)' on project '\(entitlement.project)'; choose among the listed peers.")
        }

        // A request nobody can be told about is worth nothing, and a requester must not be
        // able to flood a reviewer's inbox: every recipient must have room before anything is signed.
        try limiter?.take(.mail, for: (reviewers + [submission.user]).map(\.email), by: submission.user, audit: audit) { "Mail to \($0)" }

        let issuedAt = now
        let window = ActivationWindow(start: issuedAt, minutes: submission.minutes)
        let expiresAt = min(issuedAt.adding(seconds: Int64(rules.requestTimeoutMinutes) * 60), window.end)
        let request = ActivationRequest(
            id: "mpa-" + SecureRandom.hex(bytes: 16), beneficiary: submission.user, reviewers: reviewers, entitlement: entitlement,
            justification: submission.justification, window: window, expiresAt: expiresAt
        )
        let token = try await signer.sign(ActivationToken(request: request, issuer: signer.issuer, issuedAt: issuedAt))
        let link = links.approvalLink(for: token)
        let notificationError = await deliver(.approvalRequested(request, approvalLink: link, statusLink: links.statusLink(for: token)))
        audit.record(AuditEvent(
            name: "api.requestRole", severity: .notice,
            message: "User \(request.beneficiary) requested role '\(request.role)' on '\(ResourceName(entitlement.project).fullName)' from \(reviewers.map(\.email).joined(separator: ", "))",
            labels: labels(request).merging(["user": request.beneficiary.email, "error": notificationError ?? ""].filter { !$0.value.isEmpty }) { $1 }
        ))
        return SubmittedRequest(request: request, token: token, approvalLink: link, notificationError: notificationError)
    }

    /// The request behind `token` and where it stands, for its beneficiary or a reviewer.
    public func view(_ token: String, by viewer: UserId) async throws -> RequestView {
        let request = try await verify(token, acceptingExpired: true)
        return try await view(request, by: viewer, notificationError: nil)
    }

    /// Approves the request behind `token`: every check of docs/architecture.md ("Peer approval"), then one
    /// read-modify-write that adds the binding, an audit record, and a mail to the requester.
    public func approve(_ token: String, by approver: UserId) async throws -> RequestView {
        try limiter?.take(.approval, for: [approver.email], by: approver, audit: audit) { _ in "Your approvals" }
        let request = try await verify(token, acceptingExpired: false)
        guard approver != request.beneficiary else {
            throw JITAccessError.invalidArgument("You cannot approve your own request.")
        }
        guard request.reviewers.contains(approver) else {
            throw JITAccessError.accessDenied("You are not a reviewer of this request.")
        }
        guard now < request.window.end else {
            throw JITAccessError.invalidArgument("The requested access window ended at \(request.window.end); ask for a new request.")
        }
        try rules.validate(justification: request.justification)

        let requesterConditions = try await catalog.peerApprovalConditions(for: request.beneficiary, role: request.role, on: request.entitlement.project)
        let approverConditions = try await catalog.peerApprovalConditions(for: approver, role: request.role, on: request.entitlement.project)
        // In the requester's order and spelling: the activation copies the condition of the
        // binding that makes the requester eligible.
        let shared = requesterConditions.filter { approverConditions.contains($0) }
        guard !requesterConditions.isEmpty else {
            throw JITAccessError.accessDenied("\(request.beneficiary) is no longer eligible for '\(request.role)' on project '\(request.entitlement.project)'.")
        }
        guard shared.count == 1, let resourceCondition = shared.first else {
            throw shared.isEmpty
                ? JITAccessError.accessDenied("You are no longer eligible to approve '\(request.role)' on project '\(request.entitlement.project)'.")
                : JITAccessError.conflict("'\(request.role)' on project '\(request.entitlement.project)' has several peer-approval bindings with different resource conditions; the request cannot tell which one is meant.")
        }

        let description = ActivationDescription.approved(by: approver, request: request.id, justification: request.justification).text
        let grant = TemporaryGrant(member: request.beneficiary.principal, role: request.role, condition: ActivationCondition(window: request.window, resourceCondition: resourceCondition))
        let update = try await PolicyUpdate(store: store, retry: retry, clock: catalog.clock).apply(
            [grant], description: description, to: ResourceName(request.entitlement.project),
            unless: { Self.activation(of: request, in: $0) != nil }
        )

        let approved = ActivationRequest(
            id: request.id, beneficiary: request.beneficiary, reviewers: request.reviewers,
            entitlement: EntitlementId(project: request.entitlement.project, role: request.role, resourceCondition: resourceCondition),
            justification: request.justification, window: request.window, expiresAt: request.expiresAt
        )
        guard update.written else {
            // Approved before, by this reviewer or another: answer where it stands, and neither
            // write nor mail again.
            audit.record(AuditEvent(
                name: "api.activateRole", severity: .info,
                message: "User \(approver) approved role '\(request.role)' on '\(ResourceName(request.entitlement.project).fullName)' for \(request.beneficiary) again; its activation exists, so nothing was changed",
                labels: labels(approved).merging(["user": approver.email, "beneficiary": request.beneficiary.email]) { $1 }
            ))
            return try await view(approved, by: approver, notificationError: nil, policy: update.policy)
        }
        let notificationError = await deliverApproval(approved, approver: approver, statusLink: links.statusLink(for: token))
        audit.record(AuditEvent(
            name: "api.activateRole", severity: .notice,
            message: "User \(approver) approved role '\(request.role)' on '\(ResourceName(request.entitlement.project).fullName)' for \(request.beneficiary)",
            labels: labels(approved).merging(["user": approver.email, "beneficiary": request.beneficiary.email]) { $1 }
        ))
        var result = try await view(approved, by: approver, notificationError: notificationError, policy: update.policy)
        result.approvedNow = true
        return result
    }

    // MARK: - Parts

    private func verify(_ token: String, acceptingExpired: Bool) async throws -> ActivationRequest {
        try await verifier.verify(token, acceptingExpired: acceptingExpired).request()
    }

    /// The request as `viewer` sees it; `policy` is the project's policy when the caller has
    /// just written it, which saves reading it again.
    private func view(_ request: ActivationRequest, by viewer: UserId, notificationError: String?, policy: IAMPolicy? = nil) async throws -> RequestView {
        let isBeneficiary = viewer == request.beneficiary
        let isReviewer = request.reviewers.contains(viewer)
        guard isBeneficiary || isReviewer else {
            throw JITAccessError.accessDenied("Only the requester and the reviewers of this request may see it.")
        }
        return RequestView(request: request, state: try await state(of: request, in: policy), viewerIsBeneficiary: isBeneficiary, viewerIsReviewer: isReviewer, notificationError: notificationError)
    }

    /// Approved when the project holds the request's activation (``activation(of:in:)``);
    /// otherwise pending until the request lapses. The project's policy is `known` when the
    /// caller has just read or written it, and read otherwise.
    private func state(of request: ActivationRequest, in known: IAMPolicy?) async throws -> RequestState {
        let policy = if let known { known } else { try await store.policy(of: ResourceName(request.entitlement.project)) }
        if let binding = Self.activation(of: request, in: policy) {
            let description = binding.condition?.description.flatMap(ActivationDescription.init(parsing:))
            return .approved(approver: description?.approver, until: request.window.end)
        }
        return now < request.expiresAt ? .pending(validUntil: request.expiresAt) : .expired
    }

    /// The beneficiary's activation of the role written for `request`: its description names
    /// the request, or (as JIT Access 1.x wrote it) its window is exactly the request's.
    static func activation(of request: ActivationRequest, in policy: IAMPolicy) -> IAMBinding? {
        policy.bindings.first { binding in
            guard binding.role == request.role, binding.principals.contains(request.beneficiary.principal),
                  let activation = ActivationCondition(binding.condition)
            else { return false }
            let description = binding.condition?.description.flatMap(ActivationDescription.init(parsing:))
            return description?.requestId == request.id || activation.window == request.window
        }
    }

    private func requireEligible(_ user: UserId, for entitlement: EntitlementId, role verb: String, in source: EntitlementCatalog? = nil) async throws {
        let conditions = try await (source ?? catalog).peerApprovalConditions(for: user, role: entitlement.role, on: entitlement.project)
        guard conditions.contains(entitlement.resourceCondition) else {
            throw JITAccessError.accessDenied("You are not eligible to \(verb) '\(entitlement.role)' on project '\(entitlement.project)' with peer approval.")
        }
    }

    /// Tells the requester (the reviewers in copy) that `approver` approved, unless a recipient
    /// has had as much mail as the limit allows; returns why they were not told, if they were not.
    private func deliverApproval(_ request: ActivationRequest, approver: UserId, statusLink: String) async -> String? {
        do {
            try limiter?.take(.mail, for: ([request.beneficiary] + request.reviewers).map(\.email), by: approver, audit: audit) { "Mail to \($0)" }
        } catch {
            return error.message
        }
        return await deliver(.requestApproved(request, approver: approver, statusLink: statusLink))
    }

    /// Sends a notification; returns the failure message instead of throwing, because the
    /// request or approval itself has already succeeded.
    private func deliver(_ notification: ActivationNotification) async -> String? {
        do {
            try await notifier.send(notification)
            return nil
        } catch let error as JITAccessError {
            return error.message
        } catch {
            return "The notification could not be sent: \(error)"
        }
    }

    private func labels(_ request: ActivationRequest) -> [String: String] {
        [
            "role": request.role, "resource": ResourceName(request.entitlement.project).fullName,
            "project_id": request.entitlement.project.id, "justification": request.justification,
            "reviewers": request.reviewers.map(\.email).joined(separator: ","), "activation_id": request.id,
            "activation_start": request.window.start.rfc3339, "activation_end": request.window.end.rfc3339,
        ].filter { !$0.value.isEmpty }
    }
}

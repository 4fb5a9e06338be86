/// Self-approval: re-checks eligibility live, validates the request, and writes the temporary
/// bindings for all roles in one read-modify-write of the project's policy.
public struct SelfActivation: Sendable {
    public let catalog: EntitlementCatalog
    public let store: any PolicyStore
    public let rules: ActivationRules
    public let audit: any AuditLog
    /// How a write that lost the etag race is retried.
    public let retry: Backoff
    /// Limits how often one user may self-activate (``RateLimitedAction/selfActivation``); `nil`
    /// limits nothing.
    public let limiter: RateLimiter?

    public init(
        catalog: EntitlementCatalog, store: any PolicyStore, rules: ActivationRules, audit: any AuditLog, retry: Backoff, limiter: RateLimiter? = nil
    ) {
        self.catalog = catalog
        self.store = store
        self.rules = rules
        self.audit = audit
        self.retry = retry
        self.limiter = limiter
    }

    /// Activates the requested roles; throws ``JITAccessError``.
    public func activate(_ request: SelfActivationRequest) async throws -> Activation {
        // Every attempt counts, refused ones too: the limit protects IAM as much as the audit log.
        try limiter?.take(.selfActivation, for: [request.user.email], by: request.user, audit: audit) { _ in "Your self-activations" }
        var requested: [EntitlementId] = []
        for id in request.entitlements where !requested.contains(id) {
            requested.append(id)
        }
        try rules.validate(roleCount: requested.count)
        try rules.validate(justification: request.justification)
        try rules.validate(minutes: request.minutes)
        if let stray = requested.first(where: { $0.project != request.project }) {
            throw JITAccessError.invalidArgument("The role '\(stray.role)' belongs to project '\(stray.project)', not '\(request.project)'; activate roles of one project at a time.")
        }

        let available = try await catalog.entitlements(for: request.user, on: request.project)
        // The activation copies the resource condition as the eligible binding spells it, never
        // as the request does: the two only compare equal.
        var eligible: [EntitlementId] = []
        for id in requested {
            let match = available.first(where: { $0.id == id })
            switch match?.activationType {
            case .some(.jit):
                eligible.append(match!.id)
            case .some(.mpa):
                try deny(request, id, "The role '\(id.role)' on project '\(id.project)' needs approval by a peer; request it instead of self-activating it.")
            case .some(.notEligible), nil:
                try deny(request, id, "You are not eligible to activate '\(id.role)' on project '\(id.project)'.")
            }
        }

        let start = catalog.clock.now
        let window = ActivationWindow(start: start, minutes: request.minutes)
        let description = ActivationDescription.selfApproved(justification: request.justification).text
        let grants = eligible.map { TemporaryGrant(member: request.user.principal, role: $0.role, condition: ActivationCondition(window: window, resourceCondition: $0.resourceCondition)) }
        try await PolicyUpdate(store: store, retry: retry, clock: catalog.clock).apply(grants, description: description, to: ResourceName(request.project))

        let activation = Activation(id: "jit-" + SecureRandom.hex(bytes: 16), beneficiary: request.user, entitlements: eligible, justification: request.justification, window: window)
        for id in eligible {
            audit.record(AuditEvent(
                name: "api.activateRole",
                severity: .notice,
                message: "User \(request.user) activated role '\(id.role)' on '\(ResourceName(id.project).fullName)' for themselves",
                labels: [
                    "user": request.user.email, "role": id.role,
                    "resource": ResourceName(id.project).fullName, "project_id": id.project.id,
                    "justification": request.justification, "activation_id": activation.id,
                    "activation_start": window.start.rfc3339, "activation_end": window.end.rfc3339,
                ]
            ))
        }
        return activation
    }

    private func deny(_ request: SelfActivationRequest, _ id: EntitlementId, _ message: String) throws -> Never {
        audit.record(AuditEvent(
            name: "api.activateRole",
            severity: .warning,
            message: "User \(request.user) was denied self-activation of '\(id.role)' on '\(id.project)': \(message)",
            labels: ["user": request.user.email, "role": id.role, "resource": ResourceName(id.project).fullName, "error": message]
        ))
        throw JITAccessError.accessDenied(message)
    }
}

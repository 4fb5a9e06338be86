extension IAMPolicy {
    /// The policy with `grants` added. For each grant, the member's earlier activations of the
    /// same role are removed when they have expired by `now`, or when they carry the same
    /// resource condition and end no later than the new one (superseded). An activation that
    /// ends later is kept: a new activation never shortens access. No other binding changes.
    public func adding(_ grants: [TemporaryGrant], description: String, now: Timestamp) -> IAMPolicy {
        var policy = self
        policy.version = 3
        for grant in grants {
            policy.bindings = policy.bindings.compactMap { binding in
                guard binding.role == grant.role, let existing = ActivationCondition(binding.condition),
                      existing.window.end <= now
                          || (existing.resourceCondition == grant.condition.resourceCondition && existing.window.end <= grant.condition.window.end),
                      binding.principals.contains(grant.member)
                else { return binding }
                var kept = binding
                kept.members.removeAll { Principal(member: $0) == grant.member }
                return kept.members.isEmpty ? nil : kept
            }
            policy.bindings.append(IAMBinding(role: grant.role, members: [grant.member.member], condition: grant.condition.condition(description: description)))
        }
        return policy
    }
}
/// A read-modify-write of one policy, retried with exponential backoff and jitter when the
/// etag no longer matches. The policy is checked against ``IAMLimits`` before it is written.
public struct PolicyUpdate: Sendable {
    public let store: any PolicyStore
    public let retry: Backoff
    public let clock: any WallClock

    public init(store: any PolicyStore, retry: Backoff, clock: any WallClock) {
        self.store = store
        self.retry = retry
        self.clock = clock
    }

    /// Adds `grants` to the policy of `resource` in one write, unless `isAlreadyDone` finds
    /// the policy read (on every attempt) already holding them.
    @discardableResult
    public func apply(
        _ grants: [TemporaryGrant], description: String, to resource: ResourceName,
        unless isAlreadyDone: @Sendable (IAMPolicy) -> Bool = { _ in false }
    ) async throws -> PolicyUpdateResult {
        var attempt = 0
        while true {
            let current = try await store.policy(of: resource)
            if isAlreadyDone(current) { return PolicyUpdateResult(policy: current, written: false) }
            let updated = current.adding(grants, description: description, now: clock.now)
            if let violation = IAMLimits.violation(in: updated) {
                throw JITAccessError.conflict(
                    "The policy of \(resource) cannot take this activation: \(violation) Nothing was changed; ask an administrator to tidy up the policy or simplify the eligible binding's condition."
                )
            }
            do {
                return PolicyUpdateResult(policy: try await store.setPolicy(updated, of: resource, reason: description), written: true)
            } catch JITAccessError.conflict(let message) {
                attempt += 1
                let wait = retry.delay(afterAttempt: attempt)
                guard retry.allowsAnother(after: attempt, elapsed: .zero, wait: wait) else {
                    throw JITAccessError.conflict("The policy of \(resource) kept changing while it was being updated (\(message)); nothing was changed. Try again.")
                }
                try await clock.sleep(for: wait)
            }
        }
    }
}

import Synchronization

/// The project policies this replica wrote lately, so that a cached or eventually consistent
/// listing shows an activation the moment it lands instead of minutes later.
///
/// Only activation bindings are taken from a written policy: they are what jitaccess writes,
/// and everything else in the policy (eligibility above all) is left to the source of the
/// listing. A write is remembered for ``window`` seconds, longer than Cloud Asset Inventory
/// usually lags, and at most ``capacity`` projects are remembered.
package final class OwnWrites: Sendable {
    private struct Written {
        let policy: IAMPolicy
        let at: Timestamp
    }

    /// How long a written policy overrides what a listing reads, in seconds.
    package let window: Int64
    package let capacity: Int
    private let clock: any WallClock
    private let written = Mutex<[ProjectId: Written]>([:])

    package init(window: Int64, capacity: Int, clock: any WallClock) {
        self.window = window
        self.capacity = max(1, capacity)
        self.clock = clock
    }

    /// Remembers `policy` as the policy this replica just wrote to `resource`.
    package func record(_ policy: IAMPolicy, of resource: ResourceName) {
        guard let project = resource.project else { return }
        let now = clock.now
        written.withLock { written in
            if written[project] == nil, written.count >= capacity {
                written = written.filter { now.secondsSinceEpoch - $0.value.at.secondsSinceEpoch < window }
                if written.count >= capacity, let oldest = written.min(by: { $0.value.at < $1.value.at }) {
                    written[oldest.key] = nil
                }
            }
            written[project] = Written(policy: policy, at: now)
        }
    }

    /// The policy written to `project` within the window, if any.
    package func policy(of project: ProjectId) -> IAMPolicy? {
        let now = clock.now
        return written.withLock { written in
            guard let entry = written[project], now.secondsSinceEpoch - entry.at.secondsSinceEpoch < window else { return nil }
            return entry.policy
        }
    }

    /// `bindings` of `user` on `project` with the project's own activation bindings replaced
    /// by those of the policy written lately, if there is one.
    package func merged(_ bindings: [ScopedBinding], for user: UserId, on project: ProjectId) -> [ScopedBinding] {
        guard let policy = policy(of: project) else { return bindings }
        let resource = ResourceName(project)
        let kept = bindings.filter { $0.resource != resource || ActivationCondition($0.binding.condition) == nil }
        let written = policy.bindings.filter { ActivationCondition($0.condition) != nil && $0.principals.contains(user.principal) }
        return kept + written.map { ScopedBinding(resource: resource, binding: $0) }
    }

    /// The projects where this replica lately wrote an activation of `user` that has not ended.
    package func projects(withActivationsOf user: UserId) -> [ProjectId] {
        let now = clock.now
        let projects = written.withLock { $0.filter { now.secondsSinceEpoch - $0.value.at.secondsSinceEpoch < window } }
        return projects.compactMap { project, entry in
            entry.policy.bindings.contains { binding in
                guard let activation = ActivationCondition(binding.condition) else { return false }
                return activation.window.contains(now) && binding.principals.contains(user.principal)
            } ? project : nil
        }
    }
}

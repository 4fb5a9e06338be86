import JITAccessCore
import Synchronization

/// One project's policy in memory: an analyzer that returns its bindings, and a store that can
/// be told to lose the next few races.
final class InMemoryProject: PolicyAnalyzer, PolicyStore, Sendable {
    struct State {
        var policy: IAMPolicy
        var conflictsToInject: Int
        var writes: Int
        var reads: Int
    }

    let project: ProjectId
    private let state: Mutex<State>

    init(project: ProjectId, bindings: [IAMBinding], conflicts: Int = 0) {
        self.project = project
        self.state = Mutex(State(policy: IAMPolicy(etag: "e0", bindings: bindings), conflictsToInject: conflicts, writes: 0, reads: 0))
    }

    var policy: IAMPolicy { state.withLock { $0.policy } }

    /// Edits the policy behind jitaccess's back, as an administrator would.
    func edit(_ change: (inout IAMPolicy) -> Void) {
        state.withLock { state in
            change(&state.policy)
            state.policy.etag = "edited-\(Int.random(in: 0...99999))"
        }
    }
    var writes: Int { state.withLock { $0.writes } }
    var reads: Int { state.withLock { $0.reads } }

    func projects(for user: UserId) async throws -> [ProjectId] { [project] }

    func bindings(for user: UserId, on project: ProjectId) async throws -> [ScopedBinding] {
        guard project == self.project else { throw JITAccessError.notFound("no project \(project)") }
        return state.withLock { state in
            state.policy.bindings
                .filter { $0.condition != nil && $0.principals.contains(user.principal) }
                .map { ScopedBinding(resource: ResourceName(project), binding: $0) }
        }
    }

    func holders(of role: String, on project: ProjectId) async throws -> [RoleHolder] {
        guard project == self.project else { throw JITAccessError.notFound("no project \(project)") }
        return state.withLock { state in
            state.policy.bindings
                .filter { $0.role == role && $0.condition != nil }
                .flatMap { binding in
                    binding.principals.compactMap { $0.kind == .user ? UserId($0.identifier) : nil }
                        .map { RoleHolder(user: $0, binding: ScopedBinding(resource: ResourceName(project), binding: binding)) }
                }
        }
    }

    func policy(of resource: ResourceName) async throws -> IAMPolicy {
        state.withLock { state in
            state.reads += 1
            return state.policy
        }
    }

    func setPolicy(_ policy: IAMPolicy, of resource: ResourceName, reason: String) async throws -> IAMPolicy {
        try state.withLock { state in
            if state.conflictsToInject > 0 {
                state.conflictsToInject -= 1
                // Someone else wrote in between: the etag moves on.
                state.policy.etag = "e\(Int.random(in: 1000...9999))"
                throw JITAccessError.conflict("etag mismatch")
            }
            guard policy.etag == state.policy.etag else { throw JITAccessError.conflict("etag mismatch") }
            state.writes += 1
            var written = policy
            written.etag = "e\(state.writes)"
            state.policy = written
            return written
        }
    }
}

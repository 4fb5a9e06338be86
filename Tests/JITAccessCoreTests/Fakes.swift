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

enum Sample {
    static let project = ProjectId("prod-db")!
    static let alice = UserId("alice@example.com")!
    static let bob = UserId("bob@example.com")!
    static let now = Timestamp(rfc3339: "2024-05-01T12:00:00Z")!

    static func eligible(_ role: String, _ marker: String = "has({}.jitAccessConstraint)", members: [String] = ["user:alice@example.com"]) -> IAMBinding {
        IAMBinding(role: role, members: members, condition: IAMCondition(title: "Eligible", expression: marker))
    }

    static func activation(_ role: String, member: String = "user:alice@example.com", start: Timestamp, minutes: Int, resourceCondition: String? = nil) -> IAMBinding {
        let condition = ActivationCondition(window: ActivationWindow(start: start, minutes: minutes), resourceCondition: resourceCondition.flatMap(ResourceCondition.init))
        return IAMBinding(role: role, members: [member], condition: condition.condition(description: "Self-approved, justification: old"))
    }
}

/// The error `check` throws, so that a test can require a refusal to come from that very rule
/// without copying its wording; `nil` when `check` passes.
func refusal(_ check: () throws -> Void) -> JITAccessError? {
    do {
        try check()
        return nil
    } catch {
        return error as? JITAccessError
    }
}

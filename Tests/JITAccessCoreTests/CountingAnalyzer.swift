import JITAccessCore
import Synchronization

/// Passes every question to another analyzer and counts them, to show what a cache saves.
final class CountingAnalyzer: PolicyAnalyzer, Sendable {
    private let base: any PolicyAnalyzer
    private let count = Mutex(0)

    init(_ base: any PolicyAnalyzer) {
        self.base = base
    }

    /// The questions asked so far.
    var calls: Int { count.withLock { $0 } }

    func projects(for user: UserId) async throws -> [ProjectId] {
        count.withLock { $0 += 1 }
        return try await base.projects(for: user)
    }

    func bindings(for user: UserId, on project: ProjectId) async throws -> [ScopedBinding] {
        count.withLock { $0 += 1 }
        return try await base.bindings(for: user, on: project)
    }

    func holders(of role: String, on project: ProjectId) async throws -> [RoleHolder] {
        count.withLock { $0 += 1 }
        return try await base.holders(of: role, on: project)
    }
}

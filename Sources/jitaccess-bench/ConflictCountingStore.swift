import Foundation
import JITAccessCore
import JITAccessLocal
import Synchronization

/// A policy store that counts the writes refused because the etag was stale.
final class ConflictCountingStore: PolicyStore {
    private let store: any PolicyStore
    private let count = Atomic<Int>(0)

    init(_ store: any PolicyStore) {
        self.store = store
    }

    var conflicts: Int { count.load(ordering: .relaxed) }

    func policy(of resource: ResourceName) async throws -> IAMPolicy {
        try await store.policy(of: resource)
    }

    func setPolicy(_ policy: IAMPolicy, of resource: ResourceName, reason: String) async throws -> IAMPolicy {
        do {
            return try await store.setPolicy(policy, of: resource, reason: reason)
        } catch JITAccessError.conflict(let message) {
            count.add(1, ordering: .relaxed)
            throw JITAccessError.conflict(message)
        }
    }
}

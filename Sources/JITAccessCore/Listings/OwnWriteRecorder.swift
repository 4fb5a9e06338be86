/// A ``PolicyStore`` that remembers what this replica writes, for ``CachedListings``.
public struct OwnWriteRecorder: PolicyStore {
    private let base: any PolicyStore
    let ownWrites: OwnWrites

    /// Records the writes made through `base` for `settings.ownWriteSeconds`.
    public init(base: any PolicyStore, settings: ListingCacheSettings, clock: any WallClock) {
        self.base = base
        ownWrites = OwnWrites(window: Int64(settings.ownWriteSeconds), capacity: settings.entries, clock: clock)
    }

    public func policy(of resource: ResourceName) async throws -> IAMPolicy {
        try await base.policy(of: resource)
    }

    @discardableResult
    public func setPolicy(_ policy: IAMPolicy, of resource: ResourceName, reason: String) async throws -> IAMPolicy {
        let written = try await base.setPolicy(policy, of: resource, reason: reason)
        ownWrites.record(written, of: resource)
        return written
    }
}

/// Listings of projects, roles and peers from a short-lived, bounded cache in front of a
/// slower or quota-bound ``PolicyAnalyzer``, merged with this replica's own writes.
///
/// For listings only: a page view costs nothing while its answer is cached, and shows what the
/// source said at most ``ListingCacheSettings/seconds`` ago (plus the source's own lag), except
/// for the activations this replica wrote, which show at once (``OwnWrites``). Decisions
/// (self-activation, requests, approvals) never read through it: they use the live analyzer.
public struct CachedListings: PolicyAnalyzer {
    private struct BindingsKey: Hashable, Sendable {
        let user: UserId
        let project: ProjectId
    }

    private struct HoldersKey: Hashable, Sendable {
        let role: String
        let project: ProjectId
    }

    private let source: any PolicyAnalyzer
    private let ownWrites: OwnWrites
    private let projectLists: ExpiringCache<UserId, [ProjectId]>
    private let bindingLists: ExpiringCache<BindingsKey, [ScopedBinding]>
    private let holderLists: ExpiringCache<HoldersKey, [RoleHolder]>

    /// Caches what `source` answers as `settings` say, with the writes `recorder` sees merged in.
    public init(source: any PolicyAnalyzer, settings: ListingCacheSettings, recorder: OwnWriteRecorder, clock: any WallClock) {
        self.source = source
        ownWrites = recorder.ownWrites
        // Three caches share the entry budget; bindings are asked for most, per user and project.
        let seconds = Int64(settings.seconds)
        projectLists = ExpiringCache(timeToLive: seconds, capacity: settings.entries / 4, clock: clock)
        bindingLists = ExpiringCache(timeToLive: seconds, capacity: settings.entries / 2, clock: clock)
        holderLists = ExpiringCache(timeToLive: seconds, capacity: settings.entries / 4, clock: clock)
    }

    /// Entries, hits and misses of the three caches together.
    public var statistics: ListingCacheStatistics {
        projectLists.statistics + bindingLists.statistics + holderLists.statistics
    }

    public func projects(for user: UserId) async throws -> [ProjectId] {
        let listed = try await projectLists.value(for: user) { try await source.projects(for: user) }
        let written = ownWrites.projects(withActivationsOf: user).filter { !listed.contains($0) }
        return written.isEmpty ? listed : (listed + written).sorted()
    }

    public func bindings(for user: UserId, on project: ProjectId) async throws -> [ScopedBinding] {
        let listed = try await bindingLists.value(for: BindingsKey(user: user, project: project)) {
            try await source.bindings(for: user, on: project)
        }
        return ownWrites.merged(listed, for: user, on: project)
    }

    public func holders(of role: String, on project: ProjectId) async throws -> [RoleHolder] {
        try await holderLists.value(for: HoldersKey(role: role, project: project)) {
            try await source.holders(of: role, on: project)
        }
    }
}

import JITAccessCore
import JITAccessTestSupport
import Testing

@Suite("Listings: a bounded cache that expires and shows this replica's own writes at once")
struct ListingCacheTests {
    let clock = TestClock(Sample.now)

    private func cachedProject(seconds: Int = 60, entries: Int = 1_000) -> (InMemoryProject, CountingAnalyzer, OwnWriteRecorder, CachedListings) {
        let project = InMemoryProject(project: Sample.project, bindings: [Sample.eligible("roles/browser")])
        let source = CountingAnalyzer(project)
        let settings = ListingCacheSettings(seconds: seconds, entries: entries, ownWriteSeconds: 900)
        let recorder = OwnWriteRecorder(base: project, settings: settings, clock: clock)
        return (project, source, recorder, CachedListings(source: source, settings: settings, recorder: recorder, clock: clock))
    }

    @Test func aSecondListingWithinTheTimeToLiveAsksNobody() async throws {
        let (_, source, _, listings) = cachedProject()
        _ = try await listings.bindings(for: Sample.alice, on: Sample.project)
        _ = try await listings.bindings(for: Sample.alice, on: Sample.project)
        _ = try await listings.holders(of: "roles/browser", on: Sample.project)
        _ = try await listings.holders(of: "roles/browser", on: Sample.project)
        #expect(source.calls == 2)
        #expect(listings.statistics.hits == 2)
        #expect(listings.statistics.misses == 2)
        #expect(listings.statistics.hitRate == 0.5)
    }

    @Test func anEntryExpiresAfterItsTimeToLive() async throws {
        let (project, source, _, listings) = cachedProject(seconds: 60)
        let before = try await listings.bindings(for: Sample.alice, on: Sample.project)
        project.edit { $0.bindings = [] }
        clock.advance(seconds: 59)
        #expect(try await listings.bindings(for: Sample.alice, on: Sample.project) == before, "cached for its time to live")
        clock.advance(seconds: 1)
        #expect(try await listings.bindings(for: Sample.alice, on: Sample.project).isEmpty, "read again once expired")
        #expect(source.calls == 2)
    }

    @Test func zeroSecondsCachesNothing() async throws {
        let (_, source, _, listings) = cachedProject(seconds: 0)
        for _ in 0..<3 { _ = try await listings.projects(for: Sample.alice) }
        #expect(source.calls == 3)
    }

    @Test func theCacheHoldsNoMoreThanItsCapacity() async throws {
        let cache = ExpiringCache<Int, Int>(timeToLive: 3_600, capacity: 100, clock: clock)
        for key in 0..<10_000 {
            _ = try await cache.value(for: key) { key }
            #expect(cache.statistics.entries <= 100)
        }
        // The newest entry survives the eviction it caused.
        var reloaded = false
        _ = try await cache.value(for: 9_999) { reloaded = true; return 0 }
        #expect(!reloaded)
    }

    @Test func anActivationThisReplicaWroteShowsAtOnceThoughTheListingIsCached() async throws {
        let (project, _, recorder, listings) = cachedProject()
        let cached = try await EntitlementCatalog(analyzer: listings, clock: clock).entitlements(for: Sample.alice, on: Sample.project)
        #expect(cached.map(\.status) == [.inactive])
        var policy = try await recorder.policy(of: ResourceName(Sample.project))
        policy.bindings.append(Sample.activation("roles/browser", start: Sample.now, minutes: 30))
        try await recorder.setPolicy(policy, of: ResourceName(Sample.project), reason: "test")
        _ = project
        let after = try await EntitlementCatalog(analyzer: listings, clock: clock).entitlements(for: Sample.alice, on: Sample.project)
        #expect(after.map(\.status) == [.active])
        #expect(try await listings.projects(for: Sample.alice) == [Sample.project])
    }

    @Test func anotherUsersActivationIsNotMergedIntoAListing() async throws {
        let (_, _, recorder, listings) = cachedProject()
        _ = try await listings.bindings(for: Sample.alice, on: Sample.project)
        var policy = try await recorder.policy(of: ResourceName(Sample.project))
        policy.bindings.append(Sample.activation("roles/browser", member: "user:bob@example.com", start: Sample.now, minutes: 30))
        try await recorder.setPolicy(policy, of: ResourceName(Sample.project), reason: "test")
        let bindings = try await listings.bindings(for: Sample.alice, on: Sample.project)
        #expect(bindings.allSatisfy { ActivationCondition($0.binding.condition) == nil })
    }

    @Test func ownWritesAreForgottenAfterTheirWindow() async throws {
        let ownWrites = OwnWrites(window: 900, capacity: 10, clock: clock)
        let policy = IAMPolicy(etag: "e1", bindings: [Sample.activation("roles/browser", start: Sample.now, minutes: 60)])
        ownWrites.record(policy, of: ResourceName(Sample.project))
        #expect(ownWrites.projects(withActivationsOf: Sample.alice) == [Sample.project])
        clock.advance(seconds: 900)
        #expect(ownWrites.policy(of: Sample.project) == nil)
        #expect(ownWrites.projects(withActivationsOf: Sample.alice).isEmpty)
    }

    @Test func theSettingsAreReadAndCheckedFromTheEnvironment() throws {
        let settings = try ListingCacheSettings(ConfigurationSource(["LISTING_CACHE_SECONDS": "0", "LISTING_CACHE_ENTRIES": "500"]))
        #expect(settings == ListingCacheSettings(seconds: 0, entries: 500, ownWriteSeconds: 900))
        #expect(!settings.isEnabled)
        #expect(throws: ConfigurationError.self) { try ListingCacheSettings(ConfigurationSource(["LISTING_CACHE_SECONDS": "-1"])) }
        #expect(throws: ConfigurationError.self) { try ListingCacheSettings(ConfigurationSource(["LISTING_CACHE_ENTRIES": "many"])) }
    }
}

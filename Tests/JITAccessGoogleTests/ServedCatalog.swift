import AsyncHTTPClient
import JITAccessCore
import JITAccessGoogle
import JITAccessRuntime
import JITAccessTestSupport

/// Listings and self-activation wired as `jitaccess serve` wires them: ``GoogleBackend`` read
/// from the environment, listings through ``CachedListings``, decisions live.
struct ServedCatalog {
    let google: GoogleBackend
    let listings: EntitlementCatalog
    let decisions: EntitlementCatalog
    let selfActivation: SelfActivation

    /// `serve` with `catalog` against the emulator at `baseURL`, scope the demo organization.
    init(_ catalog: String, baseURL: String, extra: [String: String] = [:], clock: any WallClock = SystemWallClock()) async throws {
        var environment = GoogleBackendTests.environment(baseURL)
        environment["RESOURCE_CATALOG"] = catalog
        environment["RESOURCE_CUSTOMER_ID"] = "C0123abcd"
        environment["CLOUDSDK_API_ENDPOINT_OVERRIDES_ADMIN"] = baseURL + "/"
        environment.merge(extra) { $1 }
        google = try await GoogleBackend(ConfigurationSource(environment), client: .shared, clock: clock, jitter: SeededJitter(), logger: quietLogger)
        let store = OwnWriteRecorder(base: google.store, settings: google.listingSettings, clock: clock)
        listings = EntitlementCatalog(
            analyzer: CachedListings(source: google.listings, settings: google.listingSettings, recorder: store, clock: clock), clock: clock
        )
        decisions = EntitlementCatalog(analyzer: google.analyzer, clock: clock)
        selfActivation = SelfActivation(
            catalog: decisions, store: store, rules: try ActivationRules(), audit: RecordingAuditLog(), retry: shortGoogleRetry()
        )
    }
}

import AsyncHTTPClient
import Foundation
import JITAccessCore
import JITAccessEmulator
import JITAccessGoogle
import JITAccessLocal

/// The Google calls of each page view and decision under each catalog, cold and warm, wired
/// exactly as `jitaccess serve` wires them (``GoogleBackend`` read from the environment, the
/// listing cache in front), and a modelled day of an organization held against every quota.
///
/// The counts are measured on the emulator; the day is arithmetic on them: 500 users and 5,000
/// projects, each user with 4 sessions a day, each session one project list and four roles
/// pages of listed projects, two of them seen before (20 page views), one page a day of a
/// project not in the user's list (from a link), and 2 activations a day (one self-approved,
/// one peer-approved). Sessions are further apart than the cache lives, so each starts cold
/// for the user; what every user shares (the scope-wide searches) is read at most once per
/// cache lifetime. The working day is 8 hours and its busiest minute carries 3 times the
/// average.
struct CatalogSection: BenchmarkSection {
    let name = "catalog"

    static let users = 500
    static let sessionsPerUser = 4
    static let peakFactor = 3.0
    static let workingMinutes = 8.0 * 60

    /// The calls of one action, per quota.
    private typealias Calls = [QuotaBucket: Int]

    func run(_ context: BenchmarkContext) async throws -> [Measurement] {
        let cloud = try GeneratedCloud.write(to: context.workDirectory, bindings: 1_000)
        var measurements: [Measurement] = []
        for catalog in ["PolicyAnalyzer", "AssetInventory"] {
            let iam = try EmbeddedIAM(path: cloud.path, clock: context.clock)
            measurements += try await measure(catalog: catalog, cloud: cloud, iam: iam, context: context)
        }
        return measurements
    }

    private func measure(catalog: String, cloud: GeneratedCloud, iam: EmbeddedIAM, context: BenchmarkContext) async throws -> [Measurement] {
        let journal = RequestJournal()
        let peers = try await EntitlementCatalog(analyzer: iam, clock: context.clock).qualifiedPeers(for: cloud.peerApprovalRole, excluding: cloud.user)
        guard let peer = peers.first else { throw BenchmarkFailure("the generated cloud has no peer for \(cloud.peerApprovalRole.role)") }
        let section = name
        return try await InProcessEmulator.run(iam: iam, clock: context.clock, journal: journal) { baseURL in
            var environment = InProcessEmulator.serveEnvironment(baseURL)
            environment["RESOURCE_CATALOG"] = catalog
            environment["RESOURCE_CUSTOMER_ID"] = EmulatorConfiguration().customerId
            environment["CLOUDSDK_API_ENDPOINT_OVERRIDES_ADMIN"] = baseURL + "/"
            let source = ConfigurationSource(environment)
            let google = try await GoogleBackend(source, client: .shared, clock: context.clock, jitter: context.jitter)
            let store = OwnWriteRecorder(base: google.store, settings: google.listingSettings, clock: context.clock)
            let cached = CachedListings(source: google.listings, settings: google.listingSettings, recorder: store, clock: context.clock)
            let listings = EntitlementCatalog(analyzer: cached, clock: context.clock)
            let decisions = EntitlementCatalog(analyzer: google.analyzer, clock: context.clock)
            let retry = Backoff.policyWrite(jitter: context.jitter)
            let rules = try ActivationRules()
            let selfActivation = SelfActivation(catalog: decisions, store: store, rules: rules, audit: DiscardingAuditLog(), retry: retry)
            let peerApproval = PeerApproval(
                catalog: decisions, listings: listings, store: store, rules: rules, signer: google.signer, verifier: google.verifier,
                notifier: DiscardingNotifier(), links: ActivationLinks(baseURL: "https://jitaccess.example.com"), audit: DiscardingAuditLog(), retry: retry
            )
            // Access tokens are fetched once and cached; this read pays for that, uncounted.
            _ = try await google.store.policy(of: ResourceName(cloud.project))

            var measurements: [Measurement] = []
            var actions: [String: Calls] = [:]
            func count(_ label: String, _ action: () async throws -> Void) async throws {
                let before = journal.requests.count
                try await action()
                let paths = journal.requests.dropFirst(before).map(\.path)
                var calls: Calls = [:]
                for path in paths { for quota in QuotaBucket.drawnOn(by: path) { calls[quota, default: 0] += 1 } }
                actions[label] = calls
                let note = calls.sorted { $0.key.name < $1.key.name }.map { "\($0.key.name) \($0.value)" }.joined(separator: ", ")
                measurements.append(Measurement(section: section, name: "\(catalog): \(label)", count: paths.count, unit: "calls", note: note))
            }
            let stranger = cloud.otherProjects.first { $0 != cloud.project } ?? cloud.project
            let colleague = cloud.otherUsers.first { $0 != cloud.user && $0 != peer } ?? peer
            try await count("project list, cold") { _ = try await listings.projects(for: cloud.user) }
            try await count("project list, warm") { _ = try await listings.projects(for: cloud.user) }
            try await count("roles page of a listed project") { _ = try await listings.listing(for: cloud.user, on: cloud.project) }
            try await count("roles page, warm") { _ = try await listings.listing(for: cloud.user, on: cloud.project) }
            try await count("roles page of a project not listed") { _ = try await listings.listing(for: cloud.user, on: stranger) }
            var colleagueProjects: [ProjectId] = []
            try await count("project list, another user") { colleagueProjects = try await listings.projects(for: colleague) }
            if let first = colleagueProjects.first {
                try await count("roles page of another user's listed project") { _ = try await listings.listing(for: colleague, on: first) }
            }
            try await count("peer picker") { _ = try await peerApproval.peers(of: cloud.user, for: cloud.peerApprovalRole) }
            try await count("decision: self-activate 1 role") {
                _ = try await selfActivation.activate(SelfActivationRequest(
                    user: cloud.user, project: cloud.project, entitlements: [cloud.selfApprovalRoles[0]], justification: "bench", minutes: 30
                ))
            }
            try await count("roles page right after the activation") { _ = try await listings.listing(for: cloud.user, on: cloud.project) }
            var token = ""
            try await count("decision: peer request, 1 reviewer") {
                token = try await peerApproval.submit(PeerApprovalRequest(
                    user: cloud.user, project: cloud.project, entitlement: cloud.peerApprovalRole, reviewers: [peer], justification: "bench", minutes: 30
                )).token
            }
            try await count("decision: approval") { _ = try await peerApproval.approve(token, by: peer) }
            measurements.append(Measurement(
                section: section, name: "\(catalog): listing cache hit rate", median: cached.statistics.hitRate * 100,
                p99: cached.statistics.hitRate * 100, unit: "%", samples: cached.statistics.hits + cached.statistics.misses
            ))
            measurements += Self.modelledDay(catalog: catalog, actions: actions, section: section)
            return measurements
        }
    }

    /// The modelled organization's day, per quota: calls a day, calls in the busiest minute,
    /// and the headroom left under each documented limit.
    private static func modelledDay(catalog: String, actions: [String: Calls], section: String) -> [Measurement] {
        func calls(_ label: String) -> Calls { actions[label] ?? [:] }
        var perDay: [QuotaBucket: Double] = [:]
        func add(_ label: String, times: Double) {
            for (quota, count) in calls(label) { perDay[quota, default: 0] += Double(count) * times }
        }
        let sessions = Double(users * sessionsPerUser)
        // Each session: the user's project list, cold for the user: the first list measured,
        // the user with the deepest group nesting, less the shared searches (counted apart
        // below) and the access token fetched once; then four roles pages of listed projects,
        // two of them seen before.
        let shared: Set<QuotaBucket> = [.searchAllIamPolicies, .resourceManagerSearch]
        for (quota, count) in calls("project list, cold") where !shared.contains(quota) && quota != .credentials {
            perDay[quota, default: 0] += Double(count) * sessions
        }
        add("roles page of another user's listed project", times: sessions * 2)
        add("roles page, warm", times: sessions * 2)
        // Once a day each user opens a project that is not in their list, from a link.
        add("roles page of a project not listed", times: Double(users))
        // The scope-wide searches every user shares are read at most once per cache lifetime.
        for (quota, count) in calls("project list, cold") where shared.contains(quota) {
            perDay[quota, default: 0] += Double(count) * min(workingMinutes, sessions)
        }
        add("decision: self-activate 1 role", times: Double(users))
        add("decision: peer request, 1 reviewer", times: Double(users))
        add("decision: approval", times: Double(users))
        return perDay.sorted { $0.key.name < $1.key.name }.map { quota, day in
            let peakMinute = day / workingMinutes * peakFactor
            var limits: [String] = []
            if let perMinute = quota.perMinute { limits.append("\(Int(peakMinute.rounded(.up)))/min at peak vs \(perMinute)/min: \(headroom(Double(perMinute), peakMinute))") }
            if let limit = quota.perDay { limits.append("\(Int(day))/day vs \(limit)/day: \(headroom(Double(limit), day))") }
            return Measurement(
                section: section, name: "\(catalog): modelled day, \(quota.name)", count: Int(day.rounded()), unit: "calls/day",
                note: limits.joined(separator: "; ") + " (\(quota.source))"
            )
        }
    }

    private static func headroom(_ limit: Double, _ load: Double) -> String {
        guard load > 0 else { return "unused" }
        let factor = limit / load
        return factor >= 1 ? String(format: "%.1f× headroom", factor) : String(format: "over by %.0f×", 1 / factor)
    }
}

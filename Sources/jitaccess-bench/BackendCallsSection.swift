import AsyncHTTPClient
import Foundation
import Hummingbird
import JITAccessCore
import JITAccessEmulator
import JITAccessGoogle
import JITAccessLocal
import Logging

/// The Google API calls each user action costs, counted by the emulator's request journal while
/// the Google clients (Cloud Asset, Resource Manager, IAM Credentials) do the work. The journal
/// leaves out the metadata server's access token and the service account's key set, which the
/// clients fetch once and cache.
struct BackendCallsSection: BenchmarkSection {
    let name = "backend-calls"

    func run(_ context: BenchmarkContext) async throws -> [Measurement] {
        let cloud = try GeneratedCloud.write(to: context.workDirectory, bindings: 1_000)
        let iam = try EmbeddedIAM(path: cloud.path, clock: context.clock)
        let journal = RequestJournal()
        let peers = try await EntitlementCatalog(analyzer: iam, clock: context.clock).qualifiedPeers(for: cloud.peerApprovalRole, excluding: cloud.user)
        guard let peer = peers.first else { throw BenchmarkFailure("the generated cloud has no peer for \(cloud.peerApprovalRole.role)") }
        return try await InProcessEmulator.run(iam: iam, clock: context.clock, journal: journal) { baseURL in
            let backend = try GoogleClients(baseURL: baseURL, scope: ResourceName(kind: .organization, id: GeneratedCloud.organizationId), context: context)
            let roles = cloud.selfApprovalRoles
            func activate(_ count: Int) async throws {
                _ = try await backend.selfActivation.activate(SelfActivationRequest(
                    user: cloud.user, project: cloud.project, entitlements: Array(roles.prefix(count)), justification: "bench", minutes: 30
                ))
            }
            // Tokens and keys are fetched once and cached; the first activation pays for that.
            try await activate(1)
            var measurements: [Measurement] = []
            func count(_ label: String, _ action: () async throws -> Void) async throws {
                let before = journal.requests.count
                try await action()
                let calls = journal.requests.dropFirst(before).map(Self.kind)
                let kinds = Dictionary(calls.map { ($0, 1) }, uniquingKeysWith: +).sorted { $0.key < $1.key }
                measurements.append(Measurement(
                    section: name, name: label, count: calls.count, unit: "calls",
                    note: kinds.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                ))
            }
            for roleCount in [1, 3, 10] where roleCount <= roles.count {
                try await count("self-activate \(roleCount) role\(roleCount == 1 ? "" : "s") on one project") { try await activate(roleCount) }
            }
            var token = ""
            try await count("peer request (eligibility, peers, signJwt)") {
                token = try await backend.peerApproval.submit(PeerApprovalRequest(
                    user: cloud.user, project: cloud.project, entitlement: cloud.peerApprovalRole, reviewers: [peer], justification: "bench", minutes: 30
                )).token
            }
            try await count("approval") {
                _ = try await backend.peerApproval.approve(token, by: peer)
            }
            return measurements
        }
    }

    /// `getIamPolicy` from `/v3/projects/p:getIamPolicy`: the API method a request called.
    private static func kind(_ request: EmulatorRequest) -> String {
        guard let colon = request.path.lastIndex(of: ":") else { return request.method + " " + request.path }
        return String(request.path[request.path.index(after: colon)...])
    }
}

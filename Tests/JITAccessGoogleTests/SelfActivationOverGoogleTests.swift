import AsyncHTTPClient
import JITAccessCore
import JITAccessEmulator
import JITAccessGoogle
import JITAccessLocal
import JITAccessRuntime
import Synchronization
import Testing
import JITAccessTestSupport

@Suite("Self-approval over the Google clients and the emulator")
struct SelfActivationOverGoogleTests {
    @Test("an eligible user activates a role: found through Cloud Asset, written through Resource Manager with the reason")
    func selfApproval() async throws {
        let cloud = try EmulatedCloud()
        let user = try #require(UserId("alice@example.com"))
        let project = try #require(ProjectId("prod-db"))
        let audit = RecordingAuditLog()
        let activation = try await cloud.withEmulatorURL { baseURL in
            let clock = SystemWallClock()
            let analyzer = CloudAssetAnalyzer(
                scope: ResourceName(kind: .organization, id: "100000000001"), endpoints: GoogleEndpoints(cloudAsset: baseURL), client: .shared,
                credentials: emulatorCredentials(baseURL), clock: clock, retry: shortGoogleRetry(), logger: quietLogger
            )
            let store = ResourceManagerClient(
                endpoints: GoogleEndpoints(resourceManager: baseURL), client: .shared, credentials: emulatorCredentials(baseURL),
                retry: shortGoogleRetry(), clock: clock, logger: quietLogger
            )
            let engine = SelfActivation(
                catalog: EntitlementCatalog(analyzer: analyzer, clock: clock), store: store, rules: try ActivationRules(), audit: audit,
                retry: Backoff(maxAttempts: 20, initialDelay: .milliseconds(5), maxDelay: .milliseconds(100), jitter: SeededJitter())
            )
            return try await engine.activate(SelfActivationRequest(
                user: user, project: project,
                entitlements: [EntitlementId(project: project, role: "roles/cloudsql.viewer", resourceCondition: nil)],
                justification: "BUG-1", minutes: 30
            ))
        }
        #expect(activation.beneficiary == user)
        let activated = try await cloud.iam.policy(of: ResourceName(project)).bindings.filter {
            ActivationCondition($0.condition) != nil && $0.members == ["user:alice@example.com"]
        }
        #expect(activated.map(\.role) == ["roles/cloudsql.viewer"])
        #expect(cloud.reasons.last(for: ResourceName(project))?.contains("BUG-1") == true)
        #expect(!audit.events.isEmpty)
        let methods = Set(cloud.journal.requests.map { $0.path.split(separator: ":").last.map(String.init) ?? "" })
        #expect(methods == ["analyzeIamPolicy", "getIamPolicy", "setIamPolicy"], "the requests checked against the discovery documents")
        #expect(cloud.journal.requests.allSatisfy { $0.answer?.status == 200 }, "the answers checked against the discovery documents")
    }
}

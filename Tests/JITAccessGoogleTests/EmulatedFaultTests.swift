import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JITAccessCore
import JITAccessEmulator
import JITAccessGoogle
import JITAccessLocal
import JITAccessRuntime
import JITAccessTestSupport
import JITAccessWeb
import NIOCore
import Testing

@Suite("Backend failures: the emulator misbehaves on purpose")
struct EmulatedFaultTests {
    static let project = ResourceName(ProjectId("prod-db")!)
    static let scope = ResourceName(kind: .organization, id: "100000000001")
    static let retry = shortGoogleRetry()

    static func store(_ baseURL: String) -> ResourceManagerClient {
        ResourceManagerClient(endpoints: GoogleEndpoints(resourceManager: baseURL), client: .shared, credentials: emulatorCredentials(baseURL), retry: retry, clock: SystemWallClock(), logger: quietLogger)
    }

    static func analyzer(_ baseURL: String) -> CloudAssetAnalyzer {
        CloudAssetAnalyzer(
            scope: scope, endpoints: GoogleEndpoints(cloudAsset: baseURL), client: .shared, credentials: emulatorCredentials(baseURL), clock: SystemWallClock(),
            retry: retry, logger: quietLogger
        )
    }

    @Test("a 503 or 429 that persists is tried three times, then reported as a backend error naming the API and Google's words", arguments: [
        (503, "UNAVAILABLE", "getIamPolicy", "Resource Manager"), (429, "RESOURCE_EXHAUSTED", "getIamPolicy", "Resource Manager"),
        (503, "UNAVAILABLE", "analyzeIamPolicy", "Cloud Asset"), (429, "RESOURCE_EXHAUSTED", "analyzeIamPolicy", "Cloud Asset"),
    ])
    func persistentFault(status: Int, canonical: String, method: String, api: String) async throws {
        let cloud = try EmulatedCloud()
        try cloud.faults.inject(EmulatedFault(status: status, count: 5, methods: [method], message: "Google is having a bad day."))
        let error = await #expect(throws: JITAccessError.self) {
            try await cloud.withEmulatorURL { baseURL in
                if method == "getIamPolicy" {
                    _ = try await Self.store(baseURL).policy(of: Self.project)
                } else {
                    _ = try await Self.analyzer(baseURL).projects(for: #require(UserId("alice@example.com")))
                }
            }
        }
        guard case .backend(let message) = error else {
            Issue.record("expected a backend error, got \(String(describing: error))")
            return
        }
        #expect(message.contains("\(api) answered \(status) \(canonical): Google is having a bad day."), "\(message)")
        #expect(message.contains("tried 3 times"))
        #expect(cloud.faults.current.first?.count == 2, "three of the five faults were played")
    }

    @Test("a fault that passes within the retries is not seen by the caller")
    func transientFault() async throws {
        let cloud = try EmulatedCloud()
        try cloud.faults.inject(EmulatedFault(status: 503, count: 2, methods: ["setIamPolicy"]))
        try await cloud.withEmulatorURL { baseURL in
            let store = Self.store(baseURL)
            var policy = try await store.policy(of: Self.project)
            policy.bindings.append(IAMBinding(role: "roles/viewer", members: ["user:tester1@example.com"]))
            try await store.setPolicy(policy, of: Self.project, reason: "after two failures")
        }
        #expect(cloud.faults.current.isEmpty)
        #expect(try await cloud.iam.policy(of: Self.project).bindings.contains { $0.members == ["user:tester1@example.com"] })
    }

    /// Runs `body` with a test client of the web application whose backend is the Google clients
    /// pointed at the emulator of `cloud`.
    static func withWebApplication(_ cloud: EmulatedCloud, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await cloud.withEmulatorURL { baseURL in
            let endpoints = GoogleEndpoints(resourceManager: baseURL, cloudAsset: baseURL, iamCredentials: baseURL, serviceAccountKeys: baseURL + "/service_accounts/v1/metadata/jwk/")
            let account = "jitaccess@emulator.iam.gserviceaccount.com"
            let backend = WebBackend(
                analyzer: analyzer(baseURL), store: store(baseURL),
                signer: ServiceAccountTokenSigner(serviceAccount: account, endpoints: endpoints, client: .shared, credentials: emulatorCredentials(baseURL), retry: retry, clock: SystemWallClock(), logger: quietLogger),
                verifier: ServiceAccountTokenSigner.verifier(serviceAccount: account, endpoints: endpoints, client: .shared, clock: SystemWallClock(), logger: quietLogger),
                notifier: SilentNotifier(), clock: SystemWallClock(), jitter: SeededJitter(), audit: RecordingAuditLog()
            )
            let configuration = WebConfiguration(
                hostname: "127.0.0.1", port: 0, identity: .verified(HeaderIdentity()), rules: try ActivationRules(), signingKey: .random()
            )
            try await buildApplication(configuration, backend: backend, logger: quietLogger).test(.router, body)
        }
    }

    static func headers(json: Bool = false) -> HTTPFields {
        var headers: HTTPFields = [HTTPField.Name("X-JITACCESS")!: "1", HTTPField.Name("X-Test-User")!: "alice@example.com"]
        if json { headers[.contentType] = "application/json" }
        return headers
    }

    static func message(of response: TestResponse) throws -> String {
        let json = try JSONDecoder().decode([String: JSONValue].self, from: Data(response.body.readableBytesView))
        guard case .string(let message)? = json["message"] else { throw JITAccessError.invalidArgument("no message in \(String(buffer: response.body))") }
        return message
    }

    @Test("GET /api/projects answers 502 with a message naming Cloud Asset when it keeps failing")
    func projectsThroughWebLayer() async throws {
        let cloud = try EmulatedCloud()
        try cloud.faults.inject(EmulatedFault(status: 503, count: 10, methods: ["analyzeIamPolicy"]))
        try await Self.withWebApplication(cloud) { client in
            let response = try await client.execute(uri: "/api/projects", method: .get, headers: Self.headers())
            #expect(response.status == .badGateway)
            let message = try Self.message(of: response)
            #expect(message.contains("Cloud Asset answered 503 UNAVAILABLE"), "\(message)")
            #expect(message.contains("tried 3 times"))
        }
    }

    @Test("a self-activation whose policy write keeps failing answers 502 naming Resource Manager, and changes nothing", arguments: [
        (503, "UNAVAILABLE"), (429, "RESOURCE_EXHAUSTED"),
    ])
    func selfActivationThroughWebLayer(status: Int, canonical: String) async throws {
        let cloud = try EmulatedCloud()
        let before = try await cloud.iam.policy(of: Self.project)
        try cloud.faults.inject(EmulatedFault(status: status, count: 10, methods: ["setIamPolicy"]))
        try await Self.withWebApplication(cloud) { client in
            let body = #"{"entitlementIds":["prod-db:roles/cloudsql.viewer"],"justification":"BUG-1","activationTimeout":30}"#
            let response = try await client.execute(
                uri: "/api/projects/prod-db/roles/self-activate", method: .post, headers: Self.headers(json: true), body: ByteBuffer(string: body)
            )
            #expect(response.status == .badGateway)
            let message = try Self.message(of: response)
            #expect(message.contains("Resource Manager answered \(status) \(canonical)"), "\(message)")
        }
        #expect(try await cloud.iam.policy(of: Self.project) == before)
    }

    @Test("the same self-activation lands once the backend recovers")
    func selfActivationAfterRecovery() async throws {
        let cloud = try EmulatedCloud()
        try cloud.faults.inject(EmulatedFault(status: 503, count: 2, methods: ["setIamPolicy"]))
        try await Self.withWebApplication(cloud) { client in
            let body = #"{"entitlementIds":["prod-db:roles/cloudsql.viewer"],"justification":"BUG-1","activationTimeout":30}"#
            let response = try await client.execute(
                uri: "/api/projects/prod-db/roles/self-activate", method: .post, headers: Self.headers(json: true), body: ByteBuffer(string: body)
            )
            #expect(response.status == .ok, "\(String(buffer: response.body))")
        }
        let activated = try await cloud.iam.policy(of: Self.project).bindings.filter { ActivationCondition($0.condition) != nil && $0.members == ["user:alice@example.com"] }
        #expect(activated.map(\.role) == ["roles/cloudsql.viewer"])
    }
}

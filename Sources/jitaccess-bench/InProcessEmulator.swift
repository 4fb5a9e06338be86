import Hummingbird
import JITAccessCore
import JITAccessEmulator
import JITAccessLocal
import Logging

/// Google's APIs, emulated inside the bench on a free port, for the sections that need "Google".
enum InProcessEmulator {
    /// Runs `body` with the base URL of an emulator serving `iam` (its requests recorded in
    /// `journal`), then stops the emulator.
    static func run<T: Sendable>(
        iam: EmbeddedIAM, clock: any WallClock, journal: RequestJournal = RequestJournal(), _ body: @Sendable (String) async throws -> T
    ) async throws -> T {
        let (ports, listening) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "jitaccess-bench.emulator")
        logger.logLevel = .critical
        let emulator = buildEmulator(
            iam: iam, configuration: EmulatorConfiguration(port: 0, acceptsOnlyIssuedTokens: true), journal: journal, clock: clock, logger: logger,
            onServerRunning: { listening.yield($0) }
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await emulator.runService() }
            defer { group.cancelAll() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw BenchmarkFailure("the emulator did not start") }
            return try await body("http://127.0.0.1:\(port)")
        }
    }

    /// What `jitaccess serve` needs to run against the emulator at `baseURL` over the demo cloud.
    static func serveEnvironment(_ baseURL: String) -> [String: String] {
        [
            "BASE_URL": "https://jitaccess.example.com",
            "RESOURCE_SCOPE": "organizations/100000000001",
            "IAP_AUDIENCE": "/projects/1/apps/jitaccess-bench",
            "IAP_PUBLIC_KEYS_URL": baseURL + "/iap/verify/public_key-jwk",
            "GCE_METADATA_HOST": String(baseURL.dropFirst("http://".count)),
            "CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER": baseURL + "/",
            "CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDASSET": baseURL + "/",
            "CLOUDSDK_API_ENDPOINT_OVERRIDES_IAMCREDENTIALS": baseURL + "/",
            "SERVICE_ACCOUNT_KEYS_URL": baseURL + "/service_accounts/v1/metadata/jwk/",
            "CSRF_SECRET": "jitaccess-bench-csrf-secret-of-32-bytes",
        ]
    }
}

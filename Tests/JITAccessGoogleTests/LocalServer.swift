import AsyncHTTPClient
import Foundation
import Hummingbird
import JITAccessCore
import JITAccessEmulator
import JITAccessGoogle
import JITAccessLocal
import JITAccessRuntime
import Logging
import NIOCore
import Testing
import JITAccessTestSupport

/// Runs `body` with the base URL (`http://127.0.0.1:PORT`) of the application `build` makes,
/// listening on a free port, then stops it. `build` gets the callback that reports the port.
func withLocalServer<App: ApplicationProtocol, T: Sendable>(
    _ build: (_ onServerRunning: @escaping @Sendable (Int) async -> Void) -> App,
    _ body: @Sendable (_ baseURL: String) async throws -> T
) async throws -> T {
    let (ports, listening) = AsyncStream.makeStream(of: Int.self)
    let app = build { port in listening.yield(port) }
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.runService() }
        defer { group.cancelAll() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        return try await body("http://127.0.0.1:\(port)")
    }
}

/// Runs `body` with the base URL of a local server answering with `router`.
func withLocalServer<T: Sendable>(router: Router<BasicRequestContext>, _ body: @Sendable (_ baseURL: String) async throws -> T) async throws -> T {
    try await withLocalServer({ onServerRunning in
        Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: quietLogger
        )
    }, body)
}

/// A token that never expires, for servers that only check that one is present.
struct StaticToken: AccessTokenSource {
    var token = "ya29.test-token"
    func accessToken() async throws -> String { token }
}

/// A temporary demo cloud served by the emulator, with what the emulator records and the
/// faults it is told to make.
final class EmulatedCloud: Sendable {
    let cloud: TemporaryCloud
    let reasons = RequestReasons()
    let journal = RequestJournal()
    let faults = EmulatedFaults()

    init() throws {
        cloud = try TemporaryCloud()
    }

    var iam: EmbeddedIAM { cloud.iam }
    var folder: URL { cloud.folder }

    /// Runs `body` with the base URL of the emulator serving this cloud over HTTP. Its APIs
    /// accept only the tokens its metadata server issued, as Google's accept only real ones.
    /// Afterwards, whether `body` succeeded or not, every request the clients sent to the APIs,
    /// and every answer of the emulator, must fit the discovery documents.
    func withEmulatorURL<T: Sendable>(_ body: @Sendable (_ baseURL: String) async throws -> T) async throws -> T {
        defer { #expect(exchangeProblems(in: journal) == []) }
        return try await withLocalServer({ onServerRunning in
            buildEmulator(
                iam: iam, configuration: EmulatorConfiguration(port: 0, acceptsOnlyIssuedTokens: true), reasons: reasons, journal: journal,
                faults: faults, clock: SystemWallClock(), logger: quietLogger, onServerRunning: onServerRunning
            )
        }, body)
    }

    /// Runs `body` with a ``ResourceManagerClient`` of the emulator serving this cloud over HTTP,
    /// authenticated by the emulator's metadata server.
    func withEmulator<T: Sendable>(_ body: @Sendable (ResourceManagerClient) async throws -> T) async throws -> T {
        try await withEmulatorURL { baseURL in
            try await body(ResourceManagerClient(
                endpoints: GoogleEndpoints(resourceManager: baseURL), client: .shared, credentials: emulatorCredentials(baseURL),
                retry: shortGoogleRetry(), clock: SystemWallClock(), logger: quietLogger
            ))
        }
    }
}

/// The service account's token from the metadata server of the emulator at `baseURL`.
func emulatorCredentials(_ baseURL: String) -> MetadataServerCredentials {
    MetadataServerCredentials(endpoints: GoogleEndpoints(metadataHost: String(baseURL.dropFirst("http://".count))), client: .shared)
}

/// The retry of Google calls with waits 40 times shorter, so that tests of failures are quick.
func shortGoogleRetry(maxAttempts: Int = 3, budget: Duration = .seconds(20)) -> Backoff {
    Backoff(maxAttempts: maxAttempts, initialDelay: .milliseconds(5), maxDelay: .seconds(5), budget: budget, jitter: SeededJitter())
}

/// The Resource Manager client of the server at `baseURL`, with a static token and short backoff.
func resourceManager(_ baseURL: String, retry: Backoff = shortGoogleRetry()) -> ResourceManagerClient {
    ResourceManagerClient(
        endpoints: GoogleEndpoints(resourceManager: baseURL + "/"), client: .shared, credentials: StaticToken(), retry: retry,
        clock: SystemWallClock(), logger: quietLogger
    )
}

import AsyncHTTPClient
import Foundation
import Hummingbird
import JITAccessCore
import JITAccessEmulator
import JITAccessGoogle
import JITAccessLocal
import JITAccessRuntime
import JITAccessTestSupport
import Logging
import NIOCore
import Testing

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

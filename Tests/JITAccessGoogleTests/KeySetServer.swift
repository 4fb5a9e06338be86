import Hummingbird
import JITAccessCore
import JITAccessTokens
import Logging
import NIOCore
import Testing

/// Runs `body` with the URL of a local HTTP server publishing `publication` at `/keys`, then
/// stops the server.
func withKeySetServer<T: Sendable>(
    _ publication: KeySetPublication, _ body: @Sendable (_ url: String) async throws -> T
) async throws -> T {
    let router = Router()
    router.get("/keys") { _, _ in await publication.answer() }
    let (ports, listening) = AsyncStream.makeStream(of: Int.self)
    let app = Application(
        router: router,
        configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
        onServerRunning: { channel in listening.yield(channel.localAddress?.port ?? 0) },
        logger: quietLogger
    )
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.runService() }
        defer { group.cancelAll() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        return try await body("http://127.0.0.1:\(port)/keys")
    }
}

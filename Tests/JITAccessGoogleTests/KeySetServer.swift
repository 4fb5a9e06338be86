import Hummingbird
import JITAccessCore
import JITAccessTokens
import Logging
import NIOCore
import Testing

/// What the test key-set server answers, changeable while it runs, and how often it was asked.
actor KeySetPublication {
    private(set) var fetches = 0
    private var status: HTTPResponse.Status = .ok
    private var document: [UInt8]

    init(_ keys: JWKSet) {
        document = keys.jwksJSON()
    }

    /// Publishes `keys` from now on: a key rotation.
    func publish(_ keys: JWKSet) {
        document = keys.jwksJSON()
        status = .ok
    }

    /// Answers every fetch from now on with HTTP `status` and `body`.
    func fail(status: Int, body: String = "") {
        self.status = HTTPResponse.Status(code: status)
        document = Array(body.utf8)
    }

    fileprivate func answer() -> Response {
        fetches += 1
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: document))
        )
    }
}

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

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

    func answer() -> Response {
        fetches += 1
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: document))
        )
    }
}

import Hummingbird
import NIOCore

/// A stand-in for a Google API that answers from a script and counts what it was asked.
actor ScriptedBackend {
    /// One scripted answer.
    struct Answer: Sendable {
        let status: Int
        let body: String
    }

    private(set) var requests = 0
    private(set) var headers: [HTTPFields] = []
    private(set) var bodies: [String] = []
    private var script: [Answer]

    /// Answers with `script` in order, repeating the last answer once the script is used up.
    init(_ script: [Answer]) {
        self.script = script
    }

    /// A router answering every POST and GET from the script.
    nonisolated var router: Router<BasicRequestContext> {
        let router = Router()
        router.post("**") { request, _ in await self.answer(request, body: try await request.body.collect(upTo: 1024 * 1024)) }
        router.get("**") { request, _ in await self.answer(request, body: ByteBuffer()) }
        return router
    }

    private func answer(_ request: Request, body: ByteBuffer) -> Response {
        requests += 1
        headers.append(request.headers)
        bodies.append(String(buffer: body))
        let next = script.count > 1 ? script.removeFirst() : script[0]
        return Response(
            status: HTTPResponse.Status(code: next.status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: next.body))
        )
    }
}

extension ScriptedBackend.Answer {
    /// Google's error body for `status` with the canonical code `canonical`.
    static func googleError(_ status: Int, _ canonical: String, _ message: String = "scripted failure") -> Self {
        Self(status: status, body: #"{"error":{"code":\#(status),"message":"\#(message)","status":"\#(canonical)"}}"#)
    }

    /// A policy with one binding and the etag `etag`.
    static func policy(etag: String = "BwXhqDnB9Ic=") -> Self {
        Self(status: 200, body: #"{"version":3,"etag":"\#(etag)","bindings":[{"role":"roles/viewer","members":["user:alice@example.com"]}]}"#)
    }
}

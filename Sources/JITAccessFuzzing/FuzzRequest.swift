import Hummingbird
import NIOCore

/// Hummingbird requests built from fuzzed text, as the server would receive them.
enum FuzzRequest {
    /// A GET of `target` (path and query) on the service's host, with `cookie` as its Cookie
    /// header when given.
    static func get(_ target: String, cookie: String? = nil) -> Request {
        var head = HTTPRequest(method: .get, scheme: "https", authority: "jit.example.com", path: target)
        if let cookie { head.headerFields[.cookie] = cookie }
        return Request(head: head, body: RequestBody(buffer: ByteBuffer()))
    }
}

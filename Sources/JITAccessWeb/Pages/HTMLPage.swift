import Foundation
import Hummingbird

/// A rendered HTML page.
struct HTMLPage: ResponseGenerator {
    let html: String
    var status: HTTPResponse.Status = .ok
    /// Why the page shows a refusal, when it does: its status and headers go with the page.
    var failure: HTTPFailure?

    /// This page answering with `failure`'s status and headers.
    func failing(with failure: HTTPFailure) -> HTMLPage {
        HTMLPage(html: html, status: failure.status, failure: failure)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        response(status: status)
    }

    func response(status: HTTPResponse.Status) -> Response {
        var response = Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html))
        )
        failure?.addHeaders(to: &response.headers)
        return response
    }
}

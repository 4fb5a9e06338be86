import Foundation
import Hummingbird

/// A JSON response body.
struct JSONResponse: ResponseGenerator {
    let bytes: [UInt8]
    let status: HTTPResponse.Status

    /// `value` written by Foundation's encoder, keys sorted.
    init(_ value: some Encodable, status: HTTPResponse.Status = .ok) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data(#"{"message":"The response could not be encoded."}"#.utf8)
        self.bytes = Array(data)
        self.status = status
    }

    /// `value` written by itself, for the responses served on every page load.
    init(_ value: some JSONWritable, status: HTTPResponse.Status = .ok) {
        var writer = JSONWriter()
        value.write(to: &writer)
        self.bytes = writer.bytes
        self.status = status
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    func response() -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}

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

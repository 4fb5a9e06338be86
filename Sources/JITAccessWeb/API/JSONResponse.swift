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

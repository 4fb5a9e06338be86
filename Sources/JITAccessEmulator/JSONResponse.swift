import Foundation
import Hummingbird

/// A value as the JSON body of a successful response, in the form Google's APIs send.
enum JSONResponse {
    static func ok(_ value: some Encodable) throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=UTF-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder.sorted.encode(value)))
        )
    }
}

extension JSONEncoder {
    /// An encoder with Google's field order (alphabetical) and unescaped slashes.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

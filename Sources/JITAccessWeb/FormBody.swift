import Hummingbird
import JITAccessCore
import NIOCore

/// The fields of an `application/x-www-form-urlencoded` body, in order; names may repeat.
package struct FormBody: Sendable {
    package let fields: [(name: String, value: String)]

    /// Parses `name=value&...`, with `+` as space and percent-escapes decoded.
    package init(_ text: some StringProtocol) {
        fields = text.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decode(Substring(parts[0])), parts.count > 1 ? Self.decode(Substring(parts[1])) : "")
        }
    }

    /// Reads the body of a form post: it must be form-urlencoded and at most 64 KiB.
    static func read(from request: Request, context: JITAccessRequestContext) async throws -> FormBody {
        let mediaType = request.headers[.contentType].map { $0.prefix { $0 != ";" }.trimmed().lowercased() }
        guard mediaType == "application/x-www-form-urlencoded" else {
            throw JITAccessError.invalidArgument("Send this form as application/x-www-form-urlencoded.")
        }
        let buffer = try await RequestBodyReader.collect(request, context: context)
        return FormBody(String(buffer: buffer))
    }

    /// The first value of `name`.
    package subscript(name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// Every value of `name`, in order.
    package func all(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    private static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var input = Array(text.utf8)[...]
        while let byte = input.popFirst() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                if input.count >= 2, let value = Hex.decode(String(decoding: input.prefix(2), as: UTF8.self).lowercased())?.first {
                    bytes.append(value)
                    input = input.dropFirst(2)
                } else {
                    bytes.append(byte)
                }
            default:
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

import Foundation
import JITAccessCore

/// A JWS in compact serialization (`header.payload.signature`, RFC 7515 section 7.1), taken
/// apart but not yet verified.
package struct CompactJWS {
    /// The protected header, as far as verification needs it.
    struct Header: Decodable {
        let alg: String
        let kid: String?
        /// Whether the header has `crit`: extensions jitaccess does not implement, which the
        /// signer demands be understood (RFC 7515 section 4.1.11).
        let hasCritical: Bool

        private enum CodingKeys: String, CodingKey {
            case alg, kid, crit
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            alg = try container.decode(String.self, forKey: .alg)
            kid = try container.decodeIfPresent(String.self, forKey: .kid)
            hasCritical = container.contains(.crit)
        }
    }

    let header: Header
    /// The decoded payload: the claims' JSON.
    package let payload: [UInt8]
    let signature: [UInt8]
    /// `header.payload` exactly as received: what the signature signs.
    let signingInput: [UInt8]

    /// Takes `token` apart. `name` says what the token is in error messages ("The activation token").
    package init(_ token: String, name: String) throws(JITAccessError) {
        let segments = token.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3 else {
            throw .invalidArgument("\(name) is incomplete or malformed: it must have three parts separated by dots.")
        }
        guard let headerBytes = Base64URL.decode(segments[0]),
              let payload = Base64URL.decode(segments[1]),
              let signature = Base64URL.decode(segments[2])
        else {
            throw .invalidArgument("\(name) is malformed: each part must be base64url without padding.")
        }
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(headerBytes))
        } catch {
            throw .invalidArgument("\(name) has an invalid header: it must be a JSON object with a string \"alg\".")
        }
        self.payload = payload
        self.signature = signature
        signingInput = Array(segments[0].utf8) + [UInt8(ascii: ".")] + Array(segments[1].utf8)
    }

    /// The compact serialization of `payload` under `header`, signed by `sign`, which gets the
    /// signing input and returns the JOSE signature bytes.
    static func serialize(header: [UInt8], payload: [UInt8], sign: ([UInt8]) throws -> [UInt8]) rethrows -> String {
        let signingInput = Base64URL.encode(header) + "." + Base64URL.encode(payload)
        return signingInput + "." + Base64URL.encode(try sign(Array(signingInput.utf8)))
    }
}

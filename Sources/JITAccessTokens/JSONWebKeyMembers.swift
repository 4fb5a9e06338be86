import Crypto
import Foundation
import _CryptoExtras

/// One key of a JWKS document, member by member.
struct JSONWebKeyMembers: Codable {
    var kty: String
    var crv: String?
    var x: String?
    var y: String?
    var n: String?
    var e: String?
    var kid: String?
    var alg: String?
    var use: String?
}

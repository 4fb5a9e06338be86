import Foundation

/// A JWKS document as JSON.
struct JSONWebKeySetDocument: Codable {
    var keys: [JSONWebKeyMembers]
}

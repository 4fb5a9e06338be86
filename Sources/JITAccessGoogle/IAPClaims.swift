import Foundation
import JITAccessCore
import JITAccessTokens

/// The claims of an Identity-Aware Proxy assertion as they arrive, types checked; unknown claims
/// ignored. `aud` may be a string or a list (RFC 7519 section 4.1.3).
package struct IAPClaims: Decodable {
    let iss: String
    let aud: JWTAudience
    let iat: Int64
    let exp: Int64
    let sub: String
    let email: String
    let hd: String?
    let google: GoogleClaims?

    /// What BeyondCorp adds about the device and the access levels met.
    struct GoogleClaims: Decodable {
        let deviceId: String?
        let accessLevels: [String]?

        private enum CodingKeys: String, CodingKey {
            case deviceId = "device_id"
            case accessLevels = "access_levels"
        }
    }

    /// The claims in `payload`; the error names the claim that is missing or has the wrong type.
    package init(payload: [UInt8]) throws(JITAccessError) {
        do {
            self = try JSONDecoder().decode(IAPClaims.self, from: Data(payload))
        } catch let DecodingError.keyNotFound(key, _) {
            throw .accessDenied("The Identity-Aware Proxy assertion lacks the claim \"\(key.stringValue)\".")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let claim = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw .accessDenied("The Identity-Aware Proxy assertion's claim \"\(claim)\" has the wrong type.")
        } catch {
            throw .accessDenied("The Identity-Aware Proxy assertion's claims are not a JSON object with whole-second times.")
        }
    }
}

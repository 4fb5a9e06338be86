import Foundation
import JITAccessCore

/// The claims of an activation token as they arrive: every claim required, with its JSON type
/// checked; unknown claims ignored. `aud` may be a string or a list (RFC 7519 section 4.1.3).
package struct ActivationClaims: Decodable {
    let iss: String
    let aud: JWTAudience
    let iat: Int64
    let exp: Int64
    let jti: String
    let beneficiary: String
    let reviewers: [String]
    let resource: String
    let role: String
    let justification: String
    let start: Int64
    let end: Int64

    /// The claims in `payload`; the error names the claim that is missing or has the wrong type.
    package init(payload: [UInt8]) throws(JITAccessError) {
        do {
            self = try JSONDecoder().decode(ActivationClaims.self, from: Data(payload))
        } catch let error as DecodingError {
            throw .invalidArgument(Self.message(for: error))
        } catch {
            throw .invalidArgument("The activation token's claims cannot be read.")
        }
    }

    private static func message(for error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _):
            return "The activation token lacks the claim \"\(key.stringValue)\"."
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            guard let claim = context.codingPath.first?.stringValue else {
                return "The activation token's claims are not a JSON object."
            }
            let expected = switch claim {
            case "iat", "exp", "start", "end": "an integer number of seconds"
            case "reviewers": "a list of strings"
            case "aud": "a string or a list of strings"
            default: "a string"
            }
            return "The activation token's claim \"\(claim)\" must be \(expected)."
        case .dataCorrupted:
            // Foundation also reports a fractional or out-of-range integer this way, without a path.
            return "The activation token's claims are not valid JSON, or a time in them is not a whole number of seconds."
        @unknown default:
            return "The activation token's claims cannot be read."
        }
    }

    /// The token these claims make, its audience being `audience`, which the claims were
    /// checked to contain.
    package func token(audience: String) -> ActivationToken {
        ActivationToken(
            iss: iss, aud: audience, iat: iat, exp: exp, jti: jti, beneficiary: beneficiary, reviewers: reviewers,
            resource: resource, role: role, justification: justification, start: start, end: end
        )
    }
}

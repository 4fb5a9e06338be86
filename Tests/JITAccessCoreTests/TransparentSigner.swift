import Foundation
import JITAccessCore
import Synchronization

/// Signs by writing the claims as JSON behind a fixed prefix: enough to test the engine, which
/// must treat tokens as opaque and trust only the verifier.
struct TransparentSigner: TokenSigner, TokenVerifier {
    let issuer = "https://jit.example.com"
    let clock: any WallClock
    static let prefix = "signed."

    func sign(_ token: ActivationToken) async throws -> String {
        Self.prefix + String(decoding: try JSONEncoder().encode(token), as: UTF8.self)
    }

    func verify(_ jwt: String, acceptingExpired: Bool) async throws -> ActivationToken {
        guard jwt.hasPrefix(Self.prefix), let token = try? JSONDecoder().decode(ActivationToken.self, from: Data(jwt.dropFirst(Self.prefix.count).utf8)) else {
            throw JITAccessError.invalidArgument("The activation token is not signed by this service.")
        }
        guard acceptingExpired || token.exp > clock.now.secondsSinceEpoch else {
            throw JITAccessError.invalidArgument("The activation token has expired.")
        }
        return token
    }

    /// A token for claims the engine never issued.
    func forge(_ token: ActivationToken) -> String {
        Self.prefix + String(decoding: try! JSONEncoder().encode(token), as: UTF8.self)
    }
}

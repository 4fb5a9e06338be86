import AsyncHTTPClient
import Foundation
import JITAccessCore
import JITAccessTokens
import Logging
import NIOCore

/// Signs activation tokens as the service's own service account with IAM Credentials v1
/// `signJwt`, as JIT Access 1.x does: Google holds the key (RS256) and publishes its public half
/// at `SERVICE_ACCOUNT_KEYS_URL` + the account's email, so no key is stored anywhere.
public struct ServiceAccountTokenSigner: TokenSigner {
    /// The service account's email: `iss` and `aud` of every token.
    public let issuer: String
    private let baseURL: String
    private let transport: GoogleAPITransport

    /// Signs as `serviceAccount` through IAM Credentials at `endpoints.iamCredentials`.
    public init(
        serviceAccount: String, endpoints: GoogleEndpoints, client: HTTPClient, credentials: any AccessTokenSource,
        retry: Backoff, clock: any WallClock, logger: Logger = Logger(label: "jitaccess.google")
    ) {
        issuer = serviceAccount
        baseURL = endpoints.iamCredentials
        transport = GoogleAPITransport(
            service: "IAM Credentials", client: client, credentials: credentials, timeouts: endpoints.timeouts, retry: retry, clock: clock, logger: logger
        )
    }

    public func sign(_ token: ActivationToken) async throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let payload: Data
        do {
            payload = try encoder.encode(token)
        } catch {
            throw JITAccessError.backend("The activation token cannot be encoded: \(error).")
        }
        let account = issuer.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? issuer
        let answer = try await transport.post(
            "\(baseURL)/v1/projects/-/serviceAccounts/\(account):signJwt",
            body: SignRequest(payload: String(decoding: payload, as: UTF8.self)), as: SignResponse.self
        )
        return answer.signedJwt
    }

    /// A verifier of the tokens this account signs: RS256 only, with the account's published
    /// keys, fetched again when a token names a key not seen yet (Google rotates them).
    public static func verifier(
        serviceAccount: String, endpoints: GoogleEndpoints, client: HTTPClient, clock: any WallClock,
        logger: Logger = Logger(label: "jitaccess.keys")
    ) -> JWTVerifier {
        let keys = RemoteKeySet(
            url: endpoints.serviceAccountKeys + serviceAccount, description: "the public keys of \(serviceAccount)", client: client,
            timeout: endpoints.timeouts.requestDeadline, logger: logger
        )
        return JWTVerifier(keys: keys, algorithms: [.rs256], issuer: serviceAccount, audience: serviceAccount, clock: clock)
    }

    /// `{"payload": "<claims as a JSON string>"}`.
    private struct SignRequest: Encodable {
        let payload: String
    }

    /// `{"keyId": "...", "signedJwt": "..."}`.
    private struct SignResponse: Decodable {
        let signedJwt: String
    }
}

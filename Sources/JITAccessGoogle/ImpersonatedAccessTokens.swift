import AsyncHTTPClient
import Foundation
import JITAccessCore
import Logging

/// Access tokens for jitaccess's own service account with scopes its default credentials lack,
/// got by impersonating itself with IAM Credentials v1 `generateAccessToken`, as JIT Access
/// 1.x does: Cloud Run's and App Engine's metadata tokens carry `cloud-platform` only, and the
/// Directory API refuses them (it wants ``GroupDirectory/readonlyScope``). The service account
/// needs `roles/iam.serviceAccountTokenCreator` on itself.
///
/// With a key file (`GOOGLE_APPLICATION_CREDENTIALS`) the JWT-bearer grant could ask for the
/// scope directly; impersonation is used there too, so that one path, with one IAM setup, is
/// exercised whatever the credentials, and the tokens of the default credentials stay
/// `cloud-platform` only for every other API.
///
/// Tokens are kept until a minute before they expire; concurrent callers share one request.
public struct ImpersonatedAccessTokens: AccessTokenSource {
    /// The lifetime asked for: an hour, the most Google grants without an organization policy
    /// exception.
    static let lifetimeSeconds = 3600

    /// The service account impersonated: jitaccess's own.
    public let serviceAccount: String
    /// The OAuth scopes the tokens carry.
    public let scopes: [String]
    private let url: String
    private let transport: GoogleAPITransport
    private let clock: any WallClock
    private let cache = AccessTokenCache()

    /// Tokens for `serviceAccount` with `scopes`, from IAM Credentials at
    /// `endpoints.iamCredentials`, requested with `client` as `credentials` (the default
    /// credentials), retrying as `retry` says; `clock` turns Google's expiry time into a lifetime.
    public init(
        serviceAccount: String, scopes: [String], endpoints: GoogleEndpoints, client: HTTPClient, credentials: any AccessTokenSource,
        clock: any WallClock, retry: Backoff, logger: Logger = Logger(label: "jitaccess.google")
    ) {
        self.serviceAccount = serviceAccount
        self.scopes = scopes
        let account = serviceAccount.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? serviceAccount
        url = "\(endpoints.iamCredentials)/v1/projects/-/serviceAccounts/\(account):generateAccessToken"
        self.clock = clock
        transport = GoogleAPITransport(
            service: "IAM Credentials", client: client, credentials: credentials, timeouts: endpoints.timeouts, retry: retry, clock: clock, logger: logger
        )
    }

    public func accessToken() async throws -> String {
        try await cache.token { [transport, url, scopes, clock, serviceAccount] in
            let answer: GenerateAnswer
            do {
                answer = try await transport.post(
                    url, body: GenerateRequest(scope: scopes, lifetime: "\(Self.lifetimeSeconds)s"), as: GenerateAnswer.self
                )
            } catch JITAccessError.backend(let message) where message.hasPrefix("\(transport.service) refused") {
                throw JITAccessError.backend(
                    "\(message). jitaccess impersonates its own service account for the scopes \(scopes.joined(separator: " ")): grant \(serviceAccount) roles/iam.serviceAccountTokenCreator on itself."
                )
            }
            guard !answer.accessToken.isEmpty, let expiry = Timestamp(rfc3339: answer.expireTime) else {
                throw JITAccessError.backend("IAM Credentials answered generateAccessToken for \(serviceAccount) without a token or with an expiry that is not RFC 3339 ('\(answer.expireTime.prefix(40))').")
            }
            return OAuthTokenResponse(access_token: answer.accessToken, expires_in: Int(expiry.secondsSinceEpoch - clock.now.secondsSinceEpoch))
        }
    }

    /// `{"scope": [...], "lifetime": "3600s"}`.
    private struct GenerateRequest: Encodable {
        let scope: [String]
        let lifetime: String
    }

    /// `{"accessToken": "...", "expireTime": "2024-01-01T01:00:00Z"}`.
    private struct GenerateAnswer: Decodable {
        let accessToken: String
        let expireTime: String
    }
}

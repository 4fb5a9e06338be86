import AsyncHTTPClient
import Foundation
import JITAccessCore
import NIOCore
import NIOHTTP1

/// Access tokens for the service account of a key file, got with the JWT-bearer grant (RFC 7523)
/// at the key's `token_uri`, as Google's client libraries do; cached until a minute before they
/// expire, concurrent callers sharing one request.
public struct ServiceAccountKeyCredentials: AccessTokenSource {
    /// Every API jitaccess calls; the service account's roles limit what the token can do.
    public static let scope = "https://www.googleapis.com/auth/cloud-platform"
    /// A token response, or an OAuth error, is well under a kilobyte.
    private static let maximumResponseSize = 64 * 1024

    /// The key the tokens are got with.
    public let key: ServiceAccountKey
    private let client: HTTPClient
    private let timeout: TimeAmount
    private let clock: any WallClock
    private let cache = AccessTokenCache()

    /// Tokens for `key`'s account, requested with `client` within the deadline of `timeouts`;
    /// `clock` dates the assertions.
    public init(key: ServiceAccountKey, client: HTTPClient, timeouts: BackendTimeouts = BackendTimeouts(), clock: any WallClock) {
        self.key = key
        self.client = client
        timeout = timeouts.requestDeadline
        self.clock = clock
    }

    public func accessToken() async throws -> String {
        try await cache.token { [key, client, timeout, clock] in
            try await Self.fetch(key: key, client: client, timeout: timeout, now: clock.now)
        }
    }

    /// POSTs `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=JWT` to the token URI.
    private static func fetch(key: ServiceAccountKey, client: HTTPClient, timeout: TimeAmount, now: Timestamp) async throws -> OAuthTokenResponse {
        let assertion: String
        do {
            assertion = try key.assertion(scope: scope, now: now)
        } catch {
            throw failure(key, "the assertion cannot be signed with the key's private key: \(error)")
        }
        var request = HTTPClientRequest(url: key.tokenURI)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(string: "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=\(assertion)"))
        let status: HTTPResponseStatus
        let body: Data
        do {
            let response = try await client.execute(request, timeout: timeout)
            status = response.status
            body = Data(try await response.body.collect(upTo: maximumResponseSize).readableBytesView)
        } catch {
            throw failure(key, "\(error)")
        }
        guard status == .ok else {
            throw failure(key, "HTTP \(status.code) \(OAuthErrorBody(body)?.description ?? String(decoding: body.prefix(200), as: UTF8.self))")
        }
        guard let answer = OAuthTokenResponse.decode(body) else {
            throw failure(key, "the answer is not a token response")
        }
        return answer
    }

    private static func failure(_ key: ServiceAccountKey, _ reason: String) -> JITAccessError {
        .backend(
            "Could not get an access token for \(key.clientEmail) from \(key.tokenURI): \(reason). Check the key file \(ServiceAccountKey.variable) names: the key may have been deleted or disabled."
        )
    }
}

import AsyncHTTPClient
import Foundation
import JITAccessCore
import NIOCore
import NIOHTTP1

/// The service account's token from the metadata server (Cloud Run, GKE, Compute Engine),
/// cached until a minute before it expires; concurrent callers share one fetch.
public actor MetadataServerCredentials: AccessTokenSource {
    /// A token response is well under a kilobyte.
    private static let maximumResponseSize = 64 * 1024

    /// The token endpoint, `http://HOST/computeMetadata/v1/instance/service-accounts/default/token`.
    public nonisolated let url: String
    private let client: HTTPClient
    private let timeout: TimeAmount

    private let cache = AccessTokenCache()

    /// Tokens from the metadata server at `endpoints.metadataHost`, fetched with `client`.
    public init(endpoints: GoogleEndpoints, client: HTTPClient) {
        url = "http://\(endpoints.metadataHost)/computeMetadata/v1/instance/service-accounts/default/token"
        self.client = client
        timeout = endpoints.timeouts.requestDeadline
    }

    public func accessToken() async throws -> String {
        try await cache.token { [url, client, timeout] in try await Self.fetch(url: url, client: client, timeout: timeout) }
    }

    /// The email of the service account the tokens are for, as the metadata server reports it
    /// (`.../service-accounts/default/email`): what activation tokens are signed as.
    public func serviceAccountEmail() async throws -> String {
        let emailURL = String(url.dropLast("token".count)) + "email"
        let what = "the service account's email"
        let email = String(buffer: try await Self.get(emailURL, what: what, client: client, timeout: timeout))
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard UserId(email) != nil else {
            throw Self.failure(what, emailURL, "'\(email.prefix(200))' is not an email")
        }
        return email
    }

    private static func fetch(url: String, client: HTTPClient, timeout: TimeAmount) async throws -> OAuthTokenResponse {
        let what = "an access token"
        let body = try await get(url, what: what, client: client, timeout: timeout)
        guard let answer = OAuthTokenResponse.decode(Data(body.readableBytesView)) else {
            throw failure(what, url, "the answer is not a token response")
        }
        return answer
    }

    /// The body of a 200 answer to `GET url` with `Metadata-Flavor: Google`.
    private static func get(_ url: String, what: String, client: HTTPClient, timeout: TimeAmount) async throws(JITAccessError) -> ByteBuffer {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Metadata-Flavor", value: "Google")
        do {
            let response = try await client.execute(request, timeout: timeout)
            let body = try await response.body.collect(upTo: maximumResponseSize)
            guard response.status == .ok else {
                throw failure(what, url, "HTTP \(response.status.code) \(String(buffer: body).prefix(200))")
            }
            return body
        } catch let error as JITAccessError {
            throw error
        } catch {
            throw failure(what, url, "\(error)")
        }
    }

    private static func failure(_ what: String, _ url: String, _ reason: String) -> JITAccessError {
        .backend("Could not get \(what) from the metadata server at \(url): \(reason). Outside Google Cloud, set GCE_METADATA_HOST to an emulator.")
    }
}

import AsyncHTTPClient
import JITAccessCore

/// Application Default Credentials as Google's client libraries find them: the service-account
/// key file `GOOGLE_APPLICATION_CREDENTIALS` names, or else the metadata server of the Google
/// Cloud runtime the service runs on (`GCE_METADATA_HOST` overrides its address).
public enum ApplicationDefaultCredentials: Sendable {
    /// Tokens got with a key file's JWT-bearer grant.
    case keyFile(ServiceAccountKeyCredentials)
    /// Tokens from the metadata server.
    case metadataServer(MetadataServerCredentials)

    /// The credentials `source` describes. Throws ``ConfigurationError`` naming
    /// `GOOGLE_APPLICATION_CREDENTIALS` when the file it names is missing, unreadable or not a
    /// service-account key.
    public init(_ source: ConfigurationSource, endpoints: GoogleEndpoints, client: HTTPClient, clock: any WallClock) throws(ConfigurationError) {
        if let path = source.string(ServiceAccountKey.variable) {
            self = .keyFile(ServiceAccountKeyCredentials(key: try ServiceAccountKey(path: path), client: client, timeouts: endpoints.timeouts, clock: clock))
        } else {
            self = .metadataServer(MetadataServerCredentials(endpoints: endpoints, client: client))
        }
    }

    /// Where the tokens come from.
    public var tokens: any AccessTokenSource {
        switch self {
        case .keyFile(let credentials): credentials
        case .metadataServer(let credentials): credentials
        }
    }

    /// The service account the tokens are for: the key file's `client_email`, or what the
    /// metadata server reports. Throws ``JITAccessError/backend(_:)`` when the metadata server
    /// cannot say.
    public func serviceAccountEmail() async throws -> String {
        switch self {
        case .keyFile(let credentials): credentials.key.clientEmail
        case .metadataServer(let credentials): try await credentials.serviceAccountEmail()
        }
    }
}

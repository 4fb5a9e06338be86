import AsyncHTTPClient
import JITAccessCore
import NIOCore

/// Where jitaccess reaches Google, and how long it waits, read from the environment with the
/// names gcloud uses so that one set of variables points both at an emulator.
///
/// Variables: `CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER`, `..._CLOUDASSET`,
/// `..._IAMCREDENTIALS`, `..._ADMIN` (the Admin SDK's Directory API) (base URLs), `SERVICE_ACCOUNT_KEYS_URL` (the service account's JWKS
/// prefix), `GCE_METADATA_HOST` (the metadata server's `host[:port]`), and
/// `BACKEND_CONNECT_TIMEOUT`/`BACKEND_READ_TIMEOUT`/`BACKEND_WRITE_TIMEOUT` in seconds.
public struct GoogleEndpoints: Sendable, Equatable {
    /// Resource Manager's base URL, without a trailing slash.
    public var resourceManager: String
    /// Cloud Asset's base URL, without a trailing slash.
    public var cloudAsset: String
    /// IAM Credentials' base URL, without a trailing slash.
    public var iamCredentials: String
    /// The Admin SDK's base URL (Directory API paths `admin/directory/v1/...` follow it),
    /// without a trailing slash.
    public var directory: String
    /// The prefix of a service account's public keys; the account's e-mail follows it.
    public var serviceAccountKeys: String
    /// The metadata server's `host[:port]`.
    public var metadataHost: String
    /// How long calls to Google may take.
    public var timeouts: BackendTimeouts

    /// Google's real endpoints with the default timeouts.
    public init(
        resourceManager: String = "https://cloudresourcemanager.googleapis.com",
        cloudAsset: String = "https://cloudasset.googleapis.com",
        iamCredentials: String = "https://iamcredentials.googleapis.com",
        directory: String = "https://admin.googleapis.com",
        serviceAccountKeys: String = "https://www.googleapis.com/service_accounts/v1/metadata/jwk/",
        metadataHost: String = "metadata.google.internal",
        timeouts: BackendTimeouts = BackendTimeouts()
    ) {
        self.resourceManager = Self.trimmingSlash(resourceManager)
        self.cloudAsset = Self.trimmingSlash(cloudAsset)
        self.iamCredentials = Self.trimmingSlash(iamCredentials)
        self.directory = Self.trimmingSlash(directory)
        self.serviceAccountKeys = serviceAccountKeys
        self.metadataHost = metadataHost
        self.timeouts = timeouts
    }

    /// The endpoints `source` describes. Throws naming the variable that is malformed.
    public init(_ source: ConfigurationSource) throws(ConfigurationError) {
        let defaults = GoogleEndpoints()
        func url(_ variable: String, _ fallback: String) throws(ConfigurationError) -> String {
            guard let value = source.string(variable) else { return fallback }
            guard value.hasPrefix("https://") || value.hasPrefix("http://"), !value.contains(where: \.isWhitespace) else {
                throw ConfigurationError(variable: variable, message: "'\(value)' is not an http:// or https:// URL, for example http://localhost:8085/")
            }
            return value
        }
        let metadataHost = source.string("GCE_METADATA_HOST") ?? defaults.metadataHost
        guard !metadataHost.contains("/"), !metadataHost.contains(where: \.isWhitespace) else {
            throw ConfigurationError(variable: "GCE_METADATA_HOST", message: "'\(metadataHost)' is not a host[:port], for example localhost:8085")
        }
        self.init(
            resourceManager: try url("CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER", defaults.resourceManager),
            cloudAsset: try url("CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDASSET", defaults.cloudAsset),
            iamCredentials: try url("CLOUDSDK_API_ENDPOINT_OVERRIDES_IAMCREDENTIALS", defaults.iamCredentials),
            directory: try url("CLOUDSDK_API_ENDPOINT_OVERRIDES_ADMIN", defaults.directory),
            serviceAccountKeys: try url("SERVICE_ACCOUNT_KEYS_URL", defaults.serviceAccountKeys),
            metadataHost: metadataHost,
            timeouts: try BackendTimeouts(source)
        )
    }

    /// gcloud's overrides end in a slash (`https://host/`); paths are appended after one.
    private static func trimmingSlash(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}

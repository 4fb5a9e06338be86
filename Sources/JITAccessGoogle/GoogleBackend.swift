import AsyncHTTPClient
import JITAccessCore
import JITAccessTokens
import Logging

/// The Google side of `jitaccess serve`, assembled from the environment as JIT Access 1.x reads
/// it: policies through Resource Manager, analysis through Cloud Asset within `RESOURCE_SCOPE`
/// (default `projects/$GOOGLE_CLOUD_PROJECT`), activation tokens signed as the service account
/// of the Application Default Credentials (a key file, or the metadata server's account).
public struct GoogleBackend: Sendable {
    /// Who holds what, within the scope, read from sources current enough to decide a grant.
    public let analyzer: any PolicyAnalyzer
    /// Who holds what, for listings: may lag behind IAM, and is worth caching.
    public let listings: any PolicyAnalyzer
    /// Which catalog `RESOURCE_CATALOG` chose.
    public let catalog: ResourceCatalog
    /// How long listings are cached (`LISTING_CACHE_SECONDS` and its siblings).
    public let listingSettings: ListingCacheSettings
    /// The Directory API of `RESOURCE_CUSTOMER_ID`, with `AssetInventory`.
    public let directory: GroupDirectory?
    /// IAM policies.
    public let store: ResourceManagerClient
    /// Activation tokens, signed as the service account.
    public let signer: ServiceAccountTokenSigner
    /// Verifies what `signer` signs.
    public let verifier: JWTVerifier
    /// Where analysis looks.
    public let scope: ResourceName

    /// The backend `source` describes, over `client`. Throws ``ConfigurationError`` naming a bad
    /// variable (a bad key file is `GOOGLE_APPLICATION_CREDENTIALS`), or
    /// ``JITAccessError/backend(_:)`` when the metadata server cannot say which service account this is.
    /// Every call is retried as ``Backoff/googleCall(jitter:)`` says, its waits on `clock`.
    public init(
        _ source: ConfigurationSource, client: HTTPClient, clock: any WallClock, jitter: any Jitter, logger: Logger = Logger(label: "jitaccess.google")
    ) async throws {
        let retry = Backoff.googleCall(jitter: jitter)
        let endpoints = try GoogleEndpoints(source)
        scope = try Self.scope(source)
        catalog = try ResourceCatalog(source)
        listingSettings = try ListingCacheSettings(source)
        let adc = try ApplicationDefaultCredentials(source, endpoints: endpoints, client: client, clock: clock)
        let serviceAccount = try await adc.serviceAccountEmail()
        let credentials = adc.tokens
        let resourceManager = ResourceManagerClient(endpoints: endpoints, client: client, credentials: credentials, retry: retry, clock: clock, logger: logger)
        store = resourceManager
        switch catalog {
        case .policyAnalyzer:
            analyzer = CloudAssetAnalyzer(scope: scope, endpoints: endpoints, client: client, credentials: credentials, clock: clock, retry: retry, logger: logger)
            listings = analyzer
            directory = nil
        case .assetInventory(let customerId, let availableProjectsQuery):
            // Cloud Run's metadata token carries only cloud-platform; the Directory API needs its
            // own scope, so the service account asks IAM Credentials for a token of itself.
            let directoryCredentials = ImpersonatedAccessTokens(
                serviceAccount: serviceAccount, scopes: ["https://www.googleapis.com/auth/cloud-platform", GroupDirectory.readonlyScope], endpoints: endpoints, client: client,
                credentials: credentials, clock: clock, retry: retry, logger: logger
            )
            let directory = GroupDirectory(
                customerId: customerId, endpoints: endpoints, client: client, credentials: directoryCredentials, clock: clock, retry: retry, logger: logger
            )
            self.directory = directory
            let inventory = CloudAssetInventory(scope: scope, endpoints: endpoints, client: client, credentials: credentials, clock: clock, retry: retry, logger: logger)
            listings = AssetInventoryCatalog(
                inventory: inventory, resourceManager: resourceManager, availableProjectsQuery: availableProjectsQuery, directory: directory,
                scope: scope, settings: listingSettings, clock: clock, logger: logger
            )
            analyzer = AuthoritativeAnalyzer(resourceManager: resourceManager, directory: directory, listings: listings, scope: scope)
        }
        signer = ServiceAccountTokenSigner(
            serviceAccount: serviceAccount, endpoints: endpoints, client: client, credentials: credentials, retry: retry, clock: clock, logger: logger
        )
        verifier = ServiceAccountTokenSigner.verifier(serviceAccount: serviceAccount, endpoints: endpoints, client: client, clock: clock, logger: logger)
    }

    /// `RESOURCE_SCOPE`, or the project `GOOGLE_CLOUD_PROJECT` names.
    static func scope(_ source: ConfigurationSource) throws(ConfigurationError) -> ResourceName {
        if let text = source.string("RESOURCE_SCOPE") {
            guard let scope = ResourceName(relativeName: text) else {
                throw ConfigurationError(
                    variable: "RESOURCE_SCOPE", message: "'\(text)' is not projects/ID, folders/NUMBER or organizations/NUMBER"
                )
            }
            return scope
        }
        guard let project = source.string("GOOGLE_CLOUD_PROJECT") else {
            throw ConfigurationError(variable: "RESOURCE_SCOPE", message: "is not set, and neither is GOOGLE_CLOUD_PROJECT; set RESOURCE_SCOPE to projects/ID, folders/NUMBER or organizations/NUMBER")
        }
        guard let id = ProjectId(project) else {
            throw ConfigurationError(variable: "GOOGLE_CLOUD_PROJECT", message: "'\(project)' is not a project id")
        }
        return ResourceName(id)
    }
}

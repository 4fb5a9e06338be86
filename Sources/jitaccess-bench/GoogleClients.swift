import AsyncHTTPClient
import Foundation
import Hummingbird
import JITAccessCore
import JITAccessEmulator
import JITAccessGoogle
import JITAccessLocal
import Logging

/// Self-approval and peer approval wired to Google's APIs at `baseURL`, as `jitaccess serve`
/// wires them to Google: Cloud Asset answers who may do what, Resource Manager holds policies,
/// IAM Credentials signs tokens, the metadata server provides the access token.
struct GoogleClients {
    let selfActivation: SelfActivation
    let peerApproval: PeerApproval

    init(baseURL: String, scope: ResourceName) throws {
        let endpoints = GoogleEndpoints(
            resourceManager: baseURL, cloudAsset: baseURL, iamCredentials: baseURL,
            serviceAccountKeys: baseURL + "/service_accounts/v1/metadata/jwk/", metadataHost: String(baseURL.dropFirst("http://".count))
        )
        var logger = Logger(label: "jitaccess-bench.google")
        logger.logLevel = .critical
        let clock = SystemWallClock()
        let credentials = MetadataServerCredentials(endpoints: endpoints, client: .shared)
        let analyzer = CloudAssetAnalyzer(scope: scope, endpoints: endpoints, client: .shared, credentials: credentials, clock: clock, logger: logger)
        let store = ResourceManagerClient(endpoints: endpoints, client: .shared, credentials: credentials, logger: logger)
        let catalog = EntitlementCatalog(analyzer: analyzer, clock: clock)
        let rules = try ActivationRules()
        let serviceAccount = EmulatorConfiguration().serviceAccount
        selfActivation = SelfActivation(catalog: catalog, store: store, rules: rules, audit: DiscardingAuditLog())
        peerApproval = PeerApproval(
            catalog: catalog, store: store, rules: rules,
            signer: ServiceAccountTokenSigner(serviceAccount: serviceAccount, endpoints: endpoints, client: .shared, credentials: credentials, logger: logger),
            verifier: ServiceAccountTokenSigner.verifier(serviceAccount: serviceAccount, endpoints: endpoints, client: .shared, clock: clock, logger: logger),
            notifier: DiscardingNotifier(), links: ActivationLinks(baseURL: "https://jitaccess.example.com"), audit: DiscardingAuditLog()
        )
    }
}

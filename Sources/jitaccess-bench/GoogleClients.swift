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

    init(baseURL: String, scope: ResourceName, context: BenchmarkContext) throws {
        let endpoints = GoogleEndpoints(
            resourceManager: baseURL, cloudAsset: baseURL, iamCredentials: baseURL,
            serviceAccountKeys: baseURL + "/service_accounts/v1/metadata/jwk/", metadataHost: String(baseURL.dropFirst("http://".count))
        )
        var logger = Logger(label: "jitaccess-bench.google")
        logger.logLevel = .critical
        let clock = context.clock
        let google = Backoff.googleCall(jitter: context.jitter)
        let credentials = MetadataServerCredentials(endpoints: endpoints, client: .shared)
        let analyzer = CloudAssetAnalyzer(scope: scope, endpoints: endpoints, client: .shared, credentials: credentials, clock: clock, retry: google, logger: logger)
        let store = ResourceManagerClient(endpoints: endpoints, client: .shared, credentials: credentials, retry: google, clock: clock, logger: logger)
        let retry = Backoff.policyWrite(jitter: context.jitter)
        let catalog = EntitlementCatalog(analyzer: analyzer, clock: clock)
        let rules = try ActivationRules()
        let serviceAccount = EmulatorConfiguration().serviceAccount
        selfActivation = SelfActivation(catalog: catalog, store: store, rules: rules, audit: DiscardingAuditLog(), retry: retry)
        peerApproval = PeerApproval(
            catalog: catalog, store: store, rules: rules,
            signer: ServiceAccountTokenSigner(
                serviceAccount: serviceAccount, endpoints: endpoints, client: .shared, credentials: credentials, retry: google, clock: clock, logger: logger
            ),
            verifier: ServiceAccountTokenSigner.verifier(serviceAccount: serviceAccount, endpoints: endpoints, client: .shared, clock: clock, logger: logger),
            notifier: DiscardingNotifier(), links: ActivationLinks(baseURL: "https://jitaccess.example.com"), audit: DiscardingAuditLog(), retry: retry
        )
    }
}

import Hummingbird
import JITAccessCore
import JITAccessLocal
import Logging

/// Where the emulator listens.
public struct EmulatorConfiguration: Sendable {
    /// The address to listen on.
    public var hostname: String
    /// The port to listen on; 0 picks a free one.
    public var port: Int
    /// The service account the metadata server reports as its default.
    public var serviceAccount: String
    /// Whether the APIs accept only access tokens the emulator issued (from the metadata server
    /// or `/token`), as Google does; otherwise any bearer token passes.
    public var acceptsOnlyIssuedTokens: Bool
    /// The discovery documents that `GET /emulator/journal/problems` checks the exchanges
    /// against; with none, that route is not served.
    public var discoveryDocuments: [DiscoveryDocument]

    /// Listens on `hostname:port`; port 8085 by default, the port of Google's own emulators.
    public init(
        hostname: String = "127.0.0.1", port: Int = 8085, serviceAccount: String = "jitaccess@emulator.iam.gserviceaccount.com",
        acceptsOnlyIssuedTokens: Bool = false, discoveryDocuments: [DiscoveryDocument] = []
    ) {
        self.hostname = hostname
        self.port = port
        self.serviceAccount = serviceAccount
        self.acceptsOnlyIssuedTokens = acceptsOnlyIssuedTokens
        self.discoveryDocuments = discoveryDocuments
    }
}

/// The emulator of Google's APIs on the embedded IAM, every error in Google's JSON format:
/// - behind a bearer-token check: Resource Manager v3's IAM policy methods, Cloud Asset v1's
///   `analyzeIamPolicy`, IAM Credentials' `signJwt` and IAM's `serviceAccounts.keys.create`
///   (key files for the emulator's `token_uri`);
/// - open: the service accounts' public key sets, the metadata server's token and email and a
///   key file's `token_uri` (which issue the tokens the check accepts when the configuration
///   says so; `/token` verifies assertions against the keys it handed out), an IAP-style key
///   set that tests fill with their own ES256 keys, `/emulator/faults`, where tests make the
///   APIs fail on purpose, and (given discovery documents) `/emulator/journal/problems`.
///
/// `reasons` receives the `x-goog-request-reason` of every policy change; `journal` every
/// request to the three emulated APIs; `faults` are failures to answer those APIs with instead
/// (also injected with `POST /emulator/faults`); `serviceAccountKeys`
/// signs for service accounts; `accessTokens` records the tokens issued; `iapKeys` is the IAP
/// key set; `clock` is the time conditions are evaluated at when a query names none and what
/// signed `exp` claims are checked against; `onServerRunning` gets the port really listened on
/// (useful with port 0).
public func buildEmulator(
    iam: EmbeddedIAM,
    configuration: EmulatorConfiguration = EmulatorConfiguration(),
    reasons: RequestReasons = RequestReasons(),
    journal: RequestJournal = RequestJournal(),
    faults: EmulatedFaults = EmulatedFaults(),
    serviceAccountKeys: ServiceAccountKeys = ServiceAccountKeys(),
    accessTokens: AccessTokens = AccessTokens(),
    iapKeys: IAPKeySet = IAPKeySet(),
    clock: any WallClock = SystemWallClock(),
    logger: Logger = Logger(label: "jitaccess.emulator"),
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: GoogleErrorMiddleware())
    let bearer = BearerTokenMiddleware<BasicRequestContext>(issued: configuration.acceptsOnlyIssuedTokens ? accessTokens : nil)
    let api = router.group().add(middleware: RequestRecordingMiddleware(journal: journal)).add(middleware: bearer)
        .add(middleware: FaultMiddleware(faults: faults))
    ResourceManagerController(iam: iam, reasons: reasons).register(on: api)
    CloudAssetController(iam: iam, hierarchy: HierarchyCache(iam: iam), clock: clock).register(on: api)
    IAMCredentialsController(keys: serviceAccountKeys, clock: clock).register(api: api, public: router)
    MetadataController(tokens: accessTokens, serviceAccount: configuration.serviceAccount).register(on: router)
    ServiceAccountKeysController(keys: serviceAccountKeys).register(on: router.group().add(middleware: bearer))
    TokenEndpoint(tokens: accessTokens, keys: serviceAccountKeys, clock: clock).register(on: router)
    IAPKeySetController(keySet: iapKeys).register(on: router)
    FaultsController(faults: faults).register(on: router)
    if !configuration.discoveryDocuments.isEmpty {
        JournalController(journal: journal, documents: configuration.discoveryDocuments).register(on: router)
    }
    return Application(
        router: router,
        configuration: ApplicationConfiguration(address: .hostname(configuration.hostname, port: configuration.port), serverName: "ESF"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}

/// Turns what the router and Hummingbird throw (no route for the path or the method) into
/// Google's JSON error format, so that clients see one error shape.
struct GoogleErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as GoogleAPIError {
            throw error
        } catch let error as any HTTPResponseError {
            throw switch error.status {
            case .notFound, .methodNotAllowed:
                GoogleAPIError.notFound("The emulator serves no method at \(request.method) \(request.uri.path).")
            default:
                GoogleAPIError(status: error.status, canonicalCode: GoogleAPIError.canonicalCode(for: error.status), message: "\(error)")
            }
        }
    }
}

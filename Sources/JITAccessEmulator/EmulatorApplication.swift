import Hummingbird
import JITAccessCore
import JITAccessLocal
import Logging

/// The emulator of Google's APIs on the embedded IAM, every error in Google's JSON format:
/// - behind a bearer-token check: Resource Manager v3's IAM policy methods, Cloud Asset v1's
///   `analyzeIamPolicy`, IAM Credentials' `signJwt` and `generateAccessToken`, the Admin SDK
///   Directory API's group reads (for `configuration.customerId`, scopes checked) and IAM's
///   `serviceAccounts.keys.create` (key files for the emulator's `token_uri`);
/// - open: the service accounts' public key sets, the metadata server's token and email and a
///   key file's `token_uri` (which issue the tokens the check accepts when the configuration
///   says so; `/token` verifies assertions against the keys it handed out), an IAP-style key
///   set that tests fill with their own ES256 keys, `/emulator/faults`, where tests make the
///   APIs fail on purpose, `/emulator/quotas`, where they set quotas on Google's methods, and
///   (given discovery documents) `/emulator/journal/problems`.
///
/// `reasons` receives the `x-goog-request-reason` of every policy change; `journal` every
/// request to the three emulated APIs; `faults` are failures to answer those APIs with instead
/// (also injected with `POST /emulator/faults`); `quotas` limit calls per minute and per day
/// (also set with `POST /emulator/quotas`), counted in `clock`; `serviceAccountKeys`
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
    quotas: EmulatedQuotas = EmulatedQuotas(),
    serviceAccountKeys: ServiceAccountKeys = ServiceAccountKeys(),
    accessTokens: AccessTokens = AccessTokens(),
    iapKeys: IAPKeySet = IAPKeySet(),
    clock: any WallClock,
    logger: Logger = Logger(label: "jitaccess.emulator"),
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: GoogleErrorMiddleware())
    let bearer = BearerTokenMiddleware<BasicRequestContext>(issued: configuration.acceptsOnlyIssuedTokens ? accessTokens : nil)
    let api = router.group().add(middleware: RequestRecordingMiddleware(journal: journal)).add(middleware: bearer)
        .add(middleware: FaultMiddleware(faults: faults)).add(middleware: QuotaMiddleware(quotas: quotas, clock: clock))
    let hierarchy = HierarchyCache(iam: iam)
    ResourceManagerController(iam: iam, hierarchy: hierarchy, reasons: reasons).register(on: api)
    CloudAssetController(iam: iam, hierarchy: hierarchy, clock: clock).register(on: api)
    DirectoryController(iam: iam, tokens: accessTokens, customerId: configuration.customerId).register(on: api)
    IAMCredentialsController(keys: serviceAccountKeys, tokens: accessTokens, clock: clock).register(api: api, public: router)
    MetadataController(tokens: accessTokens, serviceAccount: configuration.serviceAccount).register(on: router)
    ServiceAccountKeysController(keys: serviceAccountKeys).register(on: router.group().add(middleware: bearer))
    TokenEndpoint(tokens: accessTokens, keys: serviceAccountKeys, clock: clock).register(on: router)
    IAPKeySetController(keySet: iapKeys).register(on: router)
    FaultsController(faults: faults, quotas: quotas).register(on: router)
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

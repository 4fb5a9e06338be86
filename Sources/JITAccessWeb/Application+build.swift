import Hummingbird
import JITAccessCore
import Logging

/// Builds the jitaccess web application: pages, JSON API and health checks.
///
/// `onListening` is called with the real port once the server accepts connections (useful
/// with port 0).
public func buildApplication(
    _ configuration: WebConfiguration,
    backend: WebBackend,
    logger: Logger = Logger(label: "jitaccess"),
    onListening: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let router = try buildRouter(configuration, backend: backend)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.hostname, port: configuration.port), serverName: nil),
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            backend.audit.record(AuditEvent(
                name: "runtime.startup", severity: .info,
                message: "jitaccess \(configuration.applicationVersion) started\(configuration.identity.isDemo ? " in demo mode" : "")",
                labels: [:]
            ))
            await onListening(port)
        },
        logger: logger
    )
}
/// The router with every middleware and route; ``buildApplication(_:backend:logger:onListening:)``
/// serves it.
func buildRouter(_ configuration: WebConfiguration, backend: WebBackend) throws -> Router<JITAccessRequestContext> {
    let isDemo = configuration.identity.isDemo
    let outbox = isDemo ? backend.outbox : nil
    let pages = try PageRenderer(isDemo: isDemo, applicationVersion: configuration.applicationVersion, showsOutbox: outbox != nil)
    let tokens = FormTokens(key: configuration.signingKey)
    let sessions = isDemo ? DemoSessions(key: configuration.signingKey) : nil
    let identity: any IdentityProvider = switch configuration.identity {
    case .demo: DemoIdentityProvider(sessions: DemoSessions(key: configuration.signingKey))
    case .verified(let provider): provider
    }
    // Listings may come from a cache; every decision reads live (docs/catalogs.md).
    let catalog = EntitlementCatalog(analyzer: backend.analyzer, clock: backend.clock)
    let listings = backend.listings.map { EntitlementCatalog(analyzer: $0, clock: backend.clock) } ?? catalog
    let links = ActivationLinks(baseURL: configuration.baseURL)
    let audit = RequestLabelledAuditLog(base: backend.audit)
    let limiter = RateLimiter(limits: configuration.rateLimits, clock: backend.clock)
    let retry = Backoff.policyWrite(jitter: backend.jitter)
    let access = AuditedAccess(
        catalog: listings,
        activation: SelfActivation(catalog: catalog, store: backend.store, rules: configuration.rules, audit: audit, retry: retry, limiter: limiter),
        peerApproval: PeerApproval(
            catalog: catalog, listings: listings, store: backend.store, rules: configuration.rules, signer: backend.signer, verifier: backend.verifier,
            notifier: backend.notifier, links: links, audit: audit, retry: retry, limiter: limiter
        ),
        audit: audit
    )

    let router = Router(context: JITAccessRequestContext.self)
    // Outermost first: every response gets the security headers, every error is mapped once,
    // and the API header check runs before identity or any route.
    router.add(middleware: SecurityHeadersMiddleware())
    if let project = configuration.traceProject {
        router.add(middleware: RequestTraceMiddleware(project: project))
    }
    router.add(middleware: ErrorMiddleware(pages: pages))
    router.add(middleware: APIRequestGuard())
    router.add(middleware: CrossSiteRequestMiddleware())
    router.add(middleware: IdentityMiddleware(provider: identity))

    router.addRoutes(StaticAssetsController().routes)
    router.addRoutes(HealthController(isDemo: isDemo, checks: backend.readiness, listings: backend.listings).routes, atPath: "/health")
    router.addRoutes(APIController(access: access, applicationVersion: configuration.applicationVersion).routes, atPath: "/api")
    router.addRoutes(PeerApprovalAPIController(access: access).routes, atPath: "/api")
    router.addRoutes(OpenAPIController().routes)
    router.addRoutes(SignInController(pages: pages, tokens: tokens, sessions: sessions, signedOutPath: isDemo ? "/signin" : identity.signOutPath).routes)
    let requests = PeerApprovalPagesController(access: access, pages: pages, tokens: tokens)
    router.addRoutes(PagesController(access: access, pages: pages, tokens: tokens, requests: requests).routes)
    router.addRoutes(requests.routes)
    if let keys = backend.publicKeys {
        router.addRoutes(PublicKeysController(keys: keys).routes)
    }
    if let outbox {
        router.addRoutes(OutboxController(outbox: outbox, pages: pages, tokens: tokens, ownOrigin: OutboxController.origin(of: configuration.baseURL)).routes)
    }
    // Last, so that it runs only where no route matched.
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
    return router
}

import Hummingbird
import JITAccessCore
import JITAccessMail
import JITAccessTokens
import Logging

/// How the web application is set up.
public struct WebConfiguration: Sendable {
    /// The address to listen on.
    public var hostname: String
    /// The port to listen on; 0 picks a free one.
    public var port: Int
    /// Where identity comes from; demo identity exists only in ``IdentityMode/demo``.
    public var identity: IdentityMode
    /// The rules every activation request must pass.
    public var rules: ActivationRules
    /// Signs CSRF tokens and demo sessions; share it between processes that serve the same users.
    public var signingKey: SigningKey
    /// Reported by `GET /api/policy` and shown in the page footer.
    public var applicationVersion: String
    /// The address people reach the service at, such as `https://jit.example.com`: the links in
    /// e-mails point there. Defaults to `http://HOSTNAME:PORT`.
    public var baseURL: String
    /// The Google Cloud project whose Cloud Trace the audit lines refer to (from the request's
    /// `X-Cloud-Trace-Context`); `nil` writes no trace.
    public var traceProject: String?
    /// How often one user may self-activate, request and approve, and one person be mailed;
    /// held per process.
    public var rateLimits: RateLimits

    public init(
        hostname: String = "127.0.0.1", port: Int = 8080, identity: IdentityMode, rules: ActivationRules,
        signingKey: SigningKey, applicationVersion: String = "0.1.0", baseURL: String? = nil, traceProject: String? = nil,
        rateLimits: RateLimits = .defaults
    ) {
        self.traceProject = traceProject
        self.rateLimits = rateLimits
        self.hostname = hostname
        self.port = port
        self.identity = identity
        self.rules = rules
        self.signingKey = signingKey
        self.applicationVersion = applicationVersion
        self.baseURL = baseURL ?? "http://\(hostname.contains(":") ? "[\(hostname)]" : hostname):\(port)"
    }
}

/// What the web application talks to: IAM, activation tokens, mail, the clock, the audit
/// trail, and readiness checks.
public struct WebBackend: Sendable {
    /// Answers who may activate what; read live for every decision.
    public var analyzer: any PolicyAnalyzer
    /// Reads and writes the policies that activations change.
    public var store: any PolicyStore
    /// Decides when activations start and whether they are still active.
    public var clock: any WallClock
    /// Where audit events go; Cloud Logging lines on stdout by default.
    public var audit: any AuditLog
    /// What `GET /health/ready` checks besides reporting the mode.
    public var readiness: [ReadinessCheck]
    /// Signs the activation tokens of peer-approval requests.
    public var signer: any TokenSigner
    /// Verifies activation tokens before anybody sees or approves a request.
    public var verifier: any TokenVerifier
    /// Tells reviewers about requests and requesters about approvals.
    public var notifier: any Notifier
    /// The public keys that verify activation tokens, served at `/.well-known/jwks.json`; `nil`
    /// when tokens are not signed with local keys.
    public var publicKeys: JWKSet?
    /// The demo outbox, shown at `/demo/outbox` in demo mode when mail is kept rather than sent.
    public var outbox: Outbox?

    public init(
        analyzer: any PolicyAnalyzer, store: any PolicyStore, signer: any TokenSigner, verifier: any TokenVerifier,
        notifier: any Notifier, publicKeys: JWKSet? = nil, outbox: Outbox? = nil, clock: any WallClock = SystemWallClock(),
        audit: any AuditLog = CloudLoggingAuditLog(), readiness: [ReadinessCheck] = []
    ) {
        self.analyzer = analyzer
        self.store = store
        self.signer = signer
        self.verifier = verifier
        self.notifier = notifier
        self.publicKeys = publicKeys
        self.outbox = outbox
        self.clock = clock
        self.audit = audit
        self.readiness = readiness
    }
}

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
                labels: ["event": "runtime.startup"]
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
    let catalog = EntitlementCatalog(analyzer: backend.analyzer, clock: backend.clock)
    let links = ActivationLinks(baseURL: configuration.baseURL)
    let audit = RequestLabelledAuditLog(base: backend.audit)
    let limiter = RateLimiter(limits: configuration.rateLimits, clock: backend.clock)
    let access = AuditedAccess(
        catalog: catalog,
        activation: SelfActivation(catalog: catalog, store: backend.store, rules: configuration.rules, audit: audit, limiter: limiter),
        peerApproval: PeerApproval(
            catalog: catalog, store: backend.store, rules: configuration.rules, signer: backend.signer, verifier: backend.verifier,
            notifier: backend.notifier, links: links, audit: audit, limiter: limiter
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

    StaticAssetsController().addRoutes(to: router)
    router.addRoutes(HealthController(isDemo: isDemo, checks: backend.readiness).routes, atPath: "/health")
    router.addRoutes(APIController(access: access, applicationVersion: configuration.applicationVersion).routes, atPath: "/api")
    router.addRoutes(PeerApprovalAPIController(access: access).routes, atPath: "/api")
    OpenAPIController().addRoutes(to: router)
    SignInController(pages: pages, tokens: tokens, sessions: sessions, signedOutPath: isDemo ? "/signin" : identity.signOutPath)
        .addRoutes(to: router)
    let requests = PeerApprovalPagesController(access: access, pages: pages, tokens: tokens)
    router.addRoutes(PagesController(access: access, pages: pages, tokens: tokens, requests: requests).routes)
    router.addRoutes(requests.routes)
    if let keys = backend.publicKeys {
        PublicKeysController(keys: keys).addRoutes(to: router)
    }
    if let outbox {
        router.addRoutes(OutboxController(outbox: outbox, pages: pages, tokens: tokens, ownOrigin: OutboxController.origin(of: configuration.baseURL)).routes)
    }
    // Last, so that it runs only where no route matched.
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
    return router
}

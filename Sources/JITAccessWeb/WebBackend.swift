import Hummingbird
import JITAccessCore
import Logging

/// What the web application talks to: IAM, activation tokens, mail, the clock, the audit
/// trail, and readiness checks.
public struct WebBackend: Sendable {
    /// Answers who may activate what; read live for every decision.
    public var analyzer: any PolicyAnalyzer
    /// Answers the listings (projects, roles, peers) from a cache in front of a quota-bound
    /// source; `nil` lists from ``analyzer``.
    public var listings: CachedListings?
    /// Reads and writes the policies that activations change.
    public var store: any PolicyStore
    /// Decides when activations start and whether they are still active, and times the waits
    /// between retries: the process's one clock.
    public var clock: any WallClock
    /// Spreads the retries of writes that lost the etag race.
    public var jitter: any Jitter
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
    public var publicKeys: (any TokenPublicKeys)?
    /// The demo outbox, shown at `/demo/outbox` in demo mode when mail is kept rather than sent.
    public var outbox: (any OutboxReader)?

    public init(
        analyzer: any PolicyAnalyzer, store: any PolicyStore, signer: any TokenSigner, verifier: any TokenVerifier,
        notifier: any Notifier, publicKeys: (any TokenPublicKeys)? = nil, outbox: (any OutboxReader)? = nil, clock: any WallClock,
        jitter: any Jitter, audit: any AuditLog = CloudLoggingAuditLog(), readiness: [ReadinessCheck] = [], listings: CachedListings? = nil
    ) {
        self.analyzer = analyzer
        self.listings = listings
        self.store = store
        self.signer = signer
        self.verifier = verifier
        self.notifier = notifier
        self.publicKeys = publicKeys
        self.outbox = outbox
        self.clock = clock
        self.jitter = jitter
        self.audit = audit
        self.readiness = readiness
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JITAccessCore
import JITAccessLocal
import JITAccessMail
import JITAccessRuntime
import JITAccessTestSupport
import NIOCore
import Synchronization
@testable import JITAccessWeb

enum TestApp {
    static let alice = "alice@example.com"
    static let dave = "dave@example.com"

    static let baseURL = "http://jit.test"

    /// The application on `cloud`, with default rules unless given.
    static func make(
        cloud: TemporaryCloud,
        identity: IdentityMode = .demo,
        rules: ActivationRules? = nil,
        analyzer: (any PolicyAnalyzer)? = nil,
        audit: AuditRecorder = AuditRecorder(),
        readiness: [ReadinessCheck] = [],
        signingKey: SigningKey = .random(),
        tokens: TestTokens? = nil,
        notifier: any Notifier = RecordingNotifier(),
        outbox: Outbox? = nil,
        traceProject: String? = nil,
        rateLimits: RateLimits = .defaults,
        listingCache: ListingCacheSettings? = nil
    ) throws -> some ApplicationProtocol {
        let configuration = WebConfiguration(
            hostname: "127.0.0.1", port: 0, identity: identity, rules: try rules ?? ActivationRules(), signingKey: signingKey,
            baseURL: baseURL, traceProject: traceProject, rateLimits: rateLimits
        )
        let tokens = try tokens ?? TestTokens()
        let clock = SystemWallClock()
        // With a listing cache, wired as `serve` wires it: writes recorded, listings cached.
        let store = listingCache.map { OwnWriteRecorder(base: cloud.iam, settings: $0, clock: clock) }
        let listings = listingCache.flatMap { settings in
            store.map { CachedListings(source: analyzer ?? cloud.iam, settings: settings, recorder: $0, clock: clock) }
        }
        let backend = WebBackend(
            analyzer: analyzer ?? cloud.iam, store: store ?? cloud.iam, signer: tokens, verifier: tokens, notifier: notifier,
            publicKeys: tokens.keySet, outbox: outbox, clock: clock, jitter: SeededJitter(), audit: audit.log, readiness: readiness,
            listings: listings
        )
        return try buildApplication(configuration, backend: backend)
    }

    /// Headers of a JSON API call by `principal`.
    static func apiHeaders(_ principal: String? = alice, json: Bool = false) -> HTTPFields {
        var headers: HTTPFields = [.jitaccess: "1"]
        if let principal { headers[.debugPrincipal] = principal }
        if json { headers[.contentType] = "application/json" }
        return headers
    }

    /// The body of a self-activation request.
    static func activationBody(_ ids: [String], justification: String = "Ticket 17", minutes: Int = 30) -> ByteBuffer {
        let object: [String: Any] = ["entitlementIds": ids, "justification": justification, "activationTimeout": minutes]
        return ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }

    /// A form-urlencoded body.
    static func form(_ fields: [(String, String)]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let text = fields.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
        return ByteBuffer(string: text)
    }

    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
}

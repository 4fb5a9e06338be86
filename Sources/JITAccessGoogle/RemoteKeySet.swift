import AsyncHTTPClient
import JITAccessCore
import JITAccessTokens
import Logging
import NIOCore
import NIOHTTP1

/// A JSON Web Key Set published at a URL by somebody else (Identity-Aware Proxy, a service
/// account), fetched when first needed and cached.
///
/// The publisher rotates its keys, and a token may name a new key before the cache expires, so
/// an unknown `kid` fetches the set again, at most once per `refreshInterval` so that tokens with
/// made-up key ids cannot make this service hammer the publisher. Concurrent lookups share one fetch.
public actor RemoteKeySet: VerificationKeySource {
    /// A key set is a few kilobytes; anything much larger is not one.
    private static let maximumDocumentSize = 1024 * 1024

    /// Where the set is published.
    public nonisolated let url: String
    /// What the keys are, for messages: "the IAP public keys".
    public nonisolated let description: String
    private let client: HTTPClient
    private let timeout: TimeAmount
    private let refreshInterval: Duration
    private let lifetime: Duration
    private let logger: Logger

    private var cached: (keys: JWKSet, fetchedAt: ContinuousClock.Instant)?
    private var lastAttempt: ContinuousClock.Instant?
    private var fetching: Task<JWKSet, any Error>?
    private var lastFailure: JITAccessError?

    /// The set at `url` (`description` says whose keys they are in messages), fetched with `client`
    /// within `timeout`. It is fetched again when a token names an unknown key (but not more often
    /// than every `refreshInterval`, so forged `kid`s cannot make it hammer the publisher, yet a
    /// rotation is seen within seconds) and whenever the cached copy is older than `lifetime`.
    public init(
        url: String, description: String = "the IAP public keys", client: HTTPClient = .shared, timeout: TimeAmount = .seconds(10),
        refreshInterval: Duration = .seconds(5), lifetime: Duration = .seconds(3600),
        logger: Logger = Logger(label: "jitaccess.keys")
    ) {
        self.url = url
        self.description = description
        self.client = client
        self.timeout = timeout
        self.refreshInterval = refreshInterval
        self.lifetime = lifetime
        self.logger = logger
    }

    /// The cached keys, fetched first when there are none yet. Once they are older than the
    /// lifetime they are fetched again, but a failure then keeps the old keys (and is logged): a
    /// publisher that is briefly unreachable should not sign everybody out.
    /// Throws ``JITAccessError/backend(_:)`` when there are no keys and the set cannot be fetched.
    public func verificationKeys() async throws -> JWKSet {
        guard let cached else {
            // Without keys every request needs them; a fetch that just failed is not repeated
            // for each of them, but reported until the refresh interval has passed.
            if attemptedRecently, fetching == nil, let lastFailure { throw lastFailure }
            return try await refresh()
        }
        guard cached.fetchedAt.duration(to: .now) >= lifetime, !attemptedRecently else {
            return cached.keys
        }
        return (try? await refresh()) ?? cached.keys
    }

    /// The key named `id`; when it is unknown, the set is fetched again unless that was tried
    /// within the refresh interval. Throws ``JITAccessError/backend(_:)`` when that fetch fails.
    public func verificationKey(id: String?) async throws -> JSONWebKey? {
        let keys = try await verificationKeys()
        if let key = keys.key(id: id) { return key }
        guard !attemptedRecently else { return nil }
        return try await refresh().key(id: id)
    }

    /// Whether a fetch started within the refresh interval.
    private var attemptedRecently: Bool {
        lastAttempt.map { $0.duration(to: .now) < refreshInterval } ?? false
    }

    /// Fetches the set, or waits for the fetch already under way.
    private func refresh() async throws -> JWKSet {
        if let fetching {
            return try await fetching.value
        }
        let task = Task { [url, description, client, timeout] in
            try await Self.fetch(url: url, description: description, client: client, timeout: timeout)
        }
        fetching = task
        lastAttempt = .now
        defer { fetching = nil }
        do {
            let keys = try await task.value
            cached = (keys, .now)
            lastFailure = nil
            logger.info("Fetched \(description)", metadata: ["url": "\(url)", "keys": "\(keys.keys.map(\.id))"])
            return keys
        } catch {
            logger.error("Cannot fetch \(description)", metadata: ["url": "\(url)", "error": "\(error)"])
            lastFailure = error as? JITAccessError ?? .backend("could not fetch \(description) from \(url): \(error)")
            throw error
        }
    }

    private static func fetch(url: String, description: String, client: HTTPClient, timeout: TimeAmount) async throws(JITAccessError) -> JWKSet {
        func failure(_ reason: String) -> JITAccessError {
            .backend("could not fetch \(description) from \(url): \(reason)")
        }
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        let body: ByteBuffer
        do {
            let response = try await client.execute(request, timeout: timeout)
            guard response.status == .ok else {
                throw failure("HTTP \(response.status.code) \(response.status.reasonPhrase)")
            }
            body = try await response.body.collect(upTo: maximumDocumentSize)
        } catch let error as JITAccessError {
            throw error
        } catch {
            throw failure("\(error)")
        }
        do {
            return try JWKSet(jwksJSON: Array(buffer: body))
        } catch {
            throw failure(error.message)
        }
    }
}

import Foundation
import Hummingbird
import JITAccessTokens
import Synchronization

/// The key set Identity-Aware Proxy publishes at `https://www.gstatic.com/iap/verify/public_key-jwk`,
/// served at `/iap/verify/public_key-jwk` with the ES256 keys tests choose: the emulator signs no
/// IAP assertions, so a test signs its own with a P-256 key and publishes the public half here
/// (`POST /emulator/iap-keys` with a JWKS body). Posting a new set rotates the keys.
public final class IAPKeySet: Sendable {
    private let keys = Mutex(JWKSet(keys: []))

    /// An empty key set: no assertion verifies until keys are set.
    public init() {}

    /// Publishes `keySet` instead of the current keys; only ES256 keys, as IAP signs with ES256.
    public func replace(with keySet: JWKSet) throws(GoogleAPIError) {
        if let other = keySet.keys.first(where: { $0.algorithm != .es256 }) {
            throw .invalidArgument("The key '\(other.id)' is \(other.algorithm.rawValue); IAP signs with ES256, so publish P-256 keys only.")
        }
        keys.withLock { $0 = keySet }
    }

    /// The published keys.
    public var current: JWKSet { keys.withLock { $0 } }
}

/// The routes of ``IAPKeySet``: the public key set and the test-only way to set it.
struct IAPKeySetController<Context: RequestContext> {
    static var maxBodySize: Int { 64 * 1024 }

    let keySet: IAPKeySet

    func register(on router: some RouterMethods<Context>) {
        router.get("/iap/verify/public_key-jwk") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: keySet.current.jwksJSON())))
        }
        router.post("/emulator/iap-keys") { request, _ in
            let body = try await request.body.collect(upTo: Self.maxBodySize)
            try keySet.replace(with: Self.parse(Array(body.readableBytesView)))
            return Response(status: .noContent)
        }
    }

    private static func parse(_ bytes: [UInt8]) throws(GoogleAPIError) -> JWKSet {
        do {
            return try JWKSet(jwksJSON: bytes)
        } catch {
            throw .invalidArgument("\(error.message) Send {\"keys\": [{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":...,\"x\":...,\"y\":...}]}.")
        }
    }
}

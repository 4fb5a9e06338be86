import Foundation
import Hummingbird
import JITAccessTokens
import Synchronization

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

import Hummingbird
import JITAccessTokens

/// `GET /.well-known/jwks.json`: the public keys that verify activation tokens, so anyone (and
/// every replica sharing the key folder) can check a token with a standard JWT library.
struct PublicKeysController {
    let keys: JWKSet

    func addRoutes(to router: Router<JITAccessRequestContext>) {
        let document = ByteBuffer(bytes: keys.jwksJSON())
        router.get("/.well-known/jwks.json") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json", .cacheControl: "public, max-age=300"],
                body: .init(byteBuffer: document)
            )
        }
    }
}

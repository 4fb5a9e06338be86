import Hummingbird
import JITAccessCore

/// `GET /.well-known/jwks.json`: the public keys that verify activation tokens, so anyone (and
/// every replica sharing the key folder) can check a token with a standard JWT library.
struct PublicKeysController {
    typealias Context = JITAccessRequestContext

    let keys: any TokenPublicKeys

    var routes: RouteCollection<Context> {
        let document = ByteBuffer(bytes: keys.keySetDocument())
        let routes = RouteCollection(context: Context.self)
        routes.get("/.well-known/jwks.json") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json", .cacheControl: "public, max-age=300"],
                body: .init(byteBuffer: document)
            )
        }
        return routes
    }
}

import Hummingbird

/// `GET /api/openapi.json`: the OpenAPI 3.1 document of the JSON API.
///
/// The document is `Sources/JITAccessWeb/openapi.json`, compiled into the binary, so that what
/// is served is exactly what the repository holds and a test can hold it against the routes.
/// It is public: ``APIRequestGuard`` asks no `X-JITACCESS` for it and no sign-in is needed,
/// since it is the same for everybody, tells nothing the repository does not, and changes nothing.
struct OpenAPIController {
    static let path = "/api/openapi.json"

    /// The document as the repository holds it.
    static var document: [UInt8] { PackageResources.openapi_json }

    var routes: RouteCollection<JITAccessRequestContext> {
        let document = ByteBuffer(bytes: Self.document)
        let routes = RouteCollection(context: JITAccessRequestContext.self)
        routes.get(RouterPath(Self.path)) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: document))
        }
        return routes
    }
}

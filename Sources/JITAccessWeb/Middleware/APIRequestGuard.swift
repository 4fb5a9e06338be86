import HTTPTypes
import Hummingbird
import JITAccessCore

/// Guards the JSON API before anything else runs: every `/api` call needs `X-JITACCESS: 1`
/// (a cross-site form cannot send it, and a cross-origin script needs a CORS preflight that this
/// server never grants), and a POST with a body needs a JSON body (approving a request has none).
/// The one exception is reading the public API document (``OpenAPIController``).
struct APIRequestGuard: RouterMiddleware {
    typealias Context = JITAccessRequestContext

    static let header = HTTPField.Name("X-JITACCESS")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path == "/api" || path.hasPrefix("/api/") else { return try await next(request, context) }
        if path == OpenAPIController.path { return try await next(request, context) }
        guard request.headers[Self.header] == "1" else {
            throw JITAccessError.invalidArgument("Every API call needs the header X-JITACCESS: 1.")
        }
        let hasBody = request.headers[.contentLength].map { $0 != "0" } ?? (request.headers[.transferEncoding] != nil)
        if request.method == .post, hasBody {
            let mediaType = request.headers[.contentType].map { $0.prefix { $0 != ";" }.trimmed().lowercased() }
            guard mediaType == "application/json" else {
                throw JITAccessError.invalidArgument("Send the request body as JSON with Content-Type: application/json.")
            }
        }
        try RequestBodyReader.checkAnnouncedLength(of: request)
        return try await next(request, context)
    }
}

import HTTPTypes
import Hummingbird
import JITAccessCore

/// Refuses state-changing requests that a browser marks as cross-site: an `Origin` other than
/// the server's own, or `Sec-Fetch-Site: cross-site`. Forms also carry a ``FormTokens`` token;
/// this is the second, token-independent line of defence.
struct CrossSiteRequestMiddleware: RouterMiddleware {
    typealias Context = JITAccessRequestContext

    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if ![.get, .head, .options].contains(request.method) {
            if request.headers[Self.secFetchSite]?.lowercased() == "cross-site" {
                throw JITAccessError.accessDenied("Cross-site requests are not accepted.")
            }
            // `Origin: null` is what browsers send for this server's own forms under
            // `Referrer-Policy: no-referrer`, so it proves nothing either way: the form token decides.
            if let origin = request.headers[.origin], origin != "null", !Self.isSameOrigin(origin, host: request.head.authority) {
                throw JITAccessError.accessDenied("Requests from another origin (\(origin)) are not accepted.")
            }
        }
        return try await next(request, context)
    }

    /// Whether `origin` (`scheme://host[:port]`) names the host the request was sent to.
    static func isSameOrigin(_ origin: String, host: String?) -> Bool {
        guard let host, !host.isEmpty else { return false }
        let scheme: String
        let authority: Substring
        if origin.lowercased().hasPrefix("http://") {
            (scheme, authority) = ("http", origin.dropFirst(7))
        } else if origin.lowercased().hasPrefix("https://") {
            (scheme, authority) = ("https", origin.dropFirst(8))
        } else {
            return false
        }
        return withoutDefaultPort(authority, scheme: scheme) == withoutDefaultPort(Substring(host), scheme: scheme)
    }

    private static func withoutDefaultPort(_ authority: Substring, scheme: String) -> String {
        let lowered = authority.lowercased()
        let defaultPort = scheme == "https" ? ":443" : ":80"
        return lowered.hasSuffix(defaultPort) ? String(lowered.dropLast(defaultPort.count)) : lowered
    }
}

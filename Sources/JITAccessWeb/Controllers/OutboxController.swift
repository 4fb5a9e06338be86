import Hummingbird
import JITAccessCore

/// The demo outbox (`/demo/outbox`): the e-mail jitaccess would have sent, so the whole flow can
/// be tried in one browser. Only in demo mode, where anybody may act as anybody anyway, so the
/// pages need no sign-in.
struct OutboxController {
    typealias Context = JITAccessRequestContext

    let outbox: any OutboxReader
    let pages: PageRenderer
    let tokens: FormTokens
    /// Links to this origin are made clickable; any other link is shown as text.
    let ownOrigin: String?

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("/demo/outbox", use: list)
        routes.get("/demo/outbox/:id", use: message)
        return routes
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> HTMLPage {
        pages.outbox(try outbox.messages(), user: signedIn(context))
    }

    @Sendable func message(_ request: Request, context: Context) async throws -> HTMLPage {
        let id = context.parameters.get("id") ?? ""
        guard let message = try outbox.message(id: id) else {
            throw JITAccessError.notFound("There is no message '\(id)' in the outbox; it may have been deleted from the data folder.")
        }
        return pages.outboxMessage(message, ownOrigin: ownOrigin, user: signedIn(context))
    }

    /// Whoever is signed in, for the header; the outbox itself is for everybody.
    private func signedIn(_ context: Context) -> PageRenderer.SignedIn? {
        context.user.map { PageRenderer.SignedIn(email: $0.email, csrf: tokens.token(for: $0)) }
    }

    /// The origin (`scheme://host[:port]`, lower-cased) of an `http` or `https` URL, `nil` for
    /// anything else, including URLs with user information (`http://own.example@evil.example`).
    static func origin(of url: String) -> String? {
        let lowered = url.lowercased()
        let scheme: String
        if lowered.hasPrefix("http://") {
            scheme = "http"
        } else if lowered.hasPrefix("https://") {
            scheme = "https"
        } else {
            return nil
        }
        let authority = lowered.dropFirst(scheme.count + 3).prefix { !"/?#".contains($0) }
        guard !authority.isEmpty, !authority.contains("@"), !authority.contains("\\"), !authority.contains(where: \.isWhitespace) else { return nil }
        let defaultPort = scheme == "https" ? ":443" : ":80"
        let host = authority.hasSuffix(defaultPort) ? authority.dropLast(defaultPort.count) : authority
        return "\(scheme)://\(host)"
    }
}

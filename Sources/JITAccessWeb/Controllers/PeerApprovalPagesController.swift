import Hummingbird
import JITAccessCore

/// The peer-approval pages: the request form (`/projects/{p}/request`), and the page behind the
/// e-mailed link (`/?activation=TOKEN`) where reviewers approve and the requester follows the
/// request. They work without JavaScript.
struct PeerApprovalPagesController {
    typealias Context = JITAccessRequestContext

    let access: AuditedAccess
    let pages: PageRenderer
    let tokens: FormTokens

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.add(middleware: RequireSignInMiddleware(signInPage: pages.isDemo ? "/signin" : nil))
        routes.get("/projects/:project/request", use: requestForm)
        routes.post("/projects/:project/request", use: request)
        routes.post("/activation-request/approve", use: approve)
        return routes
    }

    private var now: Timestamp { access.catalog.clock.now }

    @Sendable func requestForm(_ request: Request, context: Context) async throws -> HTMLPage {
        let user = try context.requireUser()
        let project = try RequestInput.project(context)
        let entitlement = try RequestInput.entitlement(request.uri.queryParameters["entitlement"].map(String.init), on: project)
        let peers = try await access.peers(of: user, for: entitlement)
        let form = PageRenderer.RequestForm(minutes: String(access.rules.defaultActivationMinutes))
        return pages.requestForm(entitlement, peers: peers, form: form, rules: access.rules, user: signedIn(user))
    }

    /// Signs and e-mails the request; on a refusal, shows the form again, as filled in, with the
    /// error and its status.
    @Sendable func request(_ request: Request, context: Context) async throws -> HTMLPage {
        let user = try context.requireUser()
        let project = try RequestInput.project(context)
        let body = try await FormBody.read(from: request, context: context)
        try tokens.check(body["csrf"], for: user)
        let entitlement = try RequestInput.entitlement(body["entitlement"], on: project)
        let reviewers = body.all("reviewer")
        let justification = body["justification"] ?? ""
        do {
            let submitted = try await access.request(PeerApprovalRequest(
                user: user, project: project, entitlement: entitlement, reviewers: RequestInput.reviewers(reviewers),
                justification: justification, minutes: RequestInput.minutes(body["minutes"])
            ))
            let statusLink = access.peerApproval.links.statusLink(for: submitted.token)
            return pages.requestResult(submitted, statusLink: statusLink, now: now, user: signedIn(user))
        } catch let error as JITAccessError {
            let failure = HTTPFailure(error, logger: context.logger)
            let peers = try await access.peers(of: user, for: entitlement)
            let form = PageRenderer.RequestForm(reviewers: Set(reviewers), justification: justification, minutes: body["minutes"] ?? "")
            return pages.requestForm(entitlement, peers: peers, form: form, rules: access.rules, user: signedIn(user), error: failure.message)
                .failing(with: failure)
        }
    }

    /// `GET /?activation=TOKEN`: the request, its state, and for a reviewer the approve button.
    @Sendable func activationRequest(_ request: Request, context: Context) async throws -> HTMLPage {
        let user = try context.requireUser()
        let token = try RequestInput.activationToken(request.uri.queryParameters["activation"].map(String.init))
        return try await page(access.view(token, by: user), token: token, outcome: .viewed, user: user)
    }

    /// Approves, then shows the request again: approved, or with the reason it was refused when
    /// the viewer may still see it.
    @Sendable func approve(_ request: Request, context: Context) async throws -> HTMLPage {
        let user = try context.requireUser()
        let body = try await FormBody.read(from: request, context: context)
        try tokens.check(body["csrf"], for: user)
        let token = try RequestInput.activationToken(body["activation"])
        do {
            let view = try await access.approve(token, by: user)
            return try await page(view, token: token, outcome: view.approvedNow ? .approved : .alreadyApproved, user: user)
        } catch let refusal as JITAccessError {
            guard let view = try? await access.view(token, by: user) else { throw refusal }
            return try await page(view, token: token, outcome: .refused(refusal.message), user: user)
                .failing(with: HTTPFailure(refusal, logger: context.logger))
        }
    }

    private func page(_ view: RequestView, token: String, outcome: PageRenderer.Outcome, user: UserId) async throws -> HTMLPage {
        let condition = await access.resourceCondition(of: view.request)
        return pages.activationRequest(view, condition: condition, token: token, outcome: outcome, now: now, user: signedIn(user))
    }

    private func signedIn(_ user: UserId) -> PageRenderer.SignedIn {
        PageRenderer.SignedIn(email: user.email, csrf: tokens.token(for: user))
    }
}

import Hummingbird
import JITAccessCore

/// The pages of a signed-in user: the project list, a project's roles with the activation form,
/// and the result of an activation. They work without JavaScript.
struct PagesController {
    typealias Context = JITAccessRequestContext

    let access: AuditedAccess
    let pages: PageRenderer
    let tokens: FormTokens
    /// Shows `/?activation=TOKEN`, the address e-mailed to reviewers.
    let requests: PeerApprovalPagesController

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.add(middleware: RequireSignInMiddleware(signInPage: pages.isDemo ? "/signin" : nil))
        routes.get("/", use: projectList)
        routes.get("/projects/:project", use: project)
        routes.post("/projects/:project/activate", use: activate)
        return routes
    }

    /// The project list, or the activation request when the address carries one.
    @Sendable func projectList(_ request: Request, context: Context) async throws -> HTMLPage {
        if request.uri.queryParameters["activation"] != nil {
            return try await requests.activationRequest(request, context: context)
        }
        let user = try context.requireUser()
        return try await pages.projects(access.projects(of: user), user: signedIn(user))
    }

    @Sendable func project(_ request: Request, context: Context) async throws -> HTMLPage {
        let user = try context.requireUser()
        let project = try RequestInput.project(context)
        let listing = try await access.entitlements(of: user, on: project)
        let form = PageRenderer.ActivationForm(minutes: String(access.rules.defaultActivationMinutes))
        return pages.project(project, listing: listing, form: form, rules: access.rules, user: signedIn(user))
    }

    /// Activates the selected roles; on a failure, shows the form again, as filled in, with the
    /// error and its status.
    @Sendable func activate(_ request: Request, context: Context) async throws -> HTMLPage {
        let user = try context.requireUser()
        let project = try RequestInput.project(context)
        let body = try await FormBody.read(from: request, context: context)
        try tokens.check(body["csrf"], for: user)
        let selected = body.all("entitlement")
        let justification = body["justification"] ?? ""
        do {
            let activation = try await access.selfActivate(SelfActivationRequest(
                user: user, project: project, entitlements: RequestInput.entitlements(selected),
                justification: justification, minutes: RequestInput.minutes(body["minutes"])
            ))
            return pages.result(activation, project: project, user: signedIn(user))
        } catch let error as JITAccessError {
            let failure = HTTPFailure(error, logger: context.logger)
            let listing = try await access.entitlements(of: user, on: project)
            let form = PageRenderer.ActivationForm(selected: Set(selected), justification: justification, minutes: body["minutes"] ?? "")
            return pages.project(project, listing: listing, form: form, rules: access.rules, user: signedIn(user), error: failure.message)
                .failing(with: failure)
        }
    }

    private func signedIn(_ user: UserId) -> PageRenderer.SignedIn {
        PageRenderer.SignedIn(email: user.email, csrf: tokens.token(for: user))
    }
}

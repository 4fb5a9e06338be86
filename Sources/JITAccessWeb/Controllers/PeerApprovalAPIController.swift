import Hummingbird
import JITAccessCore

/// Peer approval in the JSON API of JIT Access 1.8.1: peers, requests, and the activation
/// request behind a token (to see and to approve).
///
/// ``APIRequestGuard`` has already checked `X-JITACCESS` and the content type by the time a
/// route here runs.
struct PeerApprovalAPIController {
    typealias Context = JITAccessRequestContext

    let access: AuditedAccess

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.add(middleware: RequireSignInMiddleware(signInPage: nil))
        routes.get("projects/:project/peers", use: peers)
        routes.post("projects/:project/roles/request", use: request)
        routes.get("activation-request", use: activationRequest)
        routes.post("activation-request", use: approve)
        return routes
    }

    @Sendable func peers(_ request: Request, context: Context) async throws -> JSONResponse {
        let user = try context.requireUser()
        let entitlement = try RequestInput.entitlement(request.uri.queryParameters["id"].map(String.init), on: RequestInput.project(context))
        let peers = try await access.peers(of: user, for: entitlement)
        return JSONResponse(APIModels.Peers(peers: peers.map(APIModels.User.init)))
    }

    /// Signs and e-mails a request; 502 with the approval link when the e-mail failed, so the
    /// caller can pass it on.
    @Sendable func request(_ request: Request, context: Context) async throws -> Response {
        let user = try context.requireUser()
        let project = try RequestInput.project(context)
        let body = try await RequestInput.json(APIModels.RequestBody.self, from: request, context: context)
        let submitted = try await access.request(PeerApprovalRequest(
            user: user, project: project, entitlement: RequestInput.entitlement(body.entitlementId, on: project),
            reviewers: RequestInput.reviewers(body.peers), justification: body.justification,
            minutes: body.activationTimeout?.value ?? access.rules.defaultActivationMinutes
        ))
        if let reason = submitted.notificationError {
            return JSONResponse(APIModels.UndeliveredRequest(reason: reason, approvalLink: submitted.approvalLink), status: .badGateway).response()
        }
        let condition = await access.resourceCondition(of: submitted.request)
        return JSONResponse(APIModels.ActivationStatus(submitted: submitted, resourceCondition: condition)).response()
    }

    @Sendable func activationRequest(_ request: Request, context: Context) async throws -> JSONResponse {
        let user = try context.requireUser()
        let token = try RequestInput.activationToken(request.uri.queryParameters["activation"].map(String.init))
        return try await status(access.view(token, by: user))
    }

    @Sendable func approve(_ request: Request, context: Context) async throws -> JSONResponse {
        let user = try context.requireUser()
        let token = try RequestInput.activationToken(request.uri.queryParameters["activation"].map(String.init))
        return try await status(access.approve(token, by: user))
    }

    private func status(_ view: RequestView) async -> JSONResponse {
        JSONResponse(APIModels.ActivationStatus(request: view, resourceCondition: await access.resourceCondition(of: view.request)))
    }
}

import Hummingbird
import JITAccessCore

/// The JSON API of JIT Access 1.8.1 under `/api`, for scripts and the 1.x front end.
///
/// ``APIRequestGuard`` has already checked `X-JITACCESS` and the content type by the time a
/// route here runs.
struct APIController {
    typealias Context = JITAccessRequestContext

    let access: AuditedAccess
    let applicationVersion: String

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.add(middleware: RequireSignInMiddleware(signInPage: nil))
        routes.get("policy", use: policy)
        routes.get("projects", use: projects)
        routes.get("projects/:project/roles", use: roles)
        routes.post("projects/:project/roles/self-activate", use: selfActivate)
        return routes
    }

    @Sendable func policy(_ request: Request, context: Context) async throws -> JSONResponse {
        let user = try context.requireUser()
        let rules = access.rules
        return JSONResponse(APIModels.Policy(
            justificationHint: rules.justificationHint, signedInUser: APIModels.User(user), applicationVersion: applicationVersion,
            defaultActivationTimeout: rules.defaultActivationMinutes, maxActivationTimeout: rules.maxActivationMinutes
        ))
    }

    @Sendable func projects(_ request: Request, context: Context) async throws -> JSONResponse {
        let projects = try await access.projects(of: context.requireUser())
        return JSONResponse(APIModels.Projects(projects: projects.map(\.id)))
    }

    @Sendable func roles(_ request: Request, context: Context) async throws -> JSONResponse {
        let listing = try await access.entitlements(of: context.requireUser(), on: RequestInput.project(context))
        return JSONResponse(APIModels.Entitlements(warnings: listing.warnings, entitlements: listing.entitlements.map(APIModels.EntitlementInfo.init)))
    }

    @Sendable func selfActivate(_ request: Request, context: Context) async throws -> JSONResponse {
        let user = try context.requireUser()
        let project = try RequestInput.project(context)
        let body = try await RequestInput.json(APIModels.SelfActivationBody.self, from: request, context: context)
        let activation = try await access.selfActivate(SelfActivationRequest(
            user: user, project: project, entitlements: RequestInput.entitlements(body.entitlementIds),
            justification: body.justification, minutes: body.activationTimeout?.value ?? access.rules.defaultActivationMinutes
        ))
        return JSONResponse(APIModels.ActivationStatus(selfActivation: activation))
    }
}

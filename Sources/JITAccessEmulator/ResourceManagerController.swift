import Foundation
import HTTPTypes
import Hummingbird
import JITAccessCore
import JITAccessLocal

/// Resource Manager v3's `getIamPolicy` and `setIamPolicy` for projects, folders and
/// organizations and `projects.search` (see ``ProjectSearch``), and v1's
/// `projects.getAncestry`, served from the embedded IAM.
///
/// The method follows the resource in one path segment (`/v3/projects/prod-db:getIamPolicy`),
/// and project ids may themselves hold a colon (`example.com:prod-db`), so the segment is split
/// at its last colon.
struct ResourceManagerController<Context: RequestContext> {
    /// Policies are "limited to a few 10s of KB"; this leaves room for a request around one.
    static var maxBodySize: Int { 256 * 1024 }
    /// How often a write without an etag is tried again when another write slips in between.
    static var blindWriteAttempts: Int { 10 }

    let iam: EmbeddedIAM
    let hierarchy: HierarchyCache
    let reasons: RequestReasons

    /// The v1 path's parameter is named `id` like Cloud Asset's `/v1/projects/:id`: the router
    /// refuses two names for one position.
    func register(on router: some RouterMethods<Context>) {
        for kind in ResourceName.Kind.allCases {
            router.post("/v3/\(kind.rawValue)/:call") { request, context in
                try await handle(kind: kind, request: request, context: context)
            }
        }
        router.get("/v3/projects:search") { request, _ in
            try JSONResponse.ok(try ProjectSearch(hierarchy: try hierarchy.current()).response(parameters: QueryParameters(request.uri.query)))
        }
        router.post("/v1/projects/:id") { request, context in
            guard let call = GoogleMethodCall(try context.parameters.require("id")), call.method == "getAncestry" else {
                throw GoogleAPIError.notFound("The emulator serves only projects/ID:getAncestry under Resource Manager v1.")
            }
            return try JSONResponse.ok(try await ancestry(of: String(call.name), body: try await Self.body(of: request)))
        }
    }

    /// v1's `GetAncestryResponse`: the project, then its folders and organization. A project
    /// that does not exist is 403 `PERMISSION_DENIED`, as Resource Manager answers for anything
    /// the caller may not see.
    private func ancestry(of id: String, body: Data) async throws(GoogleAPIError) -> JSONValue {
        guard body.isEmpty || (try? JSONDecoder().decode([String: JSONValue].self, from: body)) == [:] else {
            throw .invalidArgument("Invalid JSON payload received: getAncestry takes an empty object, {}.")
        }
        let hierarchy = try hierarchy.current()
        guard let project = ResourceName(relativeName: "projects/\(id)"), hierarchy.resources.contains(project) else {
            throw .permissionDenied
        }
        let types: [ResourceName.Kind: String] = [.project: "project", .folder: "folder", .organization: "organization"]
        return .object(["ancestor": .array(hierarchy.ancestry(of: project).map { resource in
            .object(["resourceId": .object(["type": .string(types[resource.kind] ?? ""), "id": .string(resource.id)])])
        })])
    }

    private func handle(kind: ResourceName.Kind, request: Request, context: Context) async throws -> Response {
        guard let call = GoogleMethodCall(try context.parameters.require("call")) else {
            throw GoogleAPIError.notFound("The path names no method: use /v3/\(kind.rawValue)/ID:getIamPolicy or :setIamPolicy.")
        }
        let method = call.method
        guard method == "getIamPolicy" || method == "setIamPolicy" else {
            throw GoogleAPIError.notFound("The emulator does not implement \(kind.rawValue).\(method); it serves getIamPolicy and setIamPolicy.")
        }
        guard let resource = ResourceName(relativeName: "\(kind.rawValue)/\(call.name)") else {
            throw GoogleAPIError.permissionDenied
        }
        let body = try await Self.body(of: request)
        let policy = if method == "getIamPolicy" {
            try await getPolicy(of: resource, body: body)
        } else {
            try await setPolicy(of: resource, body: body, reason: request.headers[.requestReason])
        }
        return try JSONResponse.ok(policy)
    }

    /// The request body, refused beyond ``maxBodySize``.
    private static func body(of request: Request) async throws -> Data {
        do {
            return Data(try await request.body.collect(upTo: maxBodySize).readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw GoogleAPIError.invalidArgument("The request body is larger than \(maxBodySize / 1024) KB; IAM policies are limited to a few 10s of KB.")
        }
    }

    private func getPolicy(of resource: ResourceName, body: Data) async throws(GoogleAPIError) -> IAMPolicy {
        let request = try GetIamPolicyRequest(json: body)
        let policy = try await embedded { try await iam.policy(of: resource) }
        return PolicyVersion.view(of: policy, requestedVersion: request.requestedPolicyVersion)
    }

    /// Writes the merged policy, checked against the request's etag; without one the write
    /// overwrites whatever is stored, as Google does.
    private func setPolicy(of resource: ResourceName, body: Data, reason: String?) async throws(GoogleAPIError) -> IAMPolicy {
        let request = try SetIamPolicyRequest(json: body)
        try request.checkVersion()
        for _ in 0..<(request.policy.etag == nil ? Self.blindWriteAttempts : 1) {
            let stored = try await embedded { try await iam.policy(of: resource) }
            var update = request.merged(onto: stored)
            update.etag = request.policy.etag ?? stored.etag
            do {
                let written = try await embedded { try await iam.setPolicy(update, of: resource, reason: reason ?? "") }
                reasons.record(reason, for: resource)
                return written
            } catch let error where error == .concurrentPolicyChange && request.policy.etag == nil {
                continue
            }
        }
        throw .concurrentPolicyChange
    }
}

extension HTTPField.Name {
    /// Why a change is made; Google records it in the audit log of the change.
    static let requestReason = Self("x-goog-request-reason")!
}

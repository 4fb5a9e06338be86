import Foundation
import HTTPTypes
import Hummingbird
import JITAccessCore
import JITAccessLocal

/// Resource Manager v3's `getIamPolicy` and `setIamPolicy` for projects, folders and
/// organizations, served from the embedded IAM.
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
    let reasons: RequestReasons

    func register(on router: some RouterMethods<Context>) {
        for kind in ResourceName.Kind.allCases {
            router.post("/v3/\(kind.rawValue)/:call") { request, context in
                try await handle(kind: kind, request: request, context: context)
            }
        }
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

    /// Runs a call of the embedded IAM, its failures in Google's terms.
    private func embedded<Value>(_ body: () async throws -> Value) async throws(GoogleAPIError) -> Value {
        do {
            return try await body()
        } catch let error as JITAccessError {
            throw GoogleAPIError(error)
        } catch {
            throw .internalError("\(error)")
        }
    }
}

extension HTTPField.Name {
    /// Why a change is made; Google records it in the audit log of the change.
    static let requestReason = Self("x-goog-request-reason")!
}

import Foundation
import Hummingbird
import JITAccessCore

/// An error as Google's JSON APIs report it: `{"error":{"code":…,"message":…,"status":…}}`,
/// with the HTTP status equal to `code` and `status` the canonical gRPC code name. APIs of the
/// older style (the Admin SDK's Directory API) answer `{"error":{"code","message","errors":
/// [{"domain","reason","message"}]}}` instead: see ``directory(_:reason:message:)``.
public struct GoogleAPIError: HTTPResponseError, Equatable {
    /// One entry of `errors` in the older format: `{"domain": "global", "reason": "notFound", "message": ...}`.
    public struct Item: Sendable, Equatable, Encodable {
        /// Mostly `global`.
        public let domain: String
        /// A short code, such as `invalid`, `notFound` or `insufficientPermissions`.
        public let reason: String
        /// What went wrong, for people.
        public let message: String
    }

    /// The HTTP status, which Google repeats as `error.code`.
    public let status: HTTPResponse.Status
    /// The canonical code name, such as `ABORTED` or `PERMISSION_DENIED`.
    public let canonicalCode: String
    /// What went wrong, for people.
    public let message: String
    /// The older format's `errors`; empty for Cloud APIs.
    public var errors: [Item] = []
    /// Whether the body carries `status`; the Directory API's own errors do not.
    public var includesStatus = true
    /// `error.details`: `google.rpc` messages, such as the `ErrorInfo` naming a quota that ran out.
    public var details: [JSONValue] = []

    /// An error with any status; prefer the named errors below.
    public init(status: HTTPResponse.Status, canonicalCode: String, message: String) {
        self.status = status
        self.canonicalCode = canonicalCode
        self.message = message
    }

    /// An error in the Directory API's own format, as its Java back end words it: `reason`
    /// `invalid` (400 "Invalid Input: memberKey"), `notFound` (404 "Resource Not Found:
    /// groupKey"), `badRequest` (400 "Bad Request"), without `status`.
    public static func directory(_ status: HTTPResponse.Status, reason: String, message: String) -> Self {
        var error = Self(status: status, canonicalCode: canonicalCode(for: status), message: message)
        error.errors = [Item(domain: "global", reason: reason, message: message)]
        error.includesStatus = false
        return error
    }

    /// What Google's front end answers, before any API sees the request, for a token without
    /// the scope the method needs: 403 with both `status` and the older `errors`.
    public static let insufficientScopes: Self = {
        var error = Self(status: .forbidden, canonicalCode: "PERMISSION_DENIED", message: "Request had insufficient authentication scopes.")
        error.errors = [Item(domain: "global", reason: "insufficientPermissions", message: "Insufficient Permission")]
        return error
    }()

    /// A request Google would reject as malformed.
    public static func invalidArgument(_ message: String) -> Self {
        Self(status: .badRequest, canonicalCode: "INVALID_ARGUMENT", message: message)
    }

    /// No bearer token; the message is the one Google sends.
    public static let unauthenticated = Self(
        status: .unauthorized, canonicalCode: "UNAUTHENTICATED",
        message: "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project."
    )

    /// What Resource Manager answers for a resource that does not exist as well as for one the
    /// caller may not see, so that callers cannot probe which resources exist.
    public static let permissionDenied = Self(
        status: .forbidden, canonicalCode: "PERMISSION_DENIED", message: "The caller does not have permission"
    )

    /// A stale etag on `setIamPolicy`, with the message of Google's allow-policies documentation.
    public static let concurrentPolicyChange = Self(
        status: .conflict, canonicalCode: "ABORTED",
        message: "There were concurrent policy changes. Please retry the whole read-modify-write with exponential backoff."
    )

    /// A path that names no method.
    public static func notFound(_ message: String) -> Self {
        Self(status: .notFound, canonicalCode: "NOT_FOUND", message: message)
    }

    /// The emulator itself failed, for example on its file.
    public static func internalError(_ message: String) -> Self {
        Self(status: .internalServerError, canonicalCode: "INTERNAL", message: message)
    }

    /// The canonical code Google pairs with an HTTP status.
    public static func canonicalCode(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "INVALID_ARGUMENT"
        case 401: "UNAUTHENTICATED"
        case 403: "PERMISSION_DENIED"
        case 404: "NOT_FOUND"
        case 409: "ABORTED"
        case 429: "RESOURCE_EXHAUSTED"
        case 501: "UNIMPLEMENTED"
        case 503: "UNAVAILABLE"
        case 500...: "INTERNAL"
        default: "UNKNOWN"
        }
    }

    /// The Google error for a failure of the embedded IAM.
    public init(_ error: JITAccessError) {
        switch error {
        case .invalidArgument(let message): self = .invalidArgument(message)
        case .notSignedIn: self = .unauthenticated
        case .accessDenied, .notFound: self = .permissionDenied
        case .conflict: self = .concurrentPolicyChange
        case .backend(let message): self = .internalError(message)
        case .tooManyRequests(let message, _), .quotaExhausted(let message, _):
            self = Self(status: .tooManyRequests, canonicalCode: "RESOURCE_EXHAUSTED", message: message)
        }
    }

    /// The JSON body, fields in Google's order (which is also alphabetical).
    public var body: Data {
        let envelope = ["error": Body(
            code: Int(status.code), details: details.isEmpty ? nil : details, errors: errors.isEmpty ? nil : errors, message: message,
            status: includesStatus ? canonicalCode : nil
        )]
        return (try? JSONEncoder.sorted.encode(envelope)) ?? Data()
    }

    /// Absent fields are left out, as Google does.
    private struct Body: Encodable {
        let code: Int
        let details: [JSONValue]?
        let errors: [Item]?
        let message: String
        let status: String?
    }

    /// The response carrying ``body``; a 401 also names the realm, as Google's does.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=UTF-8"]
        if status == .unauthorized {
            headers[.wwwAuthenticate] = "Bearer realm=\"https://accounts.google.com/\""
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// Runs a call of the embedded IAM, its failures in Google's terms.
func embedded<Value>(_ body: () async throws -> Value) async throws(GoogleAPIError) -> Value {
    do {
        return try await body()
    } catch let error as JITAccessError {
        throw GoogleAPIError(error)
    } catch {
        throw .internalError("\(error)")
    }
}

import Foundation
import Hummingbird
import JITAccessCore

/// An error as Google's JSON APIs report it: `{"error":{"code":…,"message":…,"status":…}}`,
/// with the HTTP status equal to `code` and `status` the canonical gRPC code name.
public struct GoogleAPIError: HTTPResponseError, Equatable {
    /// The HTTP status, which Google repeats as `error.code`.
    public let status: HTTPResponse.Status
    /// The canonical code name, such as `ABORTED` or `PERMISSION_DENIED`.
    public let canonicalCode: String
    /// What went wrong, for people.
    public let message: String
    /// `error.details`: `google.rpc` messages such as an `ErrorInfo` naming a quota.
    public let details: [JSONValue]
    /// `error.errors`: the older APIs' (such as the Directory API's) domain and reason list.
    public let errors: [JSONValue]

    /// An error with any status; prefer the named errors below.
    public init(status: HTTPResponse.Status, canonicalCode: String, message: String, details: [JSONValue] = [], errors: [JSONValue] = []) {
        self.status = status
        self.canonicalCode = canonicalCode
        self.message = message
        self.details = details
        self.errors = errors
    }

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
            code: Int(status.code), message: message, status: canonicalCode, details: details.isEmpty ? nil : details, errors: errors.isEmpty ? nil : errors
        )]
        return (try? JSONEncoder.sorted.encode(envelope)) ?? Data()
    }

    private struct Body: Encodable {
        let code: Int
        let message: String
        let status: String
        let details: [JSONValue]?
        let errors: [JSONValue]?
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

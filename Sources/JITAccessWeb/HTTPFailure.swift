import Hummingbird
import JITAccessCore
import Logging

/// The one translation of failures into HTTP: every error a route throws becomes a status and a
/// message here, and nowhere else.
struct HTTPFailure: Sendable, Equatable {
    let status: HTTPResponse.Status
    let message: String
    /// Seconds after which trying again may succeed, sent as `Retry-After` (429 and 503).
    var retryAfterSeconds: Int?
    /// The methods the path does take, sent as `Allow` (405 only, from ``MethodNotAllowedMiddleware``).
    var allow: String?

    static let genericMessage = "Something went wrong on the server. The error has been logged; please try again later."

    init(status: HTTPResponse.Status, message: String) {
        self.status = status
        self.message = message
    }

    /// Maps `error`; unexpected errors become 500 with a generic message and are logged in full.
    init(_ error: any Error, logger: Logger) {
        switch error {
        case let error as JITAccessError:
            self.init(status: Self.status(of: error), message: error.message)
            if case .backend = error {
                logger.error("Backend failure", metadata: ["error": "\(error.message)"])
            }
            switch error {
            case .tooManyRequests(_, let seconds): retryAfterSeconds = seconds
            case .quotaExhausted(let message, let seconds):
                retryAfterSeconds = seconds
                logger.error("Google quota exhausted", metadata: ["error": "\(message)"])
            default: break
            }
        case let error as HTTPError:
            self.init(status: error.status, message: error.body ?? Self.defaultMessage(for: error.status))
            allow = error.headers[.allow]
        case let error as any HTTPResponseError:
            self.init(status: error.status, message: Self.defaultMessage(for: error.status))
        default:
            logger.error("Unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            self.init(status: .internalServerError, message: Self.genericMessage)
        }
    }

    /// Adds `Retry-After` and `Allow` when the failure has them.
    func addHeaders(to headers: inout HTTPFields) {
        if let retryAfterSeconds {
            headers[.retryAfter] = String(retryAfterSeconds)
        }
        if let allow {
            headers[.allow] = allow
        }
    }

    static func status(of error: JITAccessError) -> HTTPResponse.Status {
        switch error {
        case .invalidArgument: .badRequest
        case .notSignedIn: .unauthorized
        case .accessDenied: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .backend: .badGateway
        case .tooManyRequests: .tooManyRequests
        case .quotaExhausted: .serviceUnavailable
        }
    }

    private static func defaultMessage(for status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "There is nothing at this address."
        case .contentTooLarge: "The request body is too large; the limit is \(JITAccessRequestContext.maxBodySize / 1024) KiB."
        case .methodNotAllowed: "This address does not accept this method."
        default: status.reasonPhrase
        }
    }
}

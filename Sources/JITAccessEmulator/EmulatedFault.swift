import Foundation
import Hummingbird
import JITAccessCore
import Synchronization

/// A failure the emulator is told to answer with instead of serving a method, so that tests can
/// make "Google" misbehave: `{"status": 503, "count": 3, "methods": ["getIamPolicy"]}`.
public struct EmulatedFault: Sendable, Equatable, Codable {
    /// The methods a fault may name: the last part of the emulated APIs' paths.
    public static let methodNames: Set<String> = [
        "getIamPolicy", "setIamPolicy", "analyzeIamPolicy", "signJwt", "batchGet", "searchAllIamPolicies", "search", "getAncestry",
    ]

    /// The HTTP status, 400 to 599; the canonical code follows from it (429 `RESOURCE_EXHAUSTED`,
    /// 503 `UNAVAILABLE`, 409 `ABORTED`, ...).
    public var status: Int
    /// How many requests fail before the methods work again.
    public var count: Int
    /// The methods that fail; all of them when `nil`.
    public var methods: [String]?
    /// The error's message; Google's usual words for the status when `nil`.
    public var message: String?

    /// `count` requests to `methods` (every method when `nil`) answered with `status`.
    public init(status: Int, count: Int, methods: [String]? = nil, message: String? = nil) {
        self.status = status
        self.count = count
        self.methods = methods
        self.message = message
    }

    /// Refuses a fault the emulator cannot play, saying what to change.
    func check() throws(GoogleAPIError) {
        guard (400...599).contains(status) else {
            throw .invalidArgument("A fault's status must be an HTTP error status from 400 to 599, not \(status).")
        }
        guard (1...10_000).contains(count) else {
            throw .invalidArgument("A fault's count must be between 1 and 10000, not \(count).")
        }
        if let unknown = methods?.first(where: { !Self.methodNames.contains($0) }) {
            throw .invalidArgument("'\(unknown)' is not an emulated method; name some of \(Self.methodNames.sorted().joined(separator: ", ")).")
        }
    }

    /// The error Google sends for this fault.
    var error: GoogleAPIError {
        let status = HTTPResponse.Status(code: status)
        let words = switch status.code {
        case 429: "Quota exceeded: too many requests. Retry with exponential backoff."
        case 503: "The service is currently unavailable."
        case 500: "Internal error encountered."
        case 409: GoogleAPIError.concurrentPolicyChange.message
        default: "The emulator was told to fail this request with HTTP \(status.code) (POST /emulator/faults)."
        }
        return GoogleAPIError(status: status, canonicalCode: GoogleAPIError.canonicalCode(for: status), message: message ?? words)
    }
}

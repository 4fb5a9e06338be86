import AsyncHTTPClient
import Foundation
import JITAccessCore
import Logging
import NIOCore
import NIOHTTP1

/// Google's error format: `{"error": {"code": 409, "message": "...", "status": "ABORTED"}}`,
/// with what says which quota ran out when one did: the `details` of Cloud APIs and the
/// `errors` of older APIs such as the Admin SDK's Directory API (see ``GoogleQuota``).
struct GoogleErrorBody {
    /// One entry of `error.details`, a `google.rpc` message named by its `@type`; only the
    /// fields of `ErrorInfo` and `QuotaFailure` are read.
    struct Detail: Decodable {
        struct Violation: Decodable {
            let subject: String?
            let description: String?
        }
        let type: String?
        let reason: String?
        let metadata: [String: String]?
        let violations: [Violation]?

        enum CodingKeys: String, CodingKey {
            case type = "@type", reason, metadata, violations
        }
    }

    /// One entry of `error.errors`: `{"domain": "usageLimits", "reason": "userRateLimitExceeded", "message": "..."}`.
    struct LegacyError: Decodable {
        let domain: String?
        let reason: String?
        let message: String?
    }

    let message: String?
    let status: String?
    let details: [Detail]
    let errors: [LegacyError]

    /// The error in `data`, or nothing known when it is not in Google's format.
    init(_ data: Data) {
        struct Envelope: Decodable {
            struct Error: Decodable {
                let message: String?
                let status: String?
                let details: [Detail]?
                let errors: [LegacyError]?
            }
            let error: Error
        }
        let error = (try? JSONDecoder().decode(Envelope.self, from: data))?.error
        message = error?.message
        status = error?.status
        details = error?.details ?? []
        errors = error?.errors ?? []
    }
}

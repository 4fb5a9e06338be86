import JITAccessCore

/// A quota of jitaccess's project (the consumer project of its calls) that Google says ran out.
///
/// The shapes, from Google's `google.rpc` error model and the Admin SDK's documentation:
/// - Cloud APIs answer 429 with `status` `RESOURCE_EXHAUSTED` and, in `details`, a
///   `type.googleapis.com/google.rpc.ErrorInfo` whose `reason` is `RATE_LIMIT_EXCEEDED`,
///   `domain` `googleapis.com`, and `metadata` naming the quota: `quota_limit` (such as
///   `AnalyzeIamPolicyRequestsPerMinutePerProject`), `quota_metric` (such as
///   `cloudasset.googleapis.com/analyze_iam_policy_requests`), `quota_limit_value` (`"100"`),
///   plus `service`, `consumer` (`projects/NUMBER`) and `quota_location`. Some answers carry a
///   `type.googleapis.com/google.rpc.QuotaFailure` instead, with `violations[]` of `subject`
///   and `description`; a `google.rpc.Help` entry may link to the quota documentation.
/// - The Directory API answers 403 with `errors[]` of `{"domain": "usageLimits", "reason":
///   "userRateLimitExceeded" | "quotaExceeded" | "dailyLimitExceeded", "message"}`, or 429 with
///   `rateLimitExceeded` (too many concurrent requests of the Workspace account). A 403 there
///   is therefore not always a missing permission.
///
/// A quota is per day when its name (or, without one, Google's message) says "day" or "Daily"
/// and not "minute"; every other quota is taken as per minute, the usual kind, which refills
/// within a minute and is worth retrying. A 429 without any of these details (plain overload)
/// is no quota.
struct GoogleQuota: Equatable {
    /// The `reason`s of the Directory API that mean a quota rather than a permission.
    static let legacyReasons: Set<String> = ["userRateLimitExceeded", "quotaExceeded", "rateLimitExceeded", "dailyLimitExceeded"]

    /// The quota's name, such as `AnalyzeIamPolicyRequestsPerDayPerProject` or `userRateLimitExceeded`.
    let name: String
    /// The limit Google reports, such as `"100"`, if it does.
    let limit: String?
    /// Whether the quota refills only the next day (Pacific time), so retrying now is useless.
    let isDaily: Bool

    /// The quota of an answer with HTTP `status` and `error`; `nil` when it is no quota error.
    init?(status: UInt, error: GoogleErrorBody) {
        guard status == 429 || status == 403 else { return nil }
        if let info = error.details.first(where: { $0.reason == "RATE_LIMIT_EXCEEDED" }) {
            let metadata = info.metadata ?? [:]
            name = metadata["quota_limit"] ?? metadata["quota_metric"] ?? error.message ?? "RATE_LIMIT_EXCEEDED"
            limit = metadata["quota_limit_value"]
        } else if let violation = error.details.lazy.compactMap({ $0.violations?.first }).first {
            name = violation.subject ?? violation.description ?? error.message ?? "QuotaFailure"
            limit = nil
        } else if let reason = error.errors.lazy.compactMap(\.reason).first(where: Self.legacyReasons.contains) {
            name = reason
            limit = nil
        } else {
            return nil
        }
        isDaily = name == "dailyLimitExceeded" || Self.saysDaily(name)
    }

    /// Whether `text` names a per-day quota.
    private static func saysDaily(_ text: String) -> Bool {
        let words = text.lowercased()
        return (words.contains("day") || words.contains("daily")) && !words.contains("minute")
    }

    /// The error for jitaccess's users and administrators, after `attempts` calls to `service`.
    func error(service: String, attempts: Int) -> JITAccessError {
        let quota = "\(service)'s quota \(name)\(limit.map { " (\($0))" } ?? "")"
        let more = "ask for more on the Quotas page (IAM & Admin > Quotas) of the Google Cloud console, in the project jitaccess runs in"
        if isDaily {
            return .quotaExhausted(
                "\(quota) ran out for today. It refills at midnight Pacific time: try again the next day, or \(more).",
                retryAfterSeconds: nil
            )
        }
        return .quotaExhausted(
            "\(quota) ran out; jitaccess tried \(attempts) time\(attempts == 1 ? "" : "s"). It refills every minute: try again after the next minute, or, if this happens often, \(more).",
            retryAfterSeconds: 60
        )
    }
}

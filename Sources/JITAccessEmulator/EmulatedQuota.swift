import Foundation
import Hummingbird
import JITAccessCore

/// A quota the emulator enforces on one Google method, counted in the emulator's clock:
/// `{"method": "cloudasset.analyzeIamPolicy", "perMinute": 100, "perDay": 1000}`, or on the
/// command line `cloudasset.analyzeIamPolicy=100/min,1000/day`.
///
/// The method is a ``GoogleMethodName``, or ``policyAnalyzerOrganization``: Policy Analyzer's
/// analysis queries per organization per day (20 without Security Command Center Premium),
/// which every `analyzeIamPolicy` call counts against.
///
/// Minutes are calendar minutes of the clock; days end at midnight Pacific time, as Google's
/// daily quotas do (taken as UTC-8 all year: the emulator ignores daylight saving time).
public struct EmulatedQuota: Sendable, Equatable, Codable {
    /// The organization-wide limit on Policy Analyzer's analysis queries.
    public static let policyAnalyzerOrganization = "policy-analyzer-org"

    /// The method counted, such as `cloudasset.searchAllIamPolicies`.
    public var method: String
    /// Calls allowed per minute; no limit when `nil`.
    public var perMinute: Int?
    /// Calls allowed per day; no limit when `nil`.
    public var perDay: Int?

    /// `perMinute` and `perDay` calls to `method`.
    public init(method: String, perMinute: Int? = nil, perDay: Int? = nil) {
        self.method = method
        self.perMinute = perMinute
        self.perDay = perDay
    }

    /// Parses `METHOD=N/min,M/day` (either limit may be left out). Throws when malformed.
    public init(parsing text: String) throws(GoogleAPIError) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else {
            throw .invalidArgument("A quota is METHOD=N/min,M/day (such as cloudasset.analyzeIamPolicy=100/min,1000/day), not '\(text)'.")
        }
        self.init(method: parts[0])
        for limit in parts[1].split(separator: ",") {
            let pieces = limit.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.count == 2, let count = Int(pieces[0]) else {
                throw .invalidArgument("'\(limit)' in the quota '\(text)' is not N/min or N/day.")
            }
            switch pieces[1] {
            case "min", "minute": perMinute = count
            case "day": perDay = count
            default: throw .invalidArgument("'\(limit)' in the quota '\(text)' is not N/min or N/day.")
            }
        }
        try check()
    }

    /// Refuses a quota the emulator cannot enforce, saying what to change.
    func check() throws(GoogleAPIError) {
        guard method == Self.policyAnalyzerOrganization || GoogleMethodName.all.contains(method) else {
            throw .invalidArgument("'\(method)' is not a method the emulator counts; name one of \((GoogleMethodName.all.sorted() + [Self.policyAnalyzerOrganization]).joined(separator: ", ")).")
        }
        guard perMinute != nil || perDay != nil else {
            throw .invalidArgument("The quota of \(method) sets no limit; give perMinute, perDay or both.")
        }
        if method == Self.policyAnalyzerOrganization, perMinute != nil {
            throw .invalidArgument("\(method) is a limit per day only.")
        }
        for limit in [perMinute, perDay].compactMap({ $0 }) where limit < 0 {
            throw .invalidArgument("A quota's limit must not be negative, not \(limit).")
        }
    }

    /// The error Google answers when the `daily` (else per-minute) limit of this quota ran out:
    /// 429 `RESOURCE_EXHAUSTED` with an `ErrorInfo` naming the quota for Cloud APIs, the
    /// Directory API's 403 with a `usageLimits` reason for its methods.
    func exhausted(daily: Bool) -> GoogleAPIError {
        let limit = daily ? perDay ?? 0 : perMinute ?? 0
        if method.hasPrefix("directory.") {
            let reason = daily ? "dailyLimitExceeded" : "userRateLimitExceeded"
            let message = daily ? "Daily Limit Exceeded" : "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'admin.googleapis.com'."
            // The Directory API's own shape, like GoogleAPIError.directory's but in the
            // usageLimits domain.
            var error = GoogleAPIError(status: .forbidden, canonicalCode: "PERMISSION_DENIED", message: message)
            error.errors = [GoogleAPIError.Item(domain: "usageLimits", reason: reason, message: message)]
            error.includesStatus = false
            return error
        }
        let (service, metric, limitName, title) = names(daily: daily)
        let message = "Quota exceeded for quota metric '\(metric)' and limit '\(title)' of service '\(service)' for consumer 'project_number:\(Self.consumerNumber)'."
        let info: JSONValue = .object([
            "@type": .string("type.googleapis.com/google.rpc.ErrorInfo"), "reason": .string("RATE_LIMIT_EXCEEDED"), "domain": .string("googleapis.com"),
            "metadata": .object([
                "service": .string(service), "consumer": .string("projects/\(Self.consumerNumber)"), "quota_metric": .string(metric),
                "quota_limit": .string(limitName), "quota_limit_value": .string("\(limit)"), "quota_location": .string("global"),
            ]),
        ])
        let help: JSONValue = .object([
            "@type": .string("type.googleapis.com/google.rpc.Help"),
            "links": .array([.object(["description": .string("Request a higher quota limit."), "url": .string("https://cloud.google.com/docs/quotas/help/request_increase")])]),
        ])
        var error = GoogleAPIError(status: .tooManyRequests, canonicalCode: "RESOURCE_EXHAUSTED", message: message)
        error.details = [info, help]
        return error
    }

    /// The number of the project the emulated calls are billed to.
    static let consumerNumber = "000000000000"

    /// The service, quota metric, limit name and limit title Google would report.
    private func names(daily: Bool) -> (service: String, metric: String, limit: String, title: String) {
        if method == Self.policyAnalyzerOrganization {
            return ("cloudasset.googleapis.com", "cloudasset.googleapis.com/policy_analyzer_analysis_queries",
                    "AnalysisQueriesPerDayPerOrganization", "Policy Analyzer analysis queries per day per organization")
        }
        let parts = method.split(separator: ".")
        let service = "\(parts[0]).googleapis.com"
        let words = parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        let snake = words.reduce(into: "") { text, character in
            if character.isUppercase, !text.isEmpty { text.append("_") }
            text.append(Character(character.lowercased()))
        }
        let period = daily ? "Day" : "Minute"
        return (service, "\(service)/\(snake)_requests", "\(words)RequestsPer\(period)PerProject", "\(words) requests per \(period.lowercased()) per project")
    }
}

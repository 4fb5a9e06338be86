/// A Google quota that a call of jitaccess draws on, with Google's documented default, and
/// which calls draw on it, told apart by the request's path.
struct QuotaBucket: Sendable, Hashable {
    /// The quota's name as the report prints it.
    let name: String
    /// Calls allowed per minute per project, if the quota has a per-minute limit.
    let perMinute: Int?
    /// Calls allowed per day, if the quota has a daily limit.
    let perDay: Int?
    /// Where the figure comes from, or what was assumed.
    let source: String

    static let analyzeIamPolicy = QuotaBucket(
        name: "Cloud Asset AnalyzeIamPolicy", perMinute: 100, perDay: 1_000, source: "Policy Intelligence quotas page")
    /// Without Security Command Center Premium, per organization; shared by every Policy Analyzer tool.
    static let policyAnalyzerQueries = QuotaBucket(
        name: "Policy Analyzer queries per organization without SCC Premium", perMinute: nil, perDay: 20, source: "Policy Intelligence quotas page")
    static let batchGetEffectiveIamPolicies = QuotaBucket(
        name: "Cloud Asset BatchGetEffectiveIamPolicies", perMinute: 100, perDay: nil, source: "Cloud Asset Inventory quotas page")
    static let searchAllIamPolicies = QuotaBucket(
        name: "Cloud Asset SearchAllIamPolicies", perMinute: 400, perDay: nil, source: "Cloud Asset Inventory quotas page")
    static let resourceManagerSearch = QuotaBucket(
        name: "Resource Manager v3 search", perMinute: 240, perDay: nil, source: "Resource Manager limits page")
    /// No per-method default found for getAncestry; held against the smallest documented
    /// Resource Manager rate, the search quota, which is an assumption.
    static let resourceManagerRead = QuotaBucket(
        name: "Resource Manager getAncestry", perMinute: 240, perDay: nil, source: "assumed: the smallest Resource Manager rate documented")
    static let policyRead = QuotaBucket(
        name: "IAM policy reads (getIamPolicy)", perMinute: 6_000, perDay: nil, source: "IAM quotas page: read requests")
    static let policyWrite = QuotaBucket(
        name: "IAM policy writes (setIamPolicy)", perMinute: 600, perDay: nil, source: "IAM quotas page: write requests")
    static let directory = QuotaBucket(
        name: "Admin SDK Directory API", perMinute: 2_400, perDay: nil, source: "Directory API limits page, per user per project")
    static let credentials = QuotaBucket(
        name: "IAM Credentials (signJwt, generateAccessToken)", perMinute: 60_000, perDay: nil, source: "IAM quotas page")

    /// The quotas a request to `path` draws on.
    static func drawnOn(by path: String) -> [QuotaBucket] {
        if path.hasSuffix(":analyzeIamPolicy") { return [analyzeIamPolicy, policyAnalyzerQueries] }
        if path.hasSuffix("effectiveIamPolicies:batchGet") { return [batchGetEffectiveIamPolicies] }
        if path.hasSuffix(":searchAllIamPolicies") { return [searchAllIamPolicies] }
        if path.hasSuffix("projects:search") { return [resourceManagerSearch] }
        if path.hasSuffix(":getAncestry") { return [resourceManagerRead] }
        if path.hasSuffix(":getIamPolicy") { return [policyRead] }
        if path.hasSuffix(":setIamPolicy") { return [policyWrite] }
        if path.hasPrefix("/admin/directory/") { return [directory] }
        if path.hasSuffix(":signJwt") || path.hasSuffix(":generateAccessToken") { return [credentials] }
        return []
    }
}

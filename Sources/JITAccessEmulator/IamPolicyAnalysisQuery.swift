import JITAccessCore

/// The query of Cloud Asset's `analyzeIamPolicy`, read from the URL's query parameters with
/// the names of the discovery document (`analysisQuery.identitySelector.identity`, …).
struct IamPolicyAnalysisQuery: Equatable {
    /// Parameters every Google method accepts; clients such as the Python one always send `alt=json`.
    static let discoveryWideParameters: Set<String> = [
        "$.xgafv", "access_token", "alt", "callback", "fields", "key", "oauth_token", "prettyPrint", "quotaUser", "uploadType", "upload_protocol",
    ]
    /// The boolean options of `analysisQuery.options`.
    static let optionNames = ["expandGroups", "expandRoles", "expandResources", "outputResourceEdges", "outputGroupEdges", "analyzeServiceAccountImpersonation"]
    static let knownParameters: Set<String> = Set(optionNames.map { "analysisQuery.options.\($0)" }).union([
        "analysisQuery.identitySelector.identity", "analysisQuery.resourceSelector.fullResourceName",
        "analysisQuery.accessSelector.roles", "analysisQuery.accessSelector.permissions",
        "analysisQuery.conditionContext.accessTime", "executionTimeout", "savedAnalysisQuery",
    ])

    var identity: UserId?
    var resource: ResourceName?
    var roles: [String] = []
    var options: [String: Bool] = [:]
    var accessTime: Timestamp?

    /// Parses `parameters` (decoded name and value pairs); refuses unknown names, malformed
    /// values and the combinations Google refuses.
    init(parameters: [(name: String, value: String)]) throws(GoogleAPIError) {
        for (name, value) in parameters where !Self.discoveryWideParameters.contains(name) {
            guard Self.knownParameters.contains(name) else {
                throw .invalidArgument("Invalid JSON payload received. Unknown name \"\(name)\": Cannot bind query parameter.")
            }
            switch name {
            case "analysisQuery.identitySelector.identity":
                guard value.hasPrefix("user:"), let user = UserId(String(value.dropFirst(5))) else {
                    throw .invalidArgument("Invalid identity '\(value)': the emulator analyzes users only; send 'user:EMAIL'.")
                }
                identity = user
            case "analysisQuery.resourceSelector.fullResourceName":
                guard let name = ResourceName(fullName: value) else {
                    throw .invalidArgument("Invalid fullResourceName '\(value)': use //cloudresourcemanager.googleapis.com/projects/ID (or folders/N, organizations/N).")
                }
                resource = name
            case "analysisQuery.accessSelector.roles":
                roles.append(value)
            case "analysisQuery.accessSelector.permissions":
                // JIT Access 1.x narrows by permission; the emulator knows no role definitions, so
                // it answers as if every role granted the permissions asked for.
                break
            case "analysisQuery.conditionContext.accessTime":
                guard let time = Timestamp(rfc3339: value) else {
                    throw .invalidArgument("Invalid value at 'analysis_query.condition_context.access_time' (\(value)): expected an RFC 3339 timestamp such as 2024-01-01T00:30:00Z.")
                }
                accessTime = time
            case "executionTimeout":
                guard value.hasSuffix("s"), Double(value.dropLast()) != nil else {
                    throw .invalidArgument("Invalid value at 'execution_timeout' (\(value)): expected a duration in seconds such as 30s.")
                }
            case "savedAnalysisQuery":
                throw .invalidArgument("The emulator keeps no saved queries; send the query in analysisQuery.* parameters.")
            default:
                let option = String(name.dropFirst("analysisQuery.options.".count))
                guard let flag = Bool(value) else {
                    throw .invalidArgument("Invalid value at 'analysis_query.options.\(option)' (\(value)): expected true or false.")
                }
                options[option] = flag
            }
        }
        if identity != nil, expandGroups {
            throw .invalidArgument("analysisQuery.options.expandGroups may not be set together with analysisQuery.identitySelector.")
        }
        if identity == nil, resource == nil {
            throw .invalidArgument("The emulator needs analysisQuery.identitySelector.identity or analysisQuery.resourceSelector.fullResourceName.")
        }
        if identity == nil, roles.isEmpty {
            throw .invalidArgument("The emulator needs analysisQuery.accessSelector.roles to analyze a resource without an identity.")
        }
    }

    var expandGroups: Bool { options["expandGroups"] ?? false }
    var expandResources: Bool { options["expandResources"] ?? false }
}

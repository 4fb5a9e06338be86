import JITAccessCore

/// Where `serve` finds who may activate what, chosen with `RESOURCE_CATALOG` as JIT Access
/// 1.x chooses it (the value is compared case-insensitively).
///
/// - `PolicyAnalyzer` (the default, as in 1.x, so that an upgrade behaves the same): Cloud
///   Asset `analyzeIamPolicy` for listings and decisions. Google allows 1,000 analyses per day
///   per project, and 20 per organization per day without Security Command Center Premium.
/// - `AssetInventory`: effective policies from Cloud Asset, groups from the Admin SDK Directory
///   API, analysed by jitaccess; decisions read `getIamPolicy` and `members.hasMember`. Needs
///   `RESOURCE_CUSTOMER_ID`. The choice for new deployments (docs/catalogs.md).
public enum ResourceCatalog: Sendable, Equatable {
    case policyAnalyzer
    /// `customerId` is the Workspace or Cloud Identity customer (`C…`); `availableProjectsQuery`
    /// is the `projects.search` query that lists the projects jitaccess may show when the
    /// personalised search cannot be used.
    case assetInventory(customerId: String, availableProjectsQuery: String)

    /// The catalog `source` names. Throws naming the variable that is wrong.
    public init(_ source: ConfigurationSource) throws(ConfigurationError) {
        let name = source.string("RESOURCE_CATALOG")?.uppercased() ?? "POLICYANALYZER"
        switch name {
        case "POLICYANALYZER":
            self = .policyAnalyzer
        case "ASSETINVENTORY":
            guard let customer = source.string("RESOURCE_CUSTOMER_ID") else {
                throw ConfigurationError(
                    variable: "RESOURCE_CUSTOMER_ID",
                    message: "is required with RESOURCE_CATALOG=AssetInventory: set it to your Workspace or Cloud Identity customer id (C followed by letters and digits; Admin console > Account > Account settings)"
                )
            }
            guard customer.count >= 2, customer.count <= 32, customer.first == "C", customer.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }) else {
                throw ConfigurationError(variable: "RESOURCE_CUSTOMER_ID", message: "'\(customer)' is not a customer id: it starts with C and holds only letters and digits, for example C01abcd23")
            }
            self = .assetInventory(customerId: customer, availableProjectsQuery: source.string("AVAILABLE_PROJECTS_QUERY") ?? "state:ACTIVE")
        default:
            throw ConfigurationError(variable: "RESOURCE_CATALOG", message: "'\(source.string("RESOURCE_CATALOG") ?? "")' is not a catalog: use AssetInventory or PolicyAnalyzer")
        }
    }
}

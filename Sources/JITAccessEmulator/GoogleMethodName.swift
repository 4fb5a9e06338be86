import Foundation

/// The name quotas know a Google method by, computed from the HTTP method and the path alone
/// (so that a middleware can count a call before any route runs), such as
/// `cloudasset.analyzeIamPolicy`, `cloudasset.batchGetEffectiveIamPolicies`,
/// `cloudresourcemanager.projects.search` or `directory.members.list`.
enum GoogleMethodName {
    /// Every name this computes, which quota rules may name.
    static let all: Set<String> = [
        "cloudasset.analyzeIamPolicy", "cloudasset.batchGetEffectiveIamPolicies", "cloudasset.searchAllIamPolicies",
        "cloudresourcemanager.projects.search", "cloudresourcemanager.projects.getAncestry",
        "cloudresourcemanager.projects.getIamPolicy", "cloudresourcemanager.projects.setIamPolicy",
        "cloudresourcemanager.folders.getIamPolicy", "cloudresourcemanager.folders.setIamPolicy",
        "cloudresourcemanager.organizations.getIamPolicy", "cloudresourcemanager.organizations.setIamPolicy",
        "iamcredentials.serviceAccounts.signJwt",
        "directory.groups.list", "directory.groups.get", "directory.members.list", "directory.members.get", "directory.members.hasMember",
    ]

    /// The method a request of `httpMethod` to `path` calls; `nil` for one no quota covers.
    static func of(httpMethod: String, path: String) -> String? {
        let segments = path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        if segments.starts(with: ["admin", "directory", "v1", "groups"]) {
            return directory(Array(segments.dropFirst(4)), httpMethod: httpMethod)
        }
        guard let version = segments.first, let last = segments.last, let colon = last.lastIndex(of: ":") else { return nil }
        let method = String(last[last.index(after: colon)...])
        let collection = segments.count > 1 ? segments[1] : ""
        let name: String? = switch (version, method) {
        case ("v1", "analyzeIamPolicy"), ("v1", "searchAllIamPolicies"): "cloudasset.\(method)"
        case ("v1", "batchGet") where last.hasPrefix("effectiveIamPolicies:"): "cloudasset.batchGetEffectiveIamPolicies"
        case ("v1", "getAncestry"): "cloudresourcemanager.projects.getAncestry"
        case ("v1", "signJwt"): "iamcredentials.serviceAccounts.signJwt"
        case ("v3", "search") where segments.count == 2: "cloudresourcemanager.\(last[..<colon]).search"
        case ("v3", "getIamPolicy"), ("v3", "setIamPolicy"): "cloudresourcemanager.\(collection).\(method)"
        default: nil
        }
        return name.flatMap { all.contains($0) ? $0 : nil }
    }

    /// The Directory API's group methods, by the path after `/admin/directory/v1/groups`.
    private static func directory(_ rest: [String], httpMethod: String) -> String? {
        guard httpMethod == "GET" else { return nil }
        switch rest.count {
        case 0: return "directory.groups.list"
        case 1: return "directory.groups.get"
        case 2 where rest[1] == "members": return "directory.members.list"
        case 3 where rest[1] == "members": return "directory.members.get"
        case 3 where rest[1] == "hasMember": return "directory.members.hasMember"
        default: return nil
        }
    }
}

import AsyncHTTPClient
import Foundation
import JITAccessCore
import Logging

/// Group memberships of a Google Workspace or Cloud Identity customer through the Admin SDK
/// Directory API (`admin/directory/v1/...` at ``GoogleEndpoints/directory``), as JIT Access 1.x's
/// AssetInventory catalog reads them, but with nested groups and every page.
///
/// The service account needs the **Groups Reader** admin role (Admin console, Account, Admin
/// roles), and its tokens the scope ``readonlyScope``, which Cloud Run's metadata tokens lack:
/// authenticate with ``ImpersonatedAccessTokens``. E-mails are compared and answered
/// lower-cased. Every call goes through ``GoogleAPITransport``, which retries overload and
/// classifies Google's answers, quota errors included.
public struct GroupDirectory: Sendable {
    /// The scope the Directory API's group methods accept for reading.
    public static let readonlyScope = "https://www.googleapis.com/auth/admin.directory.group.readonly"
    /// How many groups ``groups(of:)`` visits before it gives up; large enough for any sane
    /// nesting, small enough that a runaway walk ends within seconds.
    public static let defaultMaximumGroups = 2_000
    /// The Directory API's largest page, and its default.
    static let pageSize = 200
    /// How many users ``hasMember(group:member:)`` lists when Google cannot answer it directly.
    static let fallbackMemberLimit = 10_000

    /// The customer ID (`C0123abcd`) whose groups are listed.
    public let customerId: String
    /// The most groups ``groups(of:)`` visits before it throws.
    public private(set) var maximumGroups = Self.defaultMaximumGroups
    private let baseURL: String
    private let transport: GoogleAPITransport
    private let logger: Logger

    /// The groups of the customer `customerId` (it must start with `C`, which each call checks)
    /// at `endpoints.directory`, over `client` as `credentials`, retrying as `retry` says with
    /// waits on `clock`.
    public init(
        customerId: String, endpoints: GoogleEndpoints, client: HTTPClient, credentials: any AccessTokenSource, clock: any WallClock,
        retry: Backoff, logger: Logger
    ) {
        self.customerId = customerId
        baseURL = endpoints.directory
        self.logger = logger
        transport = GoogleAPITransport(
            service: "Directory API", client: client, credentials: credentials, timeouts: endpoints.timeouts, retry: retry, clock: clock, logger: logger
        )
    }

    /// This directory with ``maximumGroups`` set to `maximum`.
    public func limitingGroups(to maximum: Int) -> GroupDirectory {
        var copy = self
        copy.maximumGroups = max(1, maximum)
        return copy
    }

    /// Checks that the Directory API knows the customer and lets jitaccess read its groups,
    /// for the readiness check: `groups(of:)` takes a 400 or 404 for "a member of no group", so
    /// a wrong `RESOURCE_CUSTOMER_ID` would otherwise only leave everyone without groups.
    public func checkCustomer() async throws {
        try checkCustomerShape()
        let url = "\(baseURL)/admin/directory/v1/groups?customer=\(Self.queryValue(customerId))&maxResults=1"
        guard try await call({ try await transport.get(url, absentStatuses: [400, 404], as: GroupsPage.self) }) != nil else {
            throw JITAccessError.backend(
                "The Directory API does not know the customer \(customerId); set RESOURCE_CUSTOMER_ID to your customer ID (Admin console > Account > Account settings)."
            )
        }
    }

    // MARK: - Groups of a member

    /// Every group `member` (a user's or a group's e-mail) belongs to, directly or through
    /// nested groups, lower-cased.
    ///
    /// `groups.list?query=memberKey=` answers direct memberships only, so the walk asks again
    /// for each group found, breadth first; a group is asked about once, which ends cycles.
    /// Beyond ``maximumGroups`` groups it throws rather than answer with some of them: a
    /// partial set would silently hide entitlements granted through the groups left out.
    ///
    /// A member Google does not know in the customer (400 "Invalid Input: memberKey", 404) has
    /// no groups. JIT Access 1.x fails the whole listing there, so a user of another domain,
    /// or a service account, could see no entitlement at all, not even those granted to them
    /// directly; having no groups is what is true of them here. The transport logs each such
    /// answer, which is also where a wrong customer ID shows. An address Google cannot hold (a
    /// look-alike letter, say) belongs to no group either, and nothing is sent for it.
    public func groups(of member: String) async throws -> Set<String> {
        guard let start = try? Self.email(member, role: "member") else { return [] }
        try checkCustomerShape()
        var found: Set<String> = []
        var queue = [start]
        var next = 0
        while next < queue.count {
            let key = queue[next]
            next += 1
            for group in try await directGroups(of: key) where found.insert(group).inserted {
                guard found.count <= maximumGroups else {
                    throw JITAccessError.backend(
                        "\(start) belongs to more than \(maximumGroups) groups, nested groups included; jitaccess stops there rather than decide on some of them. Flatten the group nesting, or check it for runaway nesting."
                    )
                }
                // A group found twice (two paths, or a cycle) is asked about once.
                if group != start { queue.append(group) }
            }
        }
        return found
    }

    /// The groups `key` is a direct member of, every page.
    private func directGroups(of key: String) async throws -> [String] {
        var groups: [String] = []
        var pageToken: String?
        var seenTokens: Set<String> = []
        repeat {
            var url = "\(baseURL)/admin/directory/v1/groups?customer=\(Self.queryValue(customerId))&query=\(Self.queryValue("memberKey=\(key)"))&maxResults=\(Self.pageSize)"
            if let pageToken { url += "&pageToken=\(Self.queryValue(pageToken))" }
            guard let page = try await call({ try await transport.get(url, absentStatuses: [400, 404], as: GroupsPage.self) }) else {
                return groups
            }
            groups += (page.groups ?? []).compactMap { $0.email?.lowercased() }
            pageToken = try nextToken(page.nextPageToken, seen: &seenTokens, listing: "the groups of \(key)")
        } while pageToken != nil
        return groups
    }

    // MARK: - Members of a group

    /// The active users of `group`, nested groups expanded (`includeDerivedMembership`), each
    /// once, lower-cased; at most `limit` of them, with ``GroupMembers/isTruncated`` set when
    /// the listing was cut short. A group Google does not know (404) has no members.
    ///
    /// Only members with `type == "USER"` and `status == "ACTIVE"` count, as in JIT Access 1.x:
    /// nested groups appear as members of type `GROUP` (their users are listed too), a
    /// `CUSTOMER` member stands for the whole domain, and a suspended or not yet activated user
    /// can neither sign in nor approve. Unlike 1.x, which reads the first page only (200
    /// members), every page is read until `limit`.
    public func members(of group: String, limit: Int) async throws -> GroupMembers {
        let groupKey = try Self.email(group, role: "group")
        guard limit > 0 else {
            throw JITAccessError.invalidArgument("The limit of members to list must be positive, not \(limit).")
        }
        var users: [String] = []
        var seen: Set<String> = []
        var pageToken: String?
        var seenTokens: Set<String> = []
        repeat {
            var url = "\(baseURL)/admin/directory/v1/groups/\(Self.pathSegment(groupKey))/members?includeDerivedMembership=true&maxResults=\(Self.pageSize)"
            if let pageToken { url += "&pageToken=\(Self.queryValue(pageToken))" }
            guard let page = try await call({ try await transport.get(url, absentStatuses: [404], as: MembersPage.self) }) else {
                return GroupMembers(users: users, isTruncated: false)
            }
            for member in page.members ?? [] where member.type == "USER" && member.status == "ACTIVE" {
                guard let email = member.email?.lowercased(), seen.insert(email).inserted else { continue }
                guard users.count < limit else { return GroupMembers(users: users, isTruncated: true) }
                users.append(email)
            }
            pageToken = try nextToken(page.nextPageToken, seen: &seenTokens, listing: "the members of \(groupKey)")
            if pageToken != nil, users.count >= limit {
                // More pages may hold more users; reading them only to drop them would cost
                // calls against the Directory API's quota.
                return GroupMembers(users: users, isTruncated: true)
            }
        } while pageToken != nil
        return GroupMembers(users: users, isTruncated: false)
    }

    /// Whether `member` belongs to `group`, directly or through nested groups.
    ///
    /// `members.hasMember` counts nested membership only when the member and the group are in
    /// the same domain; otherwise Google answers 400 "Invalid Input: memberKey" (and 404 for a
    /// key it does not know). Then the group's active users are listed instead
    /// (``members(of:limit:)``, up to ``fallbackMemberLimit``), which expands nesting across
    /// domains; a listing cut short that lacks the member answers `false`, logged, since
    /// granting on a guess is worse than refusing. That fallback finds users only, not groups.
    public func hasMember(group: String, member: String) async throws -> Bool {
        // An address Google cannot hold is nobody's member, and is never sent.
        guard let groupKey = try? Self.email(group, role: "group"), let memberKey = try? Self.email(member, role: "member") else { return false }
        let url = "\(baseURL)/admin/directory/v1/groups/\(Self.pathSegment(groupKey))/hasMember/\(Self.pathSegment(memberKey))"
        if let answer = try await call({ try await transport.get(url, absentStatuses: [400, 404], as: HasMemberAnswer.self) }) {
            return answer.isMember ?? false
        }
        let members = try await members(of: groupKey, limit: Self.fallbackMemberLimit)
        if members.users.contains(memberKey) { return true }
        if members.isTruncated {
            logger.warning("Directory API: \(groupKey) has more than \(Self.fallbackMemberLimit) users and cannot say whether \(memberKey) is one; taken as not a member")
        }
        return false
    }

    // MARK: - Requests

    /// Runs a call, a refusal of the service account (401, 403 other than quota) explained with
    /// what the Directory API needs, since Cloud IAM roles are not enough there.
    private func call<Value>(_ body: () async throws -> Value) async throws -> Value {
        do {
            return try await body()
        } catch JITAccessError.backend(let message) where message.hasPrefix("\(transport.service) refused") {
            throw JITAccessError.backend(
                "\(message). The Directory API needs the Groups Reader admin role for the service account (Admin console > Account > Admin roles), and a token with the scope \(Self.readonlyScope), which jitaccess gets by impersonating its own service account (grant it roles/iam.serviceAccountTokenCreator on itself)."
            )
        }
    }

    /// The next page's token; throws when Google hands out a token it gave before, which would
    /// loop forever.
    private func nextToken(_ token: String?, seen: inout Set<String>, listing: String) throws -> String? {
        guard let token, !token.isEmpty else { return nil }
        guard seen.insert(token).inserted else {
            throw JITAccessError.backend("The Directory API returned the same page token twice while listing \(listing).")
        }
        return token
    }

    /// Refuses a customer ID that cannot be one before anything is sent with it.
    private func checkCustomerShape() throws {
        guard customerId.hasPrefix("C"), customerId.count > 1, customerId.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw JITAccessError.backend(
                "The customer ID '\(customerId.prefix(100))' is not one: Google Workspace and Cloud Identity customer IDs start with C, such as C0123abcd (Admin console > Account > Account settings)."
            )
        }
    }

    /// `text` as a lower-cased e-mail; refused before any request when it cannot be one, so
    /// that nothing else travels in a path or a query.
    static func email(_ text: String, role: String) throws -> String {
        guard let user = UserId(text), user.email == text.lowercased(), let at = user.email.lastIndex(of: "@"),
              user.email[..<at].allSatisfy({ localCharacters.contains($0) }),
              user.email[user.email.index(after: at)...].allSatisfy({ domainCharacters.contains($0) })
        else {
            throw JITAccessError.invalidArgument("The \(role) '\(text.prefix(100))' is not an e-mail address.")
        }
        return user.email
    }

    /// What Google accepts in the local part of a user's or group's address (letters, digits,
    /// `.`, `_`, `-`, `+`, `'`), lower-cased.
    private static let localCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789._-+'")
    /// What a domain name holds, lower-cased.
    private static let domainCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789.-")

    /// Unreserved characters only (RFC 3986), so that `@` travels as `%40`, and `/`, `?`, `#`
    /// and `+` cannot change the path or the query.
    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    static func queryValue(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    // MARK: - Answers

    /// `{"kind": "admin#directory#groups", "groups": [{"email": ...}], "nextPageToken": ...}`;
    /// Google leaves out an empty `groups`.
    private struct GroupsPage: Decodable {
        struct Group: Decodable {
            let email: String?
        }
        let groups: [Group]?
        let nextPageToken: String?
    }

    /// `{"kind": "admin#directory#members", "members": [{"email", "type", "status", ...}], "nextPageToken": ...}`.
    private struct MembersPage: Decodable {
        struct Member: Decodable {
            let email: String?
            let type: String?
            let status: String?
        }
        let members: [Member]?
        let nextPageToken: String?
    }

    /// `{"isMember": true}`.
    private struct HasMemberAnswer: Decodable {
        let isMember: Bool?
    }
}

import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import JITAccessCore
import JITAccessLocal

/// The Admin SDK Directory API's group reads, served from the embedded IAM's groups for one
/// emulated customer:
/// - `GET /admin/directory/v1/groups`: `groups.list` with `customer` (or `domain`) and
///   `query=memberKey=EMAIL` (a user's or a group's e-mail), direct memberships only, as Google
///   answers;
/// - `GET /admin/directory/v1/groups/{groupKey}/members`: `members.list`, nested groups
///   expanded with `includeDerivedMembership=true`;
/// - `GET /admin/directory/v1/groups/{groupKey}/hasMember/{memberKey}`: `members.hasMember`,
///   nested membership counted within the group's domain only; a member of another domain that
///   is not a direct member gets 400 "Invalid Input: memberKey", as Google answers.
///
/// Lists page by `maxResults` (at most 200, the default) with real page tokens. Tokens the
/// emulator issued must carry a group scope, as Google's front end checks before the API sees
/// the request; a metadata-server token (cloud-platform only) is refused. Errors are in the
/// Directory API's own format.
struct DirectoryController<Context: RequestContext> {
    /// The scopes `groups.list` accepts.
    static var groupScopes: Set<String> {
        ["https://www.googleapis.com/auth/admin.directory.group", "https://www.googleapis.com/auth/admin.directory.group.readonly"]
    }
    /// The scopes `members.list` and `members.hasMember` accept.
    static var memberScopes: Set<String> {
        groupScopes.union([
            "https://www.googleapis.com/auth/admin.directory.group.member", "https://www.googleapis.com/auth/admin.directory.group.member.readonly",
        ])
    }
    /// What `customer` may say instead of the customer ID: the caller's own customer.
    static var ownCustomer: String { "my_customer" }

    let iam: EmbeddedIAM
    let tokens: AccessTokens
    let customerId: String

    func register(on router: some RouterMethods<Context>) {
        router.get("/admin/directory/v1/groups") { request, _ in
            try checkScopes(of: request, accepted: Self.groupScopes)
            return try JSONResponse.ok(try listGroups(request.uri.queryParameters, in: try directory()))
        }
        router.get("/admin/directory/v1/groups/:groupKey/members") { request, context in
            try checkScopes(of: request, accepted: Self.memberScopes)
            let group = try Self.key(context, "groupKey")
            return try JSONResponse.ok(try listMembers(of: group, request.uri.queryParameters, in: try directory()))
        }
        router.get("/admin/directory/v1/groups/:groupKey/hasMember/:memberKey") { request, context in
            try checkScopes(of: request, accepted: Self.memberScopes)
            let isMember = try hasMember(group: try Self.key(context, "groupKey"), member: try Self.key(context, "memberKey"), in: try directory())
            return try JSONResponse.ok(["isMember": isMember])
        }
    }

    // MARK: - Methods

    private func listGroups(_ parameters: Parameters, in directory: DirectoryGroups) throws(GoogleAPIError) -> GroupsAnswer {
        let customer = parameters["customer"].map(String.init)
        let domain = parameters["domain"].map { String($0).lowercased() }
        let userKey = parameters["userKey"].map { String($0).lowercased() }
        if customer != nil, userKey != nil {
            // Documented, and a known trap: userKey works with domain only.
            throw .directory(.badRequest, reason: "badRequest", message: "Bad Request")
        }
        guard customer != nil || domain != nil else {
            throw .directory(.badRequest, reason: "badRequest", message: "Bad Request")
        }
        if let customer, customer != customerId, customer != Self.ownCustomer {
            throw .directory(.badRequest, reason: "badRequest", message: "Bad Request")
        }
        if let domain, !directory.domains.contains(domain) {
            throw .directory(.forbidden, reason: "forbidden", message: "Not Authorized to access this resource/api")
        }
        var member = userKey
        if let query = parameters["query"].map(String.init), !query.trimmingCharacters(in: .whitespaces).isEmpty {
            guard member == nil, let key = Self.memberKey(inQuery: query) else {
                throw .directory(.badRequest, reason: "invalid", message: "Invalid Input: the emulator searches groups by memberKey=EMAIL only, not '\(query)'")
            }
            member = key
        }
        var emails = directory.emails
        if let member {
            guard UserId(member)?.email == member else {
                throw .directory(.badRequest, reason: "invalid", message: "Invalid Input: memberKey")
            }
            // Google knows the customer's users and the outsiders its groups hold; any address
            // of the customer's domains stands for a user here.
            guard directory.domains.contains(DirectoryGroups.domain(of: member)) || directory.isMemberOfAny(member) else {
                throw .directory(.badRequest, reason: "invalid", message: "Invalid Input: memberKey")
            }
            emails = directory.directGroups(of: member)
        }
        if let domain {
            emails = emails.filter { DirectoryGroups.domain(of: $0) == domain }
        }
        if parameters["sortOrder"] == "DESCENDING" {
            emails.reverse()
        }
        let listing = DirectoryPageToken.listing(["groups", customer ?? "", domain ?? "", member ?? "", parameters["sortOrder"].map(String.init) ?? ""])
        let page = try DirectoryPageToken.page(
            of: emails, token: parameters["pageToken"].map(String.init), maxResults: parameters["maxResults"].map(String.init), listing: listing
        )
        let groups = page.items.map { email in
            GroupsAnswer.Group(
                kind: "admin#directory#group", id: Self.groupId(email), email: email, name: String(email.prefix { $0 != "@" }),
                directMembersCount: String(directory.members[email]?.count ?? 0), adminCreated: true, etag: Self.etag(email)
            )
        }
        return GroupsAnswer(
            kind: "admin#directory#groups", etag: Self.etag(listing + "\(page.items.startIndex)"), groups: groups.isEmpty ? nil : groups, nextPageToken: page.next
        )
    }

    private func listMembers(of group: String, _ parameters: Parameters, in directory: DirectoryGroups) throws(GoogleAPIError) -> MembersAnswer {
        guard directory.members[group] != nil else {
            throw .directory(.notFound, reason: "notFound", message: "Resource Not Found: groupKey")
        }
        let derived: Bool
        switch parameters["includeDerivedMembership"].map(String.init) ?? "false" {
        case "false": derived = false
        case "true": derived = true
        case let other: throw .directory(.badRequest, reason: "invalid", message: "Invalid Input: includeDerivedMembership '\(other)'")
        }
        var members = directory.members(of: group, derived: derived).compactMap(Self.member)
        if let roles = parameters["roles"] {
            // Every member of the cloud file is a plain MEMBER.
            let asked = roles.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
            if !asked.contains("MEMBER") { members = [] }
        }
        let listing = DirectoryPageToken.listing(["members", group, derived ? "derived" : "direct", parameters["roles"].map(String.init) ?? ""])
        let page = try DirectoryPageToken.page(
            of: members, token: parameters["pageToken"].map(String.init), maxResults: parameters["maxResults"].map(String.init), listing: listing
        )
        return MembersAnswer(
            kind: "admin#directory#members", etag: Self.etag(listing + "\(page.items.startIndex)"), members: page.items.isEmpty ? nil : Array(page.items),
            nextPageToken: page.next
        )
    }

    private func hasMember(group: String, member: String, in directory: DirectoryGroups) throws(GoogleAPIError) -> Bool {
        guard directory.members[group] != nil else {
            throw .directory(.notFound, reason: "notFound", message: "Resource Not Found: groupKey")
        }
        guard UserId(member)?.email == member else {
            throw .directory(.badRequest, reason: "invalid", message: "Invalid Input: memberKey")
        }
        if directory.members(of: group, derived: false).contains(where: { $0.identifier == member && $0.kind != .domain }) {
            return true
        }
        // Google follows nesting only within the group's domain; for anyone else it will not
        // say, and points to Cloud Identity's checkTransitiveMembership.
        guard DirectoryGroups.domain(of: member) == DirectoryGroups.domain(of: group) else {
            throw .directory(.badRequest, reason: "invalid", message: "Invalid Input: memberKey")
        }
        return directory.contains(member, in: group)
    }

    // MARK: - Helpers

    /// The groups of the cloud file as it is now.
    private func directory() throws(GoogleAPIError) -> DirectoryGroups {
        do {
            return DirectoryGroups(try iam.groupMembers())
        } catch {
            throw .internalError("\(error)")
        }
    }

    /// Refuses a token the emulator issued without one of `accepted`. A token it did not issue
    /// (accepted only when the configuration lets any token pass) has no known scopes and passes.
    private func checkScopes(of request: Request, accepted: Set<String>) throws(GoogleAPIError) {
        guard let authorization = request.headers[.authorization], authorization.count > 7 else { return }
        let token = authorization.dropFirst(7).trimmingCharacters(in: .whitespaces)
        if let scopes = tokens.scopes(of: token), scopes.isDisjoint(with: accepted) {
            throw .insufficientScopes
        }
    }

    /// A path parameter, percent-decoded and lower-cased.
    private static func key(_ context: Context, _ name: String) throws -> String {
        let raw = try context.parameters.require(name)
        return (raw.removingPercentEncoding ?? raw).lowercased()
    }

    /// The e-mail of `memberKey=EMAIL` (or `memberKey='EMAIL'`), the one search clause the
    /// emulator supports; `nil` for any other query.
    static func memberKey(inQuery query: String) -> String? {
        let clause = query.trimmingCharacters(in: .whitespaces)
        guard clause.hasPrefix("memberKey=") else { return nil }
        var value = clause.dropFirst("memberKey=".count)
        if value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") { value = value.dropFirst().dropLast() }
        guard !value.isEmpty, !value.contains(where: \.isWhitespace) else { return nil }
        return value.lowercased()
    }

    /// A member as `members.list` lists it; users and service accounts are `USER`s.
    private static func member(_ principal: Principal) -> MembersAnswer.Member? {
        let type: String
        switch principal.kind {
        case .user, .serviceAccount: type = "USER"
        case .group: type = "GROUP"
        default: return nil
        }
        let id = type == "GROUP" ? groupId(principal.identifier) : userId(principal.identifier)
        return MembersAnswer.Member(
            kind: "admin#directory#member", id: id, email: principal.identifier, role: "MEMBER", type: type, status: "ACTIVE", etag: etag(principal.member)
        )
    }

    private static func digest(_ text: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(text.utf8)))
    }

    /// A stable group id in Google's style, such as `03abc1def4gh5ij`.
    static func groupId(_ email: String) -> String {
        "0" + digest("group:" + email).prefix(7).map { String(format: "%02x", $0) }.joined()
    }

    /// A stable numeric user id in Google's style, 21 digits.
    static func userId(_ email: String) -> String {
        "1" + digest("user:" + email).prefix(10).map { String(format: "%02d", Int($0) % 100) }.joined()
    }

    private static func etag(_ text: String) -> String {
        "\"" + Data(digest(text).prefix(12)).base64EncodedString() + "\""
    }

    // MARK: - Answers

    /// `Groups` of the discovery document.
    struct GroupsAnswer: Encodable {
        struct Group: Encodable {
            let kind: String
            let id: String
            let email: String
            let name: String
            let directMembersCount: String
            let adminCreated: Bool
            let etag: String
        }
        let kind: String
        let etag: String
        let groups: [Group]?
        let nextPageToken: String?
    }

    /// `Members` of the discovery document.
    struct MembersAnswer: Encodable {
        struct Member: Encodable {
            let kind: String
            let id: String
            let email: String
            let role: String
            let type: String
            let status: String
            let etag: String
        }
        let kind: String
        let etag: String
        let members: [Member]?
        let nextPageToken: String?
    }
}

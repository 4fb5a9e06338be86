import AsyncHTTPClient
import Foundation
import Hummingbird
import JITAccessCore
import JITAccessEmulator
import JITAccessGoogle
import JITAccessRuntime
import NIOCore
import Testing

@Suite("Directory API groups against the emulator")
struct GroupDirectoryTests {
    @Test("a user's groups include nested ones: two deep in the demo cloud, three deep below")
    func nestedGroups() async throws {
        let cloud = try EmulatedCloud()
        try cloud.addGroups([
            ("level1@example.com", ["user:zed@example.com"]),
            ("level2@example.com", ["group:level1@example.com"]),
            ("level3@example.com", ["group:level2@example.com"]),
        ])
        try await cloud.withDirectory { directory in
            // bob is in oncall, which is in dbas.
            let answer1 = try await directory.groups(of: "Bob@Example.com")
            #expect(answer1 == ["oncall@example.com", "dbas@example.com"])
            let answer2 = try await directory.groups(of: "zed@example.com")
            #expect(answer2 == ["level1@example.com", "level2@example.com", "level3@example.com"])
            let answer3 = try await directory.groups(of: "level1@example.com")
            #expect(answer3 == ["level2@example.com", "level3@example.com"])
        }
        // Google answers direct memberships only: every group found was asked about in turn.
        let queries = cloud.recorded("/admin/directory/v1/groups").compactMap(\.query)
        #expect(queries.contains { $0.contains("memberKey%3Dlevel2%40example.com") && $0.contains("customer=C0123abcd") })
    }

    @Test("groups in a cycle are each asked about once")
    func cycle() async throws {
        let backend = ScriptedDirectory(groupsOf: [
            "alice@example.com": ["g1@example.com"], "g1@example.com": ["g2@example.com"], "g2@example.com": ["g1@example.com"],
        ])
        let groups = try await withLocalServer(router: backend.router) { baseURL in
            try await scriptedDirectory(baseURL).groups(of: "alice@example.com")
        }
        #expect(groups == ["g1@example.com", "g2@example.com"])
        #expect(await backend.asked == ["alice@example.com", "g1@example.com", "g2@example.com"])
    }

    @Test("more than 200 groups and members are read page by page")
    func paging() async throws {
        let cloud = try EmulatedCloud()
        let groups: [(email: String, members: [String])] = (0..<250).map { (email: String(format: "team%03d@example.com", $0), members: ["user:many@example.com"]) }
        let users = (0..<450).map { String(format: "user:u%03d@example.com", $0) }
        try cloud.addGroups(groups + [(email: "big@example.com", members: users)])
        try await cloud.withDirectory { directory in
            let answer4 = try await directory.groups(of: "many@example.com")
            #expect(answer4 == Set(groups.map(\.email)))
            let all = try await directory.members(of: "big@example.com", limit: 1000)
            #expect(all.users.count == 450 && Set(all.users) == Set(users.map { String($0.dropFirst(5)) }) && !all.isTruncated)
            let some = try await directory.members(of: "big@example.com", limit: 300)
            #expect(some.users.count == 300 && some.isTruncated)
        }
        let userPages = cloud.recorded("/admin/directory/v1/groups").filter { $0.query?.contains("memberKey%3Dmany%40") == true }
        #expect(userPages.count == 2 && userPages[1].query?.contains("pageToken=") == true)
        // 450 members in pages of 200 take three requests; 300 of them two.
        #expect(cloud.recorded("/admin/directory/v1/groups/big%40example.com/members").count == 5)
    }

    @Test("a user of another domain has the groups that hold them, and none when Google does not know them")
    func userOfAnotherDomain() async throws {
        let cloud = try EmulatedCloud()
        try cloud.addGroups([("oncall@example.com", ["user:bob@example.com", "user:carol@example.com", "user:olga@partner.test"])])
        try await cloud.withDirectory { directory in
            let answer5 = try await directory.groups(of: "olga@partner.test")
            #expect(answer5 == ["oncall@example.com", "dbas@example.com"])
            let answer6 = try await directory.groups(of: "eve@elsewhere.test")
            #expect(answer6 == [])
        }
        // The emulator answered 400 "Invalid Input: memberKey", as Google does, and that is no groups.
        #expect(cloud.recorded("/admin/directory/v1/groups").last?.answer?.status == 400)
    }

    @Test("members are active users only, nested groups expanded; a group Google does not know is empty")
    func activeUsersOnly() async throws {
        let cloud = try EmulatedCloud()
        try await cloud.withDirectory { directory in
            // dbas holds alice and the group oncall (bob, carol): the group itself is no user.
            let dbas = try await directory.members(of: "dbas@example.com", limit: 100)
            #expect(Set(dbas.users) == ["alice@example.com", "bob@example.com", "carol@example.com"] && dbas.users.count == 3)
            let answer7 = try await directory.members(of: "nobody@example.com", limit: 100)
            #expect(answer7 == GroupMembers(users: [], isTruncated: false))
        }
        let answer = try #require(cloud.recorded("/admin/directory/v1/groups/dbas%40example.com/members").first?.answer)
        #expect(String(decoding: answer.body, as: UTF8.self).contains(#""type":"GROUP""#))
    }

    @Test("suspended users, nested groups and whole-domain members are left out")
    func inactiveAndNonUserMembers() async throws {
        let backend = ScriptedDirectory(members: [
            #"{"email":"Active@Example.com","type":"USER","status":"ACTIVE"}"#,
            #"{"email":"suspended@example.com","type":"USER","status":"SUSPENDED"}"#,
            #"{"email":"invited@example.com","type":"USER","status":"UNDEFINED"}"#,
            #"{"email":"nested@example.com","type":"GROUP","status":"ACTIVE"}"#,
            #"{"id":"C0123abcd","type":"CUSTOMER","status":"ACTIVE"}"#,
        ])
        let members = try await withLocalServer(router: backend.router) { baseURL in
            try await scriptedDirectory(baseURL).members(of: "eng@example.com", limit: 10)
        }
        #expect(members == GroupMembers(users: ["active@example.com"], isTruncated: false))
    }

    @Test("past the cap on groups visited the walk fails rather than answer partially")
    func cap() async throws {
        let cloud = try EmulatedCloud()
        var chain: [(email: String, members: [String])] = [("chain0@example.com", ["user:deep@example.com"])]
        chain += (1..<6).map { (email: "chain\($0)@example.com", members: ["group:chain\($0 - 1)@example.com"]) }
        try cloud.addGroups(chain)
        try await cloud.withDirectory { directory in
            let answer8 = try await directory.limitingGroups(to: 6).groups(of: "deep@example.com")
            #expect(answer8.count == 6)
            let error = await #expect(throws: JITAccessError.self) {
                try await directory.limitingGroups(to: 5).groups(of: "deep@example.com")
            }
            #expect(error?.message.contains("more than 5 groups") == true)
        }
        #expect(GroupDirectory.defaultMaximumGroups == 2_000)
    }

    @Test("hasMember counts nesting within the domain, and lists the group for a member of another domain")
    func hasMember() async throws {
        let cloud = try EmulatedCloud()
        try cloud.addGroups([("oncall@example.com", ["user:bob@example.com", "user:carol@example.com", "user:olga@partner.test"])])
        try await cloud.withDirectory { directory in
            let answer9 = try await directory.hasMember(group: "dbas@example.com", member: "bob@example.com")
            #expect(answer9)
            let answer10 = try await directory.hasMember(group: "dbas@example.com", member: "dave@example.com")
            #expect(!answer10)
            #expect(cloud.recorded("/members").isEmpty)
            // Google will not follow nesting across domains (400 "Invalid Input"); the listing does.
            let answer11 = try await directory.hasMember(group: "DBAs@example.com", member: "olga@partner.test")
            #expect(answer11)
            let answer12 = try await directory.hasMember(group: "dbas@example.com", member: "eve@elsewhere.test")
            #expect(!answer12)
            let answer13 = try await directory.hasMember(group: "nobody@example.com", member: "bob@example.com")
            #expect(!answer13)
        }
        #expect(cloud.recorded("/hasMember/olga%40partner.test").first?.answer?.status == 400)
        #expect(cloud.recorded("/admin/directory/v1/groups/dbas%40example.com/members").count == 2)
    }

    @Test("what cannot be an e-mail is never sent: it belongs to no group, and no group has that name", arguments: [
        "alice@example.com/../x", "alice@example.com?customer=C1", "alice", "alice@example.com\n", "a lice@example.com",
        "\u{430}lice@example.com",
    ])
    func malformedMember(member: String) async throws {
        let cloud = try EmulatedCloud()
        try await cloud.withDirectory { directory in
            let groups = try await directory.groups(of: member)
            #expect(groups.isEmpty)
            let isMember = try await directory.hasMember(group: "dbas@example.com", member: member)
            #expect(!isMember)
            let isMemberOfIt = try await directory.hasMember(group: member, member: "alice@example.com")
            #expect(!isMemberOfIt)
            await #expect(throws: JITAccessError.self) { try await directory.members(of: member, limit: 10) }
        }
        #expect(cloud.recorded("/admin/directory/").isEmpty)
    }

    @Test("the readiness check names RESOURCE_CUSTOMER_ID when the Directory API does not know the customer")
    func unknownCustomer() async throws {
        let cloud = try EmulatedCloud()
        try await cloud.withDirectory { directory in try await directory.checkCustomer() }
        try await cloud.withDirectory(customerId: "C999unknown") { directory in
            let error = await #expect(throws: JITAccessError.self) { try await directory.checkCustomer() }
            #expect(error?.message.contains("RESOURCE_CUSTOMER_ID") == true)
            // Listing takes the same answer for "a member of no group": only the check tells.
            let groups = try await directory.groups(of: "alice@example.com")
            #expect(groups.isEmpty)
        }
    }

    @Test("a customer ID that does not start with C is refused before anything is sent")
    func customerId() async throws {
        let cloud = try EmulatedCloud()
        try await cloud.withDirectory(customerId: "0123abcd") { directory in
            let error = await #expect(throws: JITAccessError.self) { try await directory.groups(of: "alice@example.com") }
            #expect(error?.message.contains("start with C") == true)
        }
        #expect(cloud.recorded("/admin/directory/").isEmpty)
    }

    @Test("the metadata server's token lacks the Directory scope: refused, with what to grant")
    func metadataTokenRefused() async throws {
        let cloud = try EmulatedCloud()
        try await cloud.withDirectory(metadataTokenOnly: true) { directory in
            let error = await #expect(throws: JITAccessError.self) { try await directory.groups(of: "alice@example.com") }
            #expect(error?.message.contains("Groups Reader") == true)
            #expect(error?.message.contains("admin.directory.group.readonly") == true)
        }
        let answer = try #require(cloud.recorded("/admin/directory/").first?.answer)
        #expect(answer.status == 403 && String(decoding: answer.body, as: UTF8.self).contains("insufficientPermissions"))
    }

    @Test("one impersonated token serves many calls")
    func tokenCached() async throws {
        let cloud = try EmulatedCloud()
        try await cloud.withDirectory { directory in
            for user in ["alice@example.com", "bob@example.com", "carol@example.com"] {
                _ = try await directory.groups(of: user)
            }
            _ = try await directory.members(of: "dbas@example.com", limit: 10)
        }
        #expect(cloud.recorded(":generateAccessToken").count == 1)
        #expect(cloud.recorded("/admin/directory/").count >= 6)
    }

    @Test("a refusal of the service account names the Groups Reader role")
    func permissionDenied() async throws {
        let backend = ScriptedBackend([.init(
            status: 403, body: #"{"error":{"code":403,"message":"Not Authorized to access this resource/api","errors":[{"domain":"global","reason":"forbidden","message":"Not Authorized to access this resource/api"}]}}"#
        )])
        let error = await #expect(throws: JITAccessError.self) {
            try await withLocalServer(router: backend.router) { baseURL in
                try await scriptedDirectory(baseURL).members(of: "eng@example.com", limit: 10)
            }
        }
        #expect(error?.message.contains("Groups Reader") == true)
    }

    /// A directory of the scripted server at `baseURL`, with a static token.
    private func scriptedDirectory(_ baseURL: String) -> GroupDirectory {
        GroupDirectory(
            customerId: "C0123abcd", endpoints: GoogleEndpoints(directory: baseURL), client: .shared, credentials: StaticToken(),
            clock: SystemWallClock(), retry: shortGoogleRetry(), logger: quietLogger
        )
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JITAccessCore
import JITAccessEmulator
import JITAccessRuntime
import JITAccessTestSupport
import Testing

@Suite("The Admin SDK Directory API's group reads")
struct DirectoryTests {
    static let readonly = "https://www.googleapis.com/auth/admin.directory.group.readonly"
    static let memberReadonly = "https://www.googleapis.com/auth/admin.directory.group.member.readonly"

    /// Runs `body` against the emulator on the demo cloud (with olga@partner.test added to
    /// oncall), then requires every exchange to fit the discovery documents.
    private func withEmulator(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let cloud = try TemporaryCloud()
        var text = String(decoding: try cloud.bytes, as: UTF8.self)
        text = text.replacingOccurrences(of: #""user:carol@example.com""#, with: #""user:carol@example.com", "user:olga@partner.test""#)
        try Data(text.utf8).write(to: URL(fileURLWithPath: cloud.path), options: .atomic)
        let documents = try ["cloudresourcemanager.v3", "cloudasset.v1", "iamcredentials.v1", "admin.directory_v1"].map { try DiscoveryDocument(fixture: $0) }
        let app = buildEmulator(
            iam: cloud.iam, configuration: EmulatorConfiguration(port: 0, acceptsOnlyIssuedTokens: true, discoveryDocuments: documents), clock: SystemWallClock()
        )
        try await app.test(.router) { client in
            try await body(client)
            let report = try await client.call("/emulator/journal/problems", method: .get, token: nil)
            #expect(try report.json["problems"] == .array([]), "\(report.text)")
        }
    }

    @Test("a metadata token lacks the Directory scopes and is refused as Google's front end refuses it; an impersonated one passes")
    func scopes() async throws {
        try await withEmulator { client in
            let refused = try await client.call("/admin/directory/v1/groups?customer=C0123abcd", method: .get)
            #expect(refused.status == .forbidden)
            let error = try refused.json["error"]
            #expect(error?["message"] == .string("Request had insufficient authentication scopes."))
            #expect(error?["status"] == .string("PERMISSION_DENIED"))
            #expect(Self.firstReason(error) == "insufficientPermissions")

            let token = try await client.directoryToken(scopes: [Self.readonly])
            #expect(try await client.call("/admin/directory/v1/groups?customer=C0123abcd", method: .get, token: token).status == .ok)
            // The member scopes reach the member methods only.
            let memberToken = try await client.directoryToken(scopes: [Self.memberReadonly])
            #expect(try await client.call("/admin/directory/v1/groups?customer=C0123abcd", method: .get, token: memberToken).status == .forbidden)
            #expect(try await client.call("/admin/directory/v1/groups/dbas%40example.com/members", method: .get, token: memberToken).status == .ok)
        }
    }

    @Test("groups.list answers direct memberships only, for the emulated customer")
    func directGroups() async throws {
        try await withEmulator { client in
            let token = try await client.directoryToken(scopes: [Self.readonly])
            let bob = try await client.call("/admin/directory/v1/groups?customer=C0123abcd&query=memberKey%3Dbob%40example.com", method: .get, token: token)
            #expect(try bob.groupEmails == ["oncall@example.com"])
            let oncall = try await client.call("/admin/directory/v1/groups?customer=my_customer&query=memberKey%3Doncall%40example.com", method: .get, token: token)
            #expect(try oncall.groupEmails == ["dbas@example.com"])
            let byDomain = try await client.call("/admin/directory/v1/groups?domain=example.com&userKey=olga%40partner.test", method: .get, token: token)
            #expect(try byDomain.groupEmails == ["oncall@example.com"])
            let all = try await client.call("/admin/directory/v1/groups?customer=C0123abcd", method: .get, token: token)
            #expect(try all.groupEmails == ["dbas@example.com", "developers@example.com", "oncall@example.com"])
        }
    }

    @Test("groups.list refuses what Google refuses, in the Directory API's error format", arguments: [
        ("customer=C0123abcd&userKey=bob%40example.com", 400, "badRequest"),
        ("query=memberKey%3Dbob%40example.com", 400, "badRequest"),
        ("customer=C9999zzzz&query=memberKey%3Dbob%40example.com", 400, "badRequest"),
        ("customer=C0123abcd&query=memberKey%3Deve%40elsewhere.test", 400, "invalid"),
        ("customer=C0123abcd&maxResults=201", 400, "invalid"),
        ("customer=C0123abcd&pageToken=bm9uc2Vuc2U", 400, "invalid"),
    ])
    func groupsListErrors(query: String, status: Int, reason: String) async throws {
        try await withEmulator { client in
            let token = try await client.directoryToken(scopes: [Self.readonly])
            let answer = try await client.call("/admin/directory/v1/groups?\(query)", method: .get, token: token)
            #expect(answer.status.code == status, "\(answer.text)")
            let error = try answer.json["error"]
            #expect(Self.firstReason(error) == reason)
            #expect(error?["status"] == nil)
        }
    }

    @Test("lists page by maxResults; a page token serves its own listing only")
    func paging() async throws {
        try await withEmulator { client in
            let token = try await client.directoryToken(scopes: [Self.readonly])
            let listing = "/admin/directory/v1/groups?customer=C0123abcd&query=memberKey%3Dalice%40example.com&maxResults=1"
            let first = try await client.call(listing, method: .get, token: token)
            #expect(try first.groupEmails == ["dbas@example.com"])
            let next = try #require(try first.json["nextPageToken"]?.stringValue)
            let second = try await client.call("\(listing)&pageToken=\(next)", method: .get, token: token)
            #expect(try second.groupEmails == ["developers@example.com"])
            #expect(try second.json["nextPageToken"] == nil)
            let other = try await client.call(
                "/admin/directory/v1/groups?customer=C0123abcd&query=memberKey%3Dbob%40example.com&maxResults=1&pageToken=\(next)", method: .get, token: token
            )
            #expect(other.status == .badRequest)
        }
    }

    @Test("members.list expands nested groups on request; an unknown group is 404")
    func members() async throws {
        try await withEmulator { client in
            let token = try await client.directoryToken(scopes: [Self.readonly])
            let direct = try await client.call("/admin/directory/v1/groups/dbas%40example.com/members", method: .get, token: token)
            #expect(try direct.members == ["alice@example.com USER ACTIVE", "oncall@example.com GROUP ACTIVE"])
            let derived = try await client.call("/admin/directory/v1/groups/dbas%40example.com/members?includeDerivedMembership=true", method: .get, token: token)
            #expect(try derived.members == [
                "alice@example.com USER ACTIVE", "oncall@example.com GROUP ACTIVE", "bob@example.com USER ACTIVE", "carol@example.com USER ACTIVE",
                "olga@partner.test USER ACTIVE",
            ])
            let unknown = try await client.call("/admin/directory/v1/groups/nobody%40example.com/members", method: .get, token: token)
            #expect(unknown.status == .notFound)
            #expect(try unknown.json["error"]?["message"] == .string("Resource Not Found: groupKey"))
        }
    }

    @Test("hasMember follows nesting within the group's domain only")
    func hasMember() async throws {
        try await withEmulator { client in
            let token = try await client.directoryToken(scopes: [Self.readonly])
            func ask(_ group: String, _ member: String) async throws -> EmulatorAnswer {
                try await client.call("/admin/directory/v1/groups/\(group)/hasMember/\(member)", method: .get, token: token)
            }
            #expect(try await ask("dbas%40example.com", "bob%40example.com").json["isMember"] == .bool(true))
            #expect(try await ask("dbas%40example.com", "dave%40example.com").json["isMember"] == .bool(false))
            #expect(try await ask("oncall%40example.com", "olga%40partner.test").json["isMember"] == .bool(true))
            let nestedElsewhere = try await ask("dbas%40example.com", "olga%40partner.test")
            #expect(nestedElsewhere.status == .badRequest)
            #expect(try nestedElsewhere.json["error"]?["message"] == .string("Invalid Input: memberKey"))
            #expect(try await ask("nobody%40example.com", "bob%40example.com").status == .notFound)
        }
    }

    @Test("generateAccessToken issues a token with the scopes asked for, for an hour at most")
    func generateAccessToken() async throws {
        try await withEmulator { client in
            let path = "/v1/projects/-/serviceAccounts/jitaccess%40emulator.iam.gserviceaccount.com:generateAccessToken"
            #expect(try await client.call(path, body: #"{"scope":[]}"#).status == .badRequest)
            #expect(try await client.call(path, body: #"{"scope":["x"],"lifetime":"7200s"}"#).status == .badRequest)
            let answer = try await client.call(path, body: #"{"scope":["\#(Self.readonly)"],"lifetime":"600s"}"#)
            #expect(answer.status == .ok)
            let expiry = try #require(try answer.json["expireTime"]?.stringValue.flatMap { Timestamp(rfc3339: $0) })
            #expect(abs(expiry.secondsSinceEpoch - SystemWallClock().now.secondsSinceEpoch - 600) <= 5)
        }
    }

    /// The `reason` of the first entry of an error's `errors`.
    static func firstReason(_ error: JSONValue?) -> String? {
        guard case .array(let items)? = error?["errors"], let first = items.first else { return nil }
        return first["reason"]?.stringValue
    }

    @Test("a customer ID is C and letters and digits")
    func customerIdShape() {
        #expect(EmulatorConfiguration.isCustomerId("C0123abcd"))
        #expect(EmulatorConfiguration.isCustomerId(EmulatorConfiguration.defaultCustomerId))
        for wrong in ["0123abcd", "C", "c0123abcd", "C01-23", "C01 23", "my_customer"] {
            #expect(!EmulatorConfiguration.isCustomerId(wrong), "\(wrong)")
        }
    }
}

private extension TestClientProtocol {
    /// A token with `scopes`, impersonating the emulator's service account as jitaccess does.
    func directoryToken(scopes: [String]) async throws -> String {
        let body = String(decoding: try JSONEncoder().encode(["scope": scopes]), as: UTF8.self)
        let answer = try await call("/v1/projects/-/serviceAccounts/jitaccess%40emulator.iam.gserviceaccount.com:generateAccessToken", body: body)
        return try #require(try answer.json["accessToken"]?.stringValue, "\(answer.text)")
    }
}

private extension EmulatorAnswer {
    /// The e-mails of a `groups.list` answer.
    var groupEmails: [String] {
        get throws {
            guard case .array(let groups)? = try json["groups"] else { return [] }
            return groups.compactMap { $0["email"]?.stringValue }
        }
    }

    /// `EMAIL TYPE STATUS` of each member of a `members.list` answer.
    var members: [String] {
        get throws {
            guard case .array(let members)? = try json["members"] else { return [] }
            return members.map { "\($0["email"]?.stringValue ?? "") \($0["type"]?.stringValue ?? "") \($0["status"]?.stringValue ?? "")" }
        }
    }
}

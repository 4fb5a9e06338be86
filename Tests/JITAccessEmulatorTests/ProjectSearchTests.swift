import Foundation
import HTTPTypes
import HummingbirdTesting
import JITAccessCore
import JITAccessEmulator
import Testing

@Suite("Resource Manager v3 projects.search and v1 projects.getAncestry")
struct ProjectSearchTests {
    static let v3 = Result { try DiscoveryDocument(fixture: "cloudresourcemanager.v3") }
    static let v1 = Result { try DiscoveryDocument(fixture: "cloudresourcemanager.v1") }

    static func ids(_ answer: EmulatorAnswer) throws -> [String] {
        #expect(answer.status == .ok, "\(answer.text)")
        let json = try answer.json
        #expect(try v3.get().problems(in: json, asInstanceOf: "SearchProjectsResponse") == [])
        guard case .array(let projects)? = json["projects"] else { return [] }
        return projects.compactMap { $0["projectId"]?.stringValue }
    }

    @Test("terms are ANDed, case-insensitive, with a trailing * for a prefix", arguments: [
        ("state%3AACTIVE", ["dev-sandbox", "prod-db", "prod-web", "shared-logs"]),
        ("parent%3Afolders%2F200000000001", ["prod-db", "prod-web"]),
        ("parent.type%3Aorganization", ["shared-logs"]),
        ("id%3Aprod-*+state%3Aactive", ["prod-db", "prod-web"]),
        ("projectId%3APROD-DB", ["prod-db"]),
        ("projectId%3Aprod-d", []),
    ])
    func search(query: String, expected: [String]) async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            let answer = try await client.call("/v3/projects:search?query=\(query)", method: .get)
            let ids = try Self.ids(answer)
            #expect(ids == expected)
        }
    }

    @Test("a project carries its number and parent; pages follow nextPageToken")
    func paging() async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            let first = try await client.call("/v3/projects:search?pageSize=3", method: .get)
            #expect(try Self.ids(first) == ["dev-sandbox", "prod-db", "prod-web"])
            guard case .array(let projects)? = try first.json["projects"] else { return }
            #expect(projects[1]["name"] == .string("projects/300000000001"))
            #expect(projects[1]["parent"] == .string("folders/200000000001"))
            let token = try #require(try first.json["nextPageToken"]?.stringValue?.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            let second = try await client.call("/v3/projects:search?pageSize=3&pageToken=\(token)", method: .get)
            #expect(try Self.ids(second) == ["shared-logs"])
            #expect(try second.json["nextPageToken"] == nil)
        }
    }

    @Test("a query the emulator cannot read is 400 INVALID_ARGUMENT", arguments: ["labels.env%3Aprod", "prod", "%3Aprod"])
    func badQuery(query: String) async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            let answer = try await client.call("/v3/projects:search?query=\(query)", method: .get)
            #expect(answer.status == .badRequest, "\(answer.text)")
            #expect(try answer.json["error"]?["status"] == .string("INVALID_ARGUMENT"))
        }
    }

    @Test("getAncestry lists the project, its folders and its organization")
    func ancestry() async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            let answer = try await client.call("/v1/projects/prod-db:getAncestry", body: "{}")
            #expect(answer.status == .ok, "\(answer.text)")
            let json = try answer.json
            #expect(try Self.v1.get().problems(in: json, asInstanceOf: "GetAncestryResponse") == [])
            guard case .array(let ancestors)? = json["ancestor"] else { return }
            #expect(ancestors.map { "\($0["resourceId"]?["type"]?.stringValue ?? "")/\($0["resourceId"]?["id"]?.stringValue ?? "")" } == [
                "project/prod-db", "folder/200000000001", "organization/100000000001",
            ])
        }
    }

    @Test("getAncestry of an unknown project is 403, as Resource Manager answers for what the caller cannot see")
    func unknownAncestry() async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            let answer = try await client.call("/v1/projects/no-such-project:getAncestry", body: "{}")
            #expect(answer.status == .forbidden, "\(answer.text)")
            #expect(try answer.json["error"]?["status"] == .string("PERMISSION_DENIED"))
        }
    }
}

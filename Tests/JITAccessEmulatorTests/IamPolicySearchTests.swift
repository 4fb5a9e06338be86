import Foundation
import HTTPTypes
import HummingbirdTesting
import JITAccessCore
import JITAccessEmulator
import Testing

@Suite("Cloud Asset v1 searchAllIamPolicies")
struct IamPolicySearchTests {
    static let schema = Result { try DiscoveryDocument(fixture: "cloudasset.v1") }

    static func search(_ query: String, scope: String = "organizations/100000000001", extra: String = "") -> String {
        "/v1/\(scope):searchAllIamPolicies?query=\(query)\(extra)"
    }

    static func resources(_ answer: EmulatorAnswer) throws -> [String] {
        #expect(answer.status == .ok, "\(answer.text)")
        let json = try answer.json
        #expect(try schema.get().problems(in: json, asInstanceOf: "SearchAllIamPoliciesResponse") == [])
        guard case .array(let results)? = json["results"] else { return [] }
        return results.compactMap { $0["resource"]?.stringValue }
    }

    @Test("spaces may come as + or %20, and a phrase matches its tokens in a row", arguments: [
        "policy%3A%22Eligible+for+JIT+access%22", "policy%3A%22Eligible%20for%20JIT%20access%22", "policy:%22eligible%20FOR%20jit%20ACCESS%22",
    ])
    func spaces(query: String) async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            let found = try Self.resources(try await client.call(Self.search(query), method: .get))
            #expect(found.count == 6, "\(found)")
            let reversed = try Self.resources(try await client.call(Self.search("policy%3A%22access+JIT%22"), method: .get))
            #expect(reversed == [], "tokens must be consecutive and in order")
        }
    }

    @Test("a result holds only the matching bindings, the project number, folders and organization")
    func resultFields() async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            let answer = try await client.call(Self.search("policy%3Aalice%40example.com"), method: .get)
            #expect(try Self.resources(answer) == ["//cloudresourcemanager.googleapis.com/projects/prod-db"])
            let result = try answer.json["results"].flatMap { value -> JSONValue? in
                guard case .array(let items) = value else { return nil }
                return items.first
            }
            #expect(result?["project"] == .string("projects/300000000001"))
            #expect(result?["folders"] == .array([.string("folders/200000000001")]))
            #expect(result?["organization"] == .string("organizations/100000000001"))
            #expect(result?["assetType"] == .string("cloudresourcemanager.googleapis.com/Project"))
            guard case .array(let bindings)? = result?["policy"]?["bindings"] else {
                Issue.record("no bindings in \(answer.text)")
                return
            }
            #expect(bindings.map { $0["role"]?.stringValue } == ["roles/cloudsql.viewer"])
        }
    }

    @Test("pages follow nextPageToken; a token reused with another query is refused")
    func paging() async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            var seen: [String] = []
            var token: String?
            repeat {
                let page = try await client.call(
                    Self.search("policy%3Adevelopers%40example.com", extra: "&pageSize=1" + (token.map { "&pageToken=\($0)" } ?? "")), method: .get
                )
                let found = try Self.resources(page)
                #expect(found.count == 1)
                seen += found
                token = try page.json["nextPageToken"]?.stringValue?.addingPercentEncoding(withAllowedCharacters: .alphanumerics)
            } while token != nil && seen.count < 10
            #expect(seen.count == 3)
            let first = try await client.call(Self.search("policy%3Adevelopers%40example.com", extra: "&pageSize=1"), method: .get)
            let next = try #require(try first.json["nextPageToken"]?.stringValue?.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            let changed = try await client.call(Self.search("policy%3Aalice", extra: "&pageSize=1&pageToken=\(next)"), method: .get)
            #expect(changed.status == .badRequest)
        }
    }

    @Test("a query the emulator cannot read is 400 INVALID_ARGUMENT in Google's format", arguments: [
        "policy%3Dalice", "resource%3Afoo", "%28policy%3Aalice", "policy%3Aalice%29", "policy%3A%22open", "memberTypes%3Arobot", "AND+policy%3Aalice",
        "policy%3A", (1...11).map { "policy%3Aa\($0)" }.joined(separator: "+OR+"),
    ])
    func badQueries(query: String) async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            let answer = try await client.call(Self.search(query), method: .get)
            #expect(answer.status == .badRequest, "\(answer.text)")
            #expect(try answer.json["error"]?["status"] == .string("INVALID_ARGUMENT"))
            #expect(try answer.json["error"]?["code"] == .number(400))
        }
    }

    @Test("assetTypes are regular expressions over Google's asset types; the scope bounds the search")
    func narrowing() async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            let folders = try Self.resources(try await client.call(
                Self.search("policy%3Adevelopers%40example.com", extra: "&assetTypes=cloudresourcemanager.googleapis.com%2F%28Folder%7COrganization%29"), method: .get
            ))
            #expect(folders == ["//cloudresourcemanager.googleapis.com/folders/200000000001"])
            let scoped = try Self.resources(try await client.call(Self.search("memberTypes%3Adomain", scope: "folders/200000000001"), method: .get))
            #expect(scoped == [], "the organization's policy is above the scope")
        }
    }
}

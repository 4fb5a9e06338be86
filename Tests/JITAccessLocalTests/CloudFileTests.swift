import Foundation
import JITAccessCore
import JITAccessLocal
import Testing

@Suite("Cloud file: loading and validation")
struct CloudFileTests {
    @Test func createsTheDemoCloudOnceWithMode0644() throws {
        let cloud = try CloudFolder()
        let attributes = try FileManager.default.attributesOfItem(atPath: cloud.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o644)
        let before = try cloud.bytes
        #expect(try EmbeddedIAM.createDemoCloud(at: cloud.path) == false)
        #expect(try cloud.bytes == before)
        _ = try cloud.iam()
    }

    @Test func theDemoCloudHasTheDocumentedShape() async throws {
        let cloud = try CloudFolder()
        let json = try cloud.json()
        let projects = (json["projects"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(Set(projects).isSuperset(of: ["prod-db", "prod-web", "dev-sandbox", "shared-logs"]))
        let iam = try cloud.iam()
        let organization = try await iam.policy(of: ResourceName(kind: .organization, id: "100000000001"))
        #expect(organization.bindings.contains { $0.role == "roles/viewer" && $0.members == ["domain:example.com"] && $0.condition == nil })
        #expect(organization.bindings.contains { $0.condition?.expression.contains("||") == true && EligibilityCondition($0.condition) == nil })
        for project in projects {
            #expect(try await iam.policy(of: ResourceName(Fixture.project(project))).etag?.isEmpty == false)
        }
    }

    struct BadFile: Sendable, CustomTestStringConvertible {
        let name: String
        let json: String
        let location: String?
        let message: String
        var testDescription: String { name }
    }

    static let badFiles: [BadFile] = [
        BadFile(name: "syntax error", json: "{\n  \"organization\": {\"id\": \"100000000001\"},\n  \"projects\": [\n    {\"id\": \"prod-db\" \"parent\": \"organizations/100000000001\"}\n  ]\n}", location: "4:22", message: "expected ',' or '}'"),
        BadFile(name: "double comma", json: "{\n  \"organization\": {\"id\": \"100000000001\"},\n  \"folders\": [,]\n}\n", location: "3:15", message: "expected a value before ','; is there a comma too many?"),
        BadFile(name: "unterminated string", json: "{\n  \"organization\": {\"id\": \"100000000001},\n  \"folders\": []\n}\n", location: "2:26", message: "no closing"),
        BadFile(name: "single quotes", json: "{\n  \"organization\": {'id': \"1\"}}", location: "2:20", message: "double quotes"),
        BadFile(name: "truncated file", json: "{\n  \"organization\": {\"id\": \"1\"", location: "2:29", message: "the file ends inside an object"),
        BadFile(name: "unknown parent", json: Fixture.cloud().replacingOccurrences(of: #""parent": "organizations/100000000001"}"#, with: #""parent": "folders/9"}"#), location: "key projects[1].parent", message: "folder 'folders/9' does not exist"),
        BadFile(name: "bad project id", json: Fixture.cloud().replacingOccurrences(of: "project-two", with: "Project_2"), location: "key projects[1].id", message: "'Project_2' is not a valid project id"),
        BadFile(name: "duplicate project", json: Fixture.cloud().replacingOccurrences(of: "project-two", with: "project-one"), location: "key projects[1].id", message: "projects/project-one is listed twice"),
        BadFile(name: "folder id not numeric", json: Fixture.cloud().replacingOccurrences(of: #""id": "200000000001""#, with: #""id": "prod""#), location: "key folders[0].id", message: "'prod' is not a valid folder id"),
        BadFile(name: "wrong type", json: Fixture.cloud().replacingOccurrences(of: #""id": "project-two""#, with: #""id": 12"#), location: "key projects[1].id", message: "expected a string"),
        BadFile(name: "missing organization", json: #"{"projects": []}"#, location: "key organization", message: "is missing"),
        BadFile(name: "not an object", json: "[]", location: nil, message: "must hold a JSON object"),
        BadFile(name: "bad member", json: Fixture.cloud(projectPolicy: Fixture.policy(members: ["user:alice@example.com", "alice@example.com"])), location: "key projects[0].policy.bindings[0].members[1]", message: "'alice@example.com' has no kind"),
        BadFile(name: "member with a bad e-mail", json: Fixture.cloud(folderPolicy: Fixture.policy(members: ["user:alice"])), location: "key folders[0].policy.bindings[0].members[0]", message: "'alice' is not an e-mail address"),
        BadFile(name: "unknown member kind", json: Fixture.cloud(folderPolicy: Fixture.policy(members: ["usr:alice@example.com"])), location: "key folders[0].policy.bindings[0].members[0]", message: "unknown kind 'usr'"),
        BadFile(name: "bad role", json: Fixture.cloud(organizationPolicy: Fixture.policy(role: "viewer", members: ["user:alice@example.com"])), location: "key organization.policy.bindings[0].role", message: "'viewer' is not a role"),
        BadFile(name: "condition without expression", json: Fixture.cloud(projectPolicy: #"{"bindings": [{"role": "roles/viewer", "members": ["user:a@example.com"], "condition": {"title": "x"}}]}"#), location: "key projects[0].policy.bindings[0].condition.expression", message: "is missing"),
        BadFile(name: "blank expression", json: Fixture.cloud(projectPolicy: Fixture.policy(members: ["user:a@example.com"], expression: "  ")), location: "key projects[0].policy.bindings[0].condition.expression", message: "is empty"),
        BadFile(name: "group cycle", json: Fixture.cloud(groups: #"[{"email": "a@example.com", "members": ["group:b@example.com"]}, {"email": "b@example.com", "members": ["user:x@example.com", "group:c@example.com"]}, {"email": "c@example.com", "members": ["group:a@example.com"]}]"#), location: "key groups[0].members", message: "group:a@example.com -> group:b@example.com -> group:c@example.com -> group:a@example.com"),
        BadFile(name: "group containing itself", json: Fixture.cloud(groups: #"[{"email": "a@example.com", "members": ["group:A@example.com"]}]"#), location: "key groups[0].members", message: "group:a@example.com -> group:a@example.com"),
        BadFile(name: "domain in a group", json: Fixture.cloud(groups: #"[{"email": "a@example.com", "members": ["domain:example.com"]}]"#), location: "key groups[0].members[0]", message: "cannot be a group member"),
        BadFile(name: "duplicate group", json: Fixture.cloud(groups: #"[{"email": "a@example.com", "members": []}, {"email": "A@example.com", "members": []}]"#), location: "key groups[1].email", message: "listed twice"),
        BadFile(name: "folder cycle", json: #"{"organization": {"id": "1"}, "folders": [{"id": "2", "parent": "folders/3"}, {"id": "3", "parent": "folders/2"}]}"#, location: "key folders[0].parent", message: "folders/2 -> folders/3 -> folders/2"),
        BadFile(name: "project as parent", json: Fixture.cloud().replacingOccurrences(of: #""parent": "organizations/100000000001"}"#, with: #""parent": "projects/project-one"}"#), location: "key projects[1].parent", message: "is not a parent"),
    ]

    @Test(arguments: badFiles)
    func rejectsBadFilesNamingFileLocationAndProblem(_ example: BadFile) throws {
        let cloud = try CloudFolder(json: example.json)
        let error = #expect(throws: EmbeddedIAMError.self) { try cloud.iam() }
        #expect(error?.file == cloud.path)
        #expect(error?.location == example.location)
        #expect(error?.message.contains(example.message) == true, "\(error?.description ?? "")")
    }

    @Test func describesErrorsLikeACompiler() {
        #expect(EmbeddedIAMError(file: "cloud.json", location: "4:22", message: "boom").description == "cloud.json:4:22: boom")
        #expect(EmbeddedIAMError(file: "cloud.json", location: "key projects[2].parent", message: "boom").description == "cloud.json (key projects[2].parent): boom")
        #expect(EmbeddedIAMError(file: "cloud.json", location: nil, message: "boom").description == "cloud.json: boom")
    }

    @Test func aMissingFileIsAnError() throws {
        let cloud = try CloudFolder()
        let error = #expect(throws: EmbeddedIAMError.self) { try EmbeddedIAM(path: cloud.path + ".missing", clock: FixedClock(now: Fixture.now)) }
        #expect(error?.message.contains("No such file") == true)
    }

    @Test func aBrokenFileMakesReadsFailAsBackendErrorsAndHealthFail() async throws {
        let cloud = try CloudFolder()
        let iam = try cloud.iam()
        try cloud.write("{")
        #expect(throws: EmbeddedIAMError.self) { try iam.checkHealth() }
        do {
            _ = try await iam.policy(of: ResourceName(Fixture.project("prod-db")))
            Issue.record("expected an error")
        } catch let error as JITAccessError {
            guard case .backend(let message) = error else { Issue.record("expected a backend error, got \(error)"); return }
            #expect(message.contains(cloud.path))
        }
    }

    @Test func acceptsGoogleMemberKindsAndMissingPolicies() throws {
        let members = ["allUsers", "allAuthenticatedUsers", "serviceAccount:sa@p.iam.gserviceaccount.com", "domain:example.com", "deleted:user:old@example.com?uid=1", "principalSet://iam.googleapis.com/x"]
        let cloud = try CloudFolder(json: Fixture.cloud(projectPolicy: Fixture.policy(members: members, expression: nil)))
        #expect(throws: Never.self) { try cloud.iam().checkHealth() }
    }
}

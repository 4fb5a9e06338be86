import Foundation
import JITAccessCore
import JITAccessLocal
import Testing

@Suite("Embedded IAM: reading and writing policies")
struct PolicyStoreTests {
    let prodDb = ResourceName(Fixture.project("prod-db"))

    @Test func anUnknownResourceIsNotFound() async throws {
        let cloud = try CloudFolder()
        await #expect(throws: JITAccessError.notFound("The resource 'folders/9' does not exist.")) {
            try await cloud.iam().policy(of: ResourceName(kind: .folder, id: "9"))
        }
        await #expect(throws: JITAccessError.notFound("The resource 'projects/no-such-project' does not exist.")) {
            try await cloud.iam().setPolicy(IAMPolicy(etag: "x"), of: ResourceName(Fixture.project("no-such-project")), reason: "test")
        }
    }

    @Test func aStaleEtagIsAConflictAndWritesNothing() async throws {
        let cloud = try CloudFolder()
        let first = try cloud.iam()
        let second = try cloud.iam()
        let stale = try await first.policy(of: prodDb)
        var update = stale
        update.bindings.removeAll()
        let written = try await second.setPolicy(update, of: prodDb, reason: "test")
        #expect(written.etag != stale.etag)
        let before = try cloud.bytes
        await #expect(throws: JITAccessError.self) { try await first.setPolicy(stale, of: prodDb, reason: "test") }
        do {
            try await first.setPolicy(stale, of: prodDb, reason: "test")
        } catch let error as JITAccessError {
            guard case .conflict = error else { Issue.record("expected a conflict, got \(error)"); return }
        }
        #expect(try cloud.bytes == before)
    }

    @Test func returnsTheWrittenPolicyWithANewEtag() async throws {
        let cloud = try CloudFolder()
        let iam = try cloud.iam()
        var policy = try await iam.policy(of: prodDb)
        policy.bindings.append(IAMBinding(role: "roles/browser", members: ["user:erin@example.com"]))
        let written = try await iam.setPolicy(policy, of: prodDb, reason: "test")
        #expect(written.etag != policy.etag)
        #expect(written.etag?.hasPrefix("Bw") == true)
        #expect(written.bindings == policy.bindings)
        #expect(try await iam.policy(of: prodDb) == written)
        #expect(try await cloud.iam().policy(of: prodDb) == written)
    }

    @Test func aPolicyWithoutEtagGetsAStableOneAndKeepsItsWrittenOne() async throws {
        let cloud = try CloudFolder(json: Fixture.cloud(projectPolicy: #"{"bindings": [{"role": "roles/viewer", "members": ["user:erin@example.com"]}]}"#))
        let project = ResourceName(Fixture.project("project-one"))
        let read = try await cloud.iam().policy(of: project)
        let etag = try #require(read.etag)
        #expect(try await cloud.iam().policy(of: project).etag == etag)
        let missing = try await cloud.iam().policy(of: ResourceName(Fixture.project("project-two")))
        #expect(missing.bindings.isEmpty && missing.etag != nil)

        let written = try await cloud.iam().setPolicy(read, of: project, reason: "test")
        let stored = try cloud.json()["projects"] as? [[String: Any]]
        #expect((stored?.first?["policy"] as? [String: Any])?["etag"] as? String == written.etag)
        #expect(stored?.last?["policy"] == nil)
    }

    @Test func preservesEverythingElseIncludingUnknownFields() async throws {
        let json = """
        {
          "comment": "kept",
          "organization": {"id": "100000000001", "labels": {"env": "demo", "n": 7}, "policy": {"version": 3, "etag": "BwXorg=", "bindings": [], "auditConfigs": [{"service": "allServices"}]}},
          "folders": [{"id": "200000000001", "parent": "organizations/100000000001", "state": "ACTIVE"}],
          "projects": [
            {"id": "project-one", "parent": "folders/200000000001", "lifecycleState": "ACTIVE", "policy": {
              "version": 3, "etag": "BwXone=", "auditConfigs": [{"service": "storage.googleapis.com"}],
              "bindings": [{"role": "roles/viewer", "members": ["user:erin@example.com"], "future": true,
                            "condition": {"title": "t", "expression": "a > b", "location": {"line": 1}}}]}},
            {"id": "project-two", "parent": "organizations/100000000001", "policy": {"bindings": [{"role": "roles/owner", "members": ["user:x@example.com"]}]}}
          ],
          "groups": [{"email": "g@example.com", "members": ["user:erin@example.com"], "description": "a group"}]
        }
        """
        let cloud = try CloudFolder(json: json)
        let before = try cloud.json()
        let iam = try cloud.iam()
        let project = ResourceName(Fixture.project("project-one"))
        var policy = try await iam.policy(of: project)
        policy.bindings.append(IAMBinding(role: "roles/browser", members: ["user:erin@example.com"]))
        let written = try await iam.setPolicy(policy, of: project, reason: "test")

        var after = try cloud.json()
        var projects = try #require(after["projects"] as? [[String: Any]])
        var changed = try #require(projects[0]["policy"] as? [String: Any])
        #expect(changed["etag"] as? String == written.etag)
        #expect((changed["bindings"] as? [Any])?.count == 2)
        let expectedBinding: [String: Any] = ["role": "roles/viewer", "members": ["user:erin@example.com"], "future": true,
                                              "condition": ["title": "t", "expression": "a > b", "location": ["line": 1]]]
        #expect(((changed["bindings"] as? [Any])?.first as? NSDictionary) == expectedBinding as NSDictionary)
        // Everything but the written policy's etag and new binding is as before.
        changed["etag"] = "BwXone="
        changed["bindings"] = (changed["bindings"] as? [Any]).map { Array($0.prefix(1)) }
        projects[0]["policy"] = changed
        after["projects"] = projects
        #expect(after as NSDictionary == before as NSDictionary)
    }

    @Test func refusesAnInvalidPolicyAndWritesNothing() async throws {
        let cloud = try CloudFolder()
        let iam = try cloud.iam()
        var policy = try await iam.policy(of: prodDb)
        policy.bindings.append(IAMBinding(role: "roles/browser", members: ["erin@example.com"]))
        let before = try cloud.bytes
        await #expect(throws: JITAccessError.invalidArgument("The new policy of projects/prod-db is invalid: bindings[2].members[0]: 'erin@example.com' has no kind; write user:EMAIL, group:EMAIL, serviceAccount:EMAIL or domain:NAME")) {
            try await iam.setPolicy(policy, of: prodDb, reason: "test")
        }
        policy.bindings.removeLast()
        policy.etag = nil
        await #expect(throws: JITAccessError.self) { try await iam.setPolicy(policy, of: prodDb, reason: "test") }
        #expect(try cloud.bytes == before)
    }

    @Test func leavesNoTemporaryFilesAndKeepsPermissions() async throws {
        let cloud = try CloudFolder()
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: cloud.path)
        let iam = try cloud.iam()
        for _ in 0..<3 {
            try await iam.setPolicy(try await iam.policy(of: prodDb), of: prodDb, reason: "test")
        }
        let folder = URL(fileURLWithPath: cloud.path).deletingLastPathComponent().path
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["cloud.json", "cloud.json.lock"])
        let attributes = try FileManager.default.attributesOfItem(atPath: cloud.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o640)
    }

    @Test func writingTheSamePolicyTwiceGivesStableOutput() async throws {
        let cloud = try CloudFolder()
        let iam = try cloud.iam()
        let policy = try await iam.policy(of: prodDb)
        let written = try await iam.setPolicy(policy, of: prodDb, reason: "test")
        let once = try String(decoding: cloud.bytes, as: UTF8.self)
        try await iam.setPolicy(written, of: prodDb, reason: "test")
        let twice = try String(decoding: cloud.bytes, as: UTF8.self)
        let etag = try #require(try await iam.policy(of: prodDb).etag)
        #expect(twice == once.replacingOccurrences(of: try #require(written.etag), with: etag))
    }
}

import Foundation
import JITAccessCore
import JITAccessLocal
import Testing

@Suite("Embedded IAM: reading and writing policies")
struct PolicyStoreTests {
    let prodDb = ResourceName(Fixture.project("prod-db"))

    @Test func anUnknownResourceIsNotFound() async throws {
        let cloud = try TemporaryCloud()
        await #expect(throws: JITAccessError.notFound("The resource 'folders/9' does not exist.")) {
            try await cloud.iam().policy(of: ResourceName(kind: .folder, id: "9"))
        }
        await #expect(throws: JITAccessError.notFound("The resource 'projects/no-such-project' does not exist.")) {
            try await cloud.iam().setPolicy(IAMPolicy(etag: "x"), of: ResourceName(Fixture.project("no-such-project")), reason: "test")
        }
    }

    @Test func aStaleEtagIsAConflictAndWritesNothing() async throws {
        let cloud = try TemporaryCloud()
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
        let cloud = try TemporaryCloud()
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
        let cloud = try TemporaryCloud(json: Fixture.cloud(projectPolicy: #"{"bindings": [{"role": "roles/viewer", "members": ["user:erin@example.com"]}]}"#))
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
        let cloud = try TemporaryCloud(json: json)
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
        let cloud = try TemporaryCloud()
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
        let cloud = try TemporaryCloud()
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
        let cloud = try TemporaryCloud()
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

@Suite("Embedded IAM: a write changes only the bytes of the written policy")
struct FileLayoutTests {
    static let handWritten = """
    {
      "organization": {"id": "100000000001"},
      "folders": [],
      "projects": [
        {"id": "project-one", "parent": "organizations/100000000001",
         "policy": {"etag": "BwXone=", "bindings": []}},
        {"id": "project-two", "parent": "organizations/100000000001"}
      ],
      "groups": []
    }

    """

    @Test func keepsTheLayoutOfAHandWrittenFile() async throws {
        let cloud = try TemporaryCloud(json: Self.handWritten)
        let iam = try cloud.iam()
        let binding = IAMBinding(role: "roles/viewer", members: ["user:erin@example.com"])
        var two = try await iam.policy(of: ResourceName(Fixture.project("project-two")))
        two.bindings = [binding]
        let twoWritten = try await iam.setPolicy(two, of: ResourceName(Fixture.project("project-two")), reason: "test")
        var one = try await iam.policy(of: ResourceName(Fixture.project("project-one")))
        one.bindings = [binding]
        let oneWritten = try await iam.setPolicy(one, of: ResourceName(Fixture.project("project-one")), reason: "test")

        let expected = """
        {
          "organization": {"id": "100000000001"},
          "folders": [],
          "projects": [
            {"id": "project-one", "parent": "organizations/100000000001",
             "policy": {
               "version": 1,
               "etag": "\(try #require(oneWritten.etag))",
               "bindings": [
                 {
                   "role": "roles/viewer",
                   "members": [
                     "user:erin@example.com"
                   ]
                 }
               ]
             }},
            {"id": "project-two", "parent": "organizations/100000000001", "policy": {
              "version": 1,
              "etag": "\(try #require(twoWritten.etag))",
              "bindings": [
                {
                  "role": "roles/viewer",
                  "members": [
                    "user:erin@example.com"
                  ]
                }
              ]
            }}
          ],
          "groups": []
        }

        """
        #expect(try String(decoding: cloud.bytes, as: UTF8.self) == expected)
        #expect(try await cloud.iam().policy(of: ResourceName(Fixture.project("project-two"))) == twoWritten)
    }

    @Test func refusesToGuessWhenAKeyAppearsTwice() async throws {
        let cloud = try TemporaryCloud(json: Self.handWritten.replacingOccurrences(of: #""policy": {"etag": "BwXone=", "bindings": []}"#, with: #""policy": {}, "policy": {"etag": "BwXone=", "bindings": []}"#))
        let iam = try cloud.iam()
        let project = ResourceName(Fixture.project("project-one"))
        let before = try cloud.bytes
        do {
            try await iam.setPolicy(try await iam.policy(of: project), of: project, reason: "test")
            Issue.record("expected an error")
        } catch let error as JITAccessError {
            guard case .backend(let message) = error else { Issue.record("expected a backend error, got \(error)"); return }
            #expect(message.contains("(key projects[0]): the field 'policy' appears twice"))
        }
        #expect(try cloud.bytes == before)
    }
}

import Foundation
import JITAccessCore
import JITAccessLocal
import Testing

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
        let cloud = try CloudFolder(json: Self.handWritten)
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
        let cloud = try CloudFolder(json: Self.handWritten.replacingOccurrences(of: #""policy": {"etag": "BwXone=", "bindings": []}"#, with: #""policy": {}, "policy": {"etag": "BwXone=", "bindings": []}"#))
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

import Foundation
import JITAccessCore
import JITAccessLocal
import Testing

/// An instance that read the file before another process changed it reads only the policy
/// that changed when nothing else did, and the whole file otherwise; either way it answers as
/// a fresh load of the file does.
@Suite("Embedded IAM: reading another writer's change")
struct AnotherWriterTests {
    let erin = Fixture.user("erin")
    let projectOne = Fixture.project("project-one")
    let projectTwo = Fixture.project("project-two")

    /// What `iam` answers about erin, to compare two instances.
    func answers(_ iam: EmbeddedIAM) async throws -> [String] {
        var lines = ["projects: \(try await iam.projects(for: erin))"]
        for project in [projectOne, projectTwo] {
            let bindings = try await iam.bindings(for: erin, on: project)
            lines.append("\(project): \(bindings.map { "\($0.resource) \($0.binding.role) \($0.binding.members) \($0.binding.condition?.expression ?? "")" })")
            lines.append("\(project) policy: \(try await iam.policy(of: ResourceName(project)))")
        }
        return lines
    }

    enum Edit: String, CaseIterable, Sendable {
        case anotherInstanceWrites = "another instance writes one policy"
        case handEditOfOnePolicy = "a hand edit of one policy"
        case handEditOfTwoPolicies = "a hand edit of two policies"
        case handEditMovingAProject = "a hand edit moving a project to another parent"
        case handEditAddingAPolicy = "a hand edit giving a project its first policy"
    }

    @Test(arguments: Edit.allCases)
    func answersLikeAFreshLoad(_ edit: Edit) async throws {
        let cloud = try CloudFolder(json: Fixture.cloud(
            folderPolicy: Fixture.policy(members: ["user:frank@example.com"]),
            projectPolicy: Fixture.policy(members: ["user:frank@example.com"])
        ))
        let reader = try cloud.iam()
        #expect(try await reader.projects(for: erin).isEmpty)
        let text = try String(decoding: cloud.bytes, as: UTF8.self)
        switch edit {
        case .anotherInstanceWrites:
            let writer = try cloud.iam()
            var policy = try await writer.policy(of: ResourceName(projectOne))
            policy.bindings.append(IAMBinding(role: "roles/editor", members: ["user:erin@example.com"], condition: IAMCondition(expression: "has({}.multiPartyApprovalConstraint)")))
            try await writer.setPolicy(policy, of: ResourceName(projectOne), reason: "test")
        case .handEditOfOnePolicy:
            try cloud.write(text.replacingOccurrences(of: #""policy": {"version": 3, "etag": "BwXoriginal=", "bindings": [{"role": "roles/viewer", "members": ["user:frank@example.com"]"#, with: #""policy": {"version": 3, "bindings": [{"role": "roles/viewer", "members": ["user:erin@example.com"]"#))
        case .handEditOfTwoPolicies:
            try cloud.write(text.replacingOccurrences(of: "frank", with: "erin"))
        case .handEditMovingAProject:
            try cloud.write(text.replacingOccurrences(of: #"{"id": "project-two", "parent": "organizations/100000000001"}"#, with: #"{"id": "project-two", "parent": "folders/200000000001"}"#))
        case .handEditAddingAPolicy:
            try cloud.write(text.replacingOccurrences(of: #"{"id": "project-two", "parent": "organizations/100000000001"}"#, with: #"{"id": "project-two", "parent": "organizations/100000000001", "policy": \#(Fixture.policy(members: ["user:erin@example.com"]))}"#))
        }
        let fresh = try cloud.iam()
        #expect(try await answers(reader) == answers(fresh))
        #expect(try await !reader.projects(for: erin).isEmpty || edit == .handEditMovingAProject)
    }

    @Test(arguments: [
        ("an invalid member in one policy", #""members": ["user:frank@example.com"]"#, #""members": ["frank"]"#, "projects[0].policy.bindings[0].members[0]"),
        ("a field removed after a policy", #", "parent": "folders/200000000001"}"#, "}", "projects[0].parent"),
    ])
    func reportsWhatAFreshLoadReports(name: String, original: String, replacement: String, key: String) async throws {
        // The project's parent follows its policy, so that removing it touches the bytes right after the policy.
        let cloud = try CloudFolder(json: Fixture.cloud().replacingOccurrences(
            of: #"{"id": "project-one", "parent": "folders/200000000001", "policy": {}}"#,
            with: #"{"id": "project-one", "policy": \#(Fixture.policy(members: ["user:frank@example.com"])), "parent": "folders/200000000001"}"#
        ))
        let reader = try cloud.iam()
        let text = try String(decoding: cloud.bytes, as: UTF8.self)
        #expect(text.contains(original), "the fixture changed: \(name)")
        try cloud.write(text.replacingOccurrences(of: original, with: replacement))
        do {
            _ = try await reader.projects(for: erin)
            Issue.record("\(name): accepted")
        } catch let error as JITAccessError {
            #expect(error.message.contains(key), "\(error)")
        }
        #expect(throws: EmbeddedIAMError.self) { try cloud.iam() }
    }
}

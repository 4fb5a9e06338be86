import Foundation
import JITAccessCore
import JITAccessLocal
import Testing

@Suite("Embedded IAM: the index after a write")
struct IndexAfterWriteTests {
    let users = ["alice", "bob", "carol", "dave", "erin"].map(Fixture.user)
    let projects = ["prod-db", "prod-web", "dev-sandbox", "shared-logs"].map(Fixture.project)

    /// What `iam` answers for every user and project, to compare two instances.
    func answers(_ iam: EmbeddedIAM) async throws -> [String] {
        var lines: [String] = []
        for user in users {
            lines.append("\(user): \(try await iam.projects(for: user))")
            for project in projects {
                let bindings = try await iam.bindings(for: user, on: project)
                lines.append("\(user) \(project): \(bindings.map { "\($0.resource) \($0.binding.role) \($0.binding.members)" })")
            }
        }
        return lines
    }

    @Test func answersLikeAFreshLoad() async throws {
        let cloud = try CloudFolder()
        let iam = try cloud.iam()
        let prodDb = ResourceName(Fixture.project("prod-db"))
        let production = ResourceName(kind: .folder, id: "200000000001")

        var policy = try await iam.policy(of: prodDb)
        policy.bindings.removeAll { $0.role == "roles/cloudsql.viewer" }
        policy.bindings.append(IAMBinding(role: "roles/spanner.admin", members: ["user:erin@example.com", "group:oncall@example.com"], condition: IAMCondition(expression: "has({}.jitAccessConstraint)")))
        try await iam.setPolicy(policy, of: prodDb, reason: "test")
        var folder = try await iam.policy(of: production)
        folder.bindings = []
        try await iam.setPolicy(folder, of: production, reason: "test")
        var sandbox = try await iam.policy(of: ResourceName(Fixture.project("dev-sandbox")))
        sandbox.bindings.append(IAMBinding(role: "roles/viewer", members: ["user:erin@example.com"], condition: ActivationCondition(window: ActivationWindow(start: Fixture.now, minutes: 5), resourceCondition: nil).condition(description: "x")))
        try await iam.setPolicy(sandbox, of: ResourceName(Fixture.project("dev-sandbox")), reason: "test")

        #expect(try await iam.projects(for: Fixture.user("erin")).map(\.id) == ["dev-sandbox", "prod-db"])
        #expect(try await iam.projects(for: Fixture.user("dave")).map(\.id) == ["dev-sandbox", "prod-web"])
        #expect(try await answers(iam) == answers(cloud.iam()))
    }
}

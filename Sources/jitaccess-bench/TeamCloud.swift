import Foundation
import JITAccessCore

/// A small cloud for write benchmarks: one project, and a team of users who may all
/// self-activate the same role there through one group, so that concurrent activations by
/// different users all target one policy.
struct TeamCloud: Sendable {
    let path: String
    let project: ProjectId
    let role: String
    let users: [UserId]

    /// Writes `cloud.json` with a team of `size` users into `folder`.
    static func write(to folder: String, size: Int) throws -> TeamCloud {
        let role = "roles/cloudsql.viewer"
        let team = "group:responders@\(GeneratedCloud.domain)"
        let emails = (1...size).map { "responder\($0)@\(GeneratedCloud.domain)" }
        let users = try emails.map { email in
            guard let user = UserId(email) else { throw GeneratorError(description: "\(email) is not an e-mail address") }
            return user
        }
        guard let project = ProjectId("bench-writes") else { throw GeneratorError(description: "bench-writes is not a project id") }
        var entry = GeneratedResource(id: project.id, number: "300000000001", parent: "organizations/\(GeneratedCloud.organizationId)")
        entry.policy.bindings = [IAMBinding(role: role, members: [team], condition: IAMCondition(title: "Eligible for JIT access", expression: "has({}.jitAccessConstraint)"))]
        let document = GeneratedDocument(
            organization: GeneratedResource(id: GeneratedCloud.organizationId, displayName: GeneratedCloud.domain),
            folders: [], projects: [entry],
            groups: [GeneratedGroup(email: "responders@\(GeneratedCloud.domain)", members: emails.map { "user:" + $0 })]
        )
        let path = folder + "/cloud.json"
        try document.write(to: path)
        return TeamCloud(path: path, project: project, role: role, users: users)
    }
}

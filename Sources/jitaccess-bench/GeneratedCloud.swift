import Foundation
import JITAccessCore

/// A large embedded-IAM cloud file, generated from a seed: 1 organization, 50 folders nested
/// three deep, 5,000 projects, 2,000 users, 300 groups nested three deep, and a given number of
/// bindings of which 10 % are eligible (JIT and MPA markers, a fifth of them with a resource
/// condition). The same seed and size always give the same file.
///
/// A few bindings are planted so that benchmarks have something known to ask about: ``user``
/// may self-activate ``selfApprovalRoles`` on ``project`` (eight direct JIT bindings, one with a
/// resource condition, and one inherited from the project's folder through a group), and may
/// request ``peerApprovalRole`` there, an MPA binding held by a group nested three deep.
struct GeneratedCloud: Sendable {
    /// The cloud file written.
    let path: String
    let bindingCount: Int
    let user: UserId
    let project: ProjectId
    /// JIT entitlements of ``user`` on ``project``, sorted.
    let selfApprovalRoles: [EntitlementId]
    /// An MPA entitlement of ``user`` on ``project`` with many qualified peers.
    let peerApprovalRole: EntitlementId
    /// Users spread over the organization, for lookups that are not the planted ones.
    let otherUsers: [UserId]
    /// Projects spread over the organization.
    let otherProjects: [ProjectId]

    static let organizationId = "100000000001"
    static let domain = "example.com"
    static let folderCount = 50
    static let projectCount = 5_000
    static let userCount = 2_000
    static let groupCount = 300
    /// The binding counts of the scale benchmark.
    static let sizes = [1_000, 10_000, 100_000]

    /// Writes `cloud.json` with `bindings` bindings into `folder` and describes it.
    static func write(to folder: String, bindings: Int = 100_000, seed: UInt64 = 20_260_101) throws -> GeneratedCloud {
        var builder = CloudBuilder(seed: seed)
        let planted = try builder.plant()
        builder.fill(upTo: bindings)
        builder.stampEtags()
        let path = folder + "/cloud.json"
        try builder.document.write(to: path)
        var pick = SeededGenerator(seed: seed ^ 0xB1B1)
        return GeneratedCloud(
            path: path,
            bindingCount: builder.bindingCount,
            user: planted.user,
            project: planted.project,
            selfApprovalRoles: planted.selfApprovalRoles,
            peerApprovalRole: planted.peerApprovalRole,
            otherUsers: try (0..<20).map { _ in try CloudBuilder.user(Int.random(in: 0..<userCount, using: &pick)) },
            otherProjects: try (0..<20).map { _ in try CloudBuilder.projectId(Int.random(in: 0..<projectCount, using: &pick)) }
        )
    }
}

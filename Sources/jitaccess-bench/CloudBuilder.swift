import Foundation
import JITAccessCore

/// Builds the document of a ``GeneratedCloud`` binding by binding.
struct CloudBuilder {
    private(set) var document: GeneratedDocument
    private(set) var bindingCount = 0
    private var random: SeededGenerator
    /// What each policy already binds, so that no policy repeats a role under one condition.
    private var used: [Slot: Set<String>] = [:]

    private enum Slot: Hashable {
        case organization
        case folder(Int)
        case project(Int)
    }

    private static let roles: [String] = {
        let services = ["compute", "storage", "cloudsql", "bigquery", "logging", "monitoring", "pubsub", "run",
                        "container", "iam", "secretmanager", "cloudkms", "dns", "spanner", "redis", "dataflow",
                        "dataproc", "artifactregistry", "cloudbuild", "cloudfunctions"]
        let kinds = ["viewer", "editor", "admin", "user", "operator"]
        return ["roles/viewer", "roles/editor", "roles/owner"] + services.flatMap { service in kinds.map { "roles/\(service).\($0)" } }
    }()

    /// Groups 0..<200 hold users, 200..<270 hold those groups, 270..<300 hold groups of groups.
    private static let leafGroups = 0..<200
    private static let middleGroups = 200..<270
    private static let topGroups = 270..<300

    init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
        let organization = "organizations/\(GeneratedCloud.organizationId)"
        // Folders 0..<10 under the organization, 10..<30 under those, 30..<50 under those.
        let folders = (0..<GeneratedCloud.folderCount).map { index in
            let parent = switch index {
            case 0..<10: organization
            case 10..<30: "folders/\(Self.folderId(index - 10))"
            default: "folders/\(Self.folderId(index - 20))"
            }
            return GeneratedResource(id: Self.folderId(index), displayName: "Folder \(index + 1)", parent: parent)
        }
        var projects: [GeneratedResource] = []
        projects.reserveCapacity(GeneratedCloud.projectCount)
        for index in 0..<GeneratedCloud.projectCount {
            let parent = index % 20 == 19 ? organization : "folders/\(Self.folderId(Int.random(in: 0..<GeneratedCloud.folderCount, using: &random)))"
            projects.append(GeneratedResource(id: Self.projectName(index), number: String(300_000_000_001 + index), parent: parent))
        }
        var groups: [GeneratedGroup] = []
        for index in 0..<GeneratedCloud.groupCount {
            var members: Set<String> = []
            switch index {
            case Self.leafGroups:
                for _ in 0..<Int.random(in: 10...30, using: &random) { members.insert(Self.userMember(Int.random(in: 0..<GeneratedCloud.userCount, using: &random))) }
            case Self.middleGroups:
                for _ in 0..<Int.random(in: 2...4, using: &random) { members.insert(Self.groupMember(Int.random(in: Self.leafGroups, using: &random))) }
                for _ in 0..<Int.random(in: 0...3, using: &random) { members.insert(Self.userMember(Int.random(in: 0..<GeneratedCloud.userCount, using: &random))) }
            default:
                for _ in 0..<Int.random(in: 2...3, using: &random) { members.insert(Self.groupMember(Int.random(in: Self.middleGroups, using: &random))) }
            }
            groups.append(GeneratedGroup(email: Self.groupEmail(index), members: members.sorted()))
        }
        // The planted user belongs to the first group of each level, which contain each other.
        groups[Self.leafGroups.lowerBound].members.append(Self.userMember(0))
        groups[Self.middleGroups.lowerBound].members.append(Self.groupMember(Self.leafGroups.lowerBound))
        groups[Self.topGroups.lowerBound].members.append(Self.groupMember(Self.middleGroups.lowerBound))
        document = GeneratedDocument(
            organization: GeneratedResource(id: GeneratedCloud.organizationId, displayName: GeneratedCloud.domain),
            folders: folders, projects: projects, groups: groups
        )
    }

    /// The planted bindings of ``GeneratedCloud``, on project 0 and its folder.
    mutating func plant() throws -> (user: UserId, project: ProjectId, selfApprovalRoles: [EntitlementId], peerApprovalRole: EntitlementId) {
        let user = try Self.user(0)
        let project = try Self.projectId(0)
        let bucket = #"resource.name.startsWith("projects/_/buckets/planted-assets")"#
        var selfApproval: [EntitlementId] = []
        for role in Self.roles[3..<11] {
            add(IAMBinding(role: role, members: [Self.userMember(0)], condition: Self.eligible(.jit)), to: .project(0))
            selfApproval.append(EntitlementId(project: project, role: role, resourceCondition: nil))
        }
        add(IAMBinding(role: Self.roles[11], members: [Self.userMember(0)], condition: Self.eligible(.jit, resourceCondition: bucket)), to: .project(0))
        selfApproval.append(EntitlementId(project: project, role: Self.roles[11], resourceCondition: ResourceCondition(bucket)))
        let mpaRole = Self.roles[12]
        add(IAMBinding(role: mpaRole, members: [Self.groupMember(Self.topGroups.lowerBound)], condition: Self.eligible(.mpa)), to: .project(0))
        if let folder = folderIndex(ofProject: 0) {
            let role = Self.roles[13]
            add(IAMBinding(role: role, members: [Self.groupMember(Self.leafGroups.lowerBound)], condition: Self.eligible(.jit)), to: .folder(folder))
            selfApproval.append(EntitlementId(project: project, role: role, resourceCondition: nil))
        }
        return (user, project, selfApproval.sorted(), EntitlementId(project: project, role: mpaRole, resourceCondition: nil))
    }

    /// Adds random bindings until there are `total`: every tenth eligible, 3 % with another
    /// condition, 2 % ended activations, the rest unconditional.
    mutating func fill(upTo total: Int) {
        while bindingCount < total {
            let slot = randomSlot()
            let dice = Int.random(in: 0..<100, using: &random)
            let binding: IAMBinding
            if bindingCount % 10 == 0 {
                let type: ActivationType = dice < 70 ? .jit : .mpa
                let condition = dice % 5 == 0 ? #"resource.name.startsWith("projects/_/buckets/assets-\#(dice)")"# : nil
                binding = IAMBinding(role: "", members: eligibleMembers(), condition: Self.eligible(type, resourceCondition: condition))
            } else if dice < 3 {
                binding = IAMBinding(role: "", members: plainMembers(), condition: IAMCondition(
                    title: "Expires", expression: #"request.time < timestamp("2031-01-01T00:00:00Z")"#
                ))
            } else if dice < 5 {
                let start = Timestamp(secondsSinceEpoch: 1_700_000_000 + Int64(Int.random(in: 0..<10_000_000, using: &random)))
                let condition = ActivationCondition(window: ActivationWindow(start: start, minutes: 60), resourceCondition: nil)
                binding = IAMBinding(role: "", members: [Self.randomUser(&random)], condition: condition.condition(description: "Self-approved, justification: generated"))
            } else {
                binding = IAMBinding(role: "", members: plainMembers())
            }
            guard let role = freeRole(for: binding.condition?.expression, in: slot) else { continue }
            var named = binding
            named.role = role
            add(named, to: slot)
        }
    }

    /// Gives every policy an etag in Google's style, as a file written by jitaccess has.
    mutating func stampEtags() {
        document.organization.policy.etag = etag()
        for index in document.folders.indices { document.folders[index].policy.etag = etag() }
        for index in document.projects.indices { document.projects[index].policy.etag = etag() }
    }

    private mutating func etag() -> String {
        Data([0x07, 0x05] + (0..<6).map { _ in UInt8.random(in: .min ... .max, using: &random) }).base64EncodedString()
    }

    private mutating func add(_ binding: IAMBinding, to slot: Slot) {
        used[slot, default: []].insert(Self.key(binding.role, binding.condition?.expression))
        switch slot {
        case .organization: document.organization.policy.bindings.append(binding)
        case .folder(let index): document.folders[index].policy.bindings.append(binding)
        case .project(let index): document.projects[index].policy.bindings.append(binding)
        }
        bindingCount += 1
    }

    /// A role the policy at `slot` does not yet bind under `condition`, if a few tries find one.
    private mutating func freeRole(for condition: String?, in slot: Slot) -> String? {
        for _ in 0..<8 {
            let role = Self.roles.randomElement(using: &random) ?? "roles/viewer"
            if used[slot]?.contains(Self.key(role, condition)) != true { return role }
        }
        return nil
    }

    /// One binding in 2,000 on the organization, one in 100 on a folder, the rest on projects.
    private mutating func randomSlot() -> Slot {
        switch Int.random(in: 0..<2_000, using: &random) {
        case 0: .organization
        case 1...20: .folder(Int.random(in: 0..<GeneratedCloud.folderCount, using: &random))
        default: .project(Int.random(in: 0..<GeneratedCloud.projectCount, using: &random))
        }
    }

    /// Eligible bindings name a group more often than not, so that entitlements have peers.
    private mutating func eligibleMembers() -> [String] {
        if Int.random(in: 0..<10, using: &random) < 6 {
            return [Self.groupMember(Int.random(in: 0..<GeneratedCloud.groupCount, using: &random))]
        }
        return Array(Set((0..<Int.random(in: 1...2, using: &random)).map { _ in Self.randomUser(&random) })).sorted()
    }

    private mutating func plainMembers() -> [String] {
        var members: Set<String> = []
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            switch Int.random(in: 0..<20, using: &random) {
            case 0: members.insert("serviceAccount:sa-\(Int.random(in: 0..<500, using: &random))@bench-ops.iam.gserviceaccount.com")
            case 1...5: members.insert(Self.groupMember(Int.random(in: 0..<GeneratedCloud.groupCount, using: &random)))
            default: members.insert(Self.randomUser(&random))
            }
        }
        return members.sorted()
    }

    private func folderIndex(ofProject index: Int) -> Int? {
        guard let parent = document.projects[index].parent, parent.hasPrefix("folders/") else { return nil }
        return document.folders.firstIndex { "folders/\($0.id)" == parent }
    }

    private static func eligible(_ type: ActivationType, resourceCondition: String? = nil) -> IAMCondition {
        let marker = type == .mpa ? "has({}.multiPartyApprovalConstraint)" : "has({}.jitAccessConstraint)"
        return IAMCondition(
            title: type == .mpa ? "Eligible for access with peer approval" : "Eligible for JIT access",
            expression: resourceCondition.map { "\(marker) && \($0)" } ?? marker
        )
    }

    private static func key(_ role: String, _ condition: String?) -> String {
        role + "\u{0}" + (condition ?? "")
    }

    private static func randomUser(_ random: inout SeededGenerator) -> String {
        userMember(Int.random(in: 0..<GeneratedCloud.userCount, using: &random))
    }

    static func folderId(_ index: Int) -> String { String(200_000_000_001 + index) }
    static func projectName(_ index: Int) -> String { "proj-" + padded(index + 1, width: 5) }
    static func userEmail(_ index: Int) -> String { "user" + padded(index + 1, width: 4) + "@" + GeneratedCloud.domain }
    static func userMember(_ index: Int) -> String { "user:" + userEmail(index) }
    static func groupEmail(_ index: Int) -> String { "group" + padded(index + 1, width: 3) + "@" + GeneratedCloud.domain }
    static func groupMember(_ index: Int) -> String { "group:" + groupEmail(index) }

    static func user(_ index: Int) throws -> UserId {
        guard let user = UserId(userEmail(index)) else { throw GeneratorError(description: "generated user \(userEmail(index)) is not an e-mail address") }
        return user
    }

    static func projectId(_ index: Int) throws -> ProjectId {
        guard let project = ProjectId(projectName(index)) else { throw GeneratorError(description: "generated project \(projectName(index)) is not a project id") }
        return project
    }

    private static func padded(_ number: Int, width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

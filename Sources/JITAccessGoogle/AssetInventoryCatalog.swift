import JITAccessCore
import Logging

/// Listings for `RESOURCE_CATALOG=AssetInventory`: effective policies from Cloud Asset
/// Inventory and groups from the Admin SDK Directory API, analysed by jitaccess with Core's
/// ``UserPrincipals`` and ``EntitlementCatalog``, the code that analyses the embedded IAM.
///
/// What it reads, and what it shares between users for ``ListingCacheSettings/seconds``:
/// - a user's groups, nested ones included (Directory `groups.list`, every page), per user;
/// - a project's effective policies (`effectiveIamPolicies.batchGet`, up to the scope), per
///   project, shared by every user of the project;
/// - the bindings of the scope that carry an eligibility marker or an activation
///   (`searchAllIamPolicies`, every page), one answer shared by every user, to find a user's
///   projects without reading every project's policy;
/// - the projects of the scope and their folders (`searchAllIamPolicies` over projects), one
///   answer shared by every user, to expand eligibility on a folder or the organization;
/// - the projects `AVAILABLE_PROJECTS_QUERY` finds (Resource Manager `projects.search`), one
///   answer shared by every user: as in 1.x, only those are listed, so that deleted projects
///   (`state:ACTIVE`) or those outside a chosen `parent:` stay out of the list. When the
///   scope cannot be searched (Cloud Asset refuses), they are listed as 1.x lists them, to
///   every user, and a warning is logged.
///
/// Cloud Asset data and Directory searches lag behind IAM, so nothing here decides a grant:
/// ``AuthoritativeAnalyzer`` does.
public struct AssetInventoryCatalog: PolicyAnalyzer {
    /// How many users of one group the peer picker reads at most (5 Directory pages).
    public static let peersPerGroup = 1_000

    private static let projectAssetType = "cloudresourcemanager.googleapis.com/Project"
    private static let containerAssetTypes = [projectAssetType, "cloudresourcemanager.googleapis.com/Folder", "cloudresourcemanager.googleapis.com/Organization"]
    /// Bindings that make somebody eligible or hold an activation; re-checked exactly below,
    /// since the search matches tokens, not conditions.
    static let markerQuery = #"policy:jitAccessConstraint OR policy:multiPartyApprovalConstraint OR policy:"JIT access activation""#

    private let inventory: CloudAssetInventory
    private let resourceManager: ResourceManagerClient
    private let availableProjectsQuery: String
    private let directory: GroupDirectory
    private let logger: Logger
    private let scope: ResourceName
    private let clock: any WallClock
    private let groups: ExpiringCache<UserId, Set<String>>
    private let policies: ExpiringCache<ProjectId, [ScopedPolicy]>
    private let members: ExpiringCache<String, GroupMembers>
    private let markedBindings: ExpiringCache<String, [PolicySearchResult]>
    private let projectFolders: ExpiringCache<String, [ProjectId: Set<ResourceName>]>
    private let availableProjects: ExpiringCache<String, Set<ProjectId>>

    /// Lists from `inventory` and `directory` within `scope`, sharing reads as `settings` say.
    public init(
        inventory: CloudAssetInventory, resourceManager: ResourceManagerClient, availableProjectsQuery: String, directory: GroupDirectory,
        scope: ResourceName, settings: ListingCacheSettings, clock: any WallClock, logger: Logger
    ) {
        self.inventory = inventory
        self.resourceManager = resourceManager
        self.availableProjectsQuery = availableProjectsQuery
        self.directory = directory
        self.logger = logger
        self.scope = scope
        self.clock = clock
        let seconds = Int64(settings.seconds)
        groups = ExpiringCache(timeToLive: seconds, capacity: settings.entries / 4, clock: clock)
        policies = ExpiringCache(timeToLive: seconds, capacity: settings.entries / 4, clock: clock)
        members = ExpiringCache(timeToLive: seconds, capacity: settings.entries / 4, clock: clock)
        markedBindings = ExpiringCache(timeToLive: seconds, capacity: 1, clock: clock)
        projectFolders = ExpiringCache(timeToLive: seconds, capacity: 1, clock: clock)
        availableProjects = ExpiringCache(timeToLive: seconds, capacity: 1, clock: clock)
    }

    public func projects(for user: UserId) async throws -> [ProjectId] {
        let available = try await availableProjects.value(for: "") {
            Set(try await resourceManager.searchProjects(query: availableProjectsQuery).filter(\.isActive).map(\.id))
        }
        let eligible: Set<ProjectId>
        do {
            eligible = try await eligibleProjects(for: user)
        } catch JITAccessError.backend(let message) {
            logger.warning("Listing every available project: the scope cannot be searched", metadata: ["error": "\(message)"])
            return available.sorted()
        }
        let projects = eligible.intersection(available).sorted()
        await readAhead(policiesOf: projects)
        return projects
    }

    /// Reads the effective policies of the first projects of a list in one `batchGet` (it takes
    /// 20 names), since the user opens one of them next: that roles page then costs nothing.
    /// A failure only means the roles page reads for itself.
    private func readAhead(policiesOf projects: [ProjectId]) async {
        let missing = projects.filter { !policies.contains($0) }.prefix(CloudAssetInventory.namesPerBatch)
        guard !missing.isEmpty, let found = try? await inventory.effectivePolicies(of: Array(missing)) else { return }
        for (project, scoped) in found { policies.insert(scoped, for: project) }
    }

    /// The projects where `user` holds an eligible binding (on the project, a folder above it
    /// or the organization) or an activation that has not ended.
    private func eligibleProjects(for user: UserId) async throws -> Set<ProjectId> {
        let principals = try await self.principals(of: user)
        let now = clock.now
        var projects = Set<ProjectId>()
        var containers = Set<ResourceName>()
        let marked = try await markedBindings.value(for: "") {
            try await inventory.searchPolicies(query: Self.markerQuery, assetTypes: Self.containerAssetTypes)
        }
        for result in marked {
            let grants = result.bindings.contains { binding in
                guard principals.named(in: binding) else { return false }
                if EligibilityCondition(binding.condition) != nil { return true }
                guard let activation = ActivationCondition(binding.condition) else { return false }
                return result.resource.kind == .project && activation.window.contains(now)
            }
            guard grants else { continue }
            if let project = result.resource.project {
                projects.insert(project)
            } else {
                containers.insert(result.resource)
            }
        }
        if !containers.isEmpty {
            for (project, ancestors) in try await projectsWithFolders() where !ancestors.isDisjoint(with: containers) {
                projects.insert(project)
            }
        }
        return projects
    }

    public func bindings(for user: UserId, on project: ProjectId) async throws -> [ScopedBinding] {
        async let principals = self.principals(of: user)
        let policies = try await effectivePolicies(of: project)
        return try await principals.conditionalBindings(in: policies.map { ($0.resource, $0.policy) })
    }

    public func holders(of role: String, on project: ProjectId) async throws -> [RoleHolder] {
        var holders: [RoleHolder] = []
        for scoped in try await effectivePolicies(of: project) {
            for binding in scoped.policy.bindings where binding.role == role && binding.condition != nil {
                let found = ScopedBinding(resource: scoped.resource, binding: binding)
                for user in try await users(among: binding.principals) {
                    holders.append(RoleHolder(user: user, binding: found))
                }
            }
        }
        return holders
    }

    // MARK: - Shared reads

    /// The user, their domain and their groups, nested ones included.
    private func principals(of user: UserId) async throws -> UserPrincipals {
        let groups = try await groups.value(for: user) { try await directory.groups(of: user.email) }
        return UserPrincipals(user: user, groups: groups)
    }

    private func effectivePolicies(of project: ProjectId) async throws -> [ScopedPolicy] {
        try await policies.value(for: project) {
            guard let policies = try await inventory.effectivePolicies(of: [project])[project] else {
                throw JITAccessError.notFound("The project '\(project)' does not exist in \(scope).")
            }
            return policies
        }
    }

    /// The users among `principals`, groups expanded (nested ones included) up to
    /// ``peersPerGroup`` users each; domains and service accounts are not people to ask.
    private func users(among principals: [Principal]) async throws -> [UserId] {
        var users: [UserId] = []
        for principal in principals {
            switch principal.kind {
            case .user:
                if let user = UserId(principal.identifier) { users.append(user) }
            case .group:
                let group = try await members.value(for: principal.identifier) {
                    try await directory.members(of: principal.identifier, limit: Self.peersPerGroup)
                }
                users += group.users.compactMap(UserId.init)
            default:
                continue
            }
        }
        return users
    }

    /// Every project of the scope with the folders and organization above it, from one paged
    /// search of the projects' policies (every project has one: somebody owns it).
    private func projectsWithFolders() async throws -> [ProjectId: Set<ResourceName>] {
        try await projectFolders.value(for: "") {
            var projects: [ProjectId: Set<ResourceName>] = [:]
            for result in try await inventory.searchPolicies(query: "", assetTypes: [Self.projectAssetType]) {
                guard let project = result.resource.project else { continue }
                var ancestors = Set(result.folders)
                if let organization = result.organization { ancestors.insert(organization) }
                projects[project, default: []].formUnion(ancestors)
            }
            return projects
        }
    }
}

import JITAccessCore

/// A project as Resource Manager's `projects.search` lists it.
public struct ProjectSummary: Sendable, Equatable {
    /// The project id, such as `prod-db`.
    public let id: ProjectId
    /// The project number, such as `415104041262`: Cloud Asset names projects by it.
    public let number: String
    /// The folder or organization directly above the project, if Google says.
    public let parent: ResourceName?
    /// Whether the project is `ACTIVE`, rather than being deleted (`DELETE_REQUESTED`).
    public let isActive: Bool

    /// A project as Google describes it.
    public init(id: ProjectId, number: String, parent: ResourceName?, isActive: Bool) {
        self.id = id
        self.number = number
        self.parent = parent
        self.isActive = isActive
    }
}

import JITAccessCore

/// The resource tree and the groups of a valid cloud file.
struct CloudStructure: Sendable {
    /// Every resource, and where its entry is.
    var slots: [ResourceName: ResourceSlot] = [:]
    /// The parent of every folder and project.
    var parents: [ResourceName: ResourceName] = [:]
    /// The direct members of every listed group, keyed by the group's principal.
    var groupMembers: [Principal: [Principal]] = [:]
}

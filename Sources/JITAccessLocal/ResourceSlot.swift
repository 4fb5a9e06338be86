/// Where a resource sits in the cloud file.
package enum ResourceSlot: Sendable, Hashable {
    case organization
    case folder(Int)
    case project(Int)

    /// The key path of the resource's entry, such as `folders[2]`.
    package var keyPath: String {
        switch self {
        case .organization: "organization"
        case .folder(let index): "folders[\(index)]"
        case .project(let index): "projects[\(index)]"
        }
    }
}

/// A Resource Manager resource: an organization, a folder or a project.
///
/// Policies are inherited downwards, organization to folders to projects.
public struct ResourceName: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The collection a resource belongs to, named as in its relative resource name.
    public enum Kind: String, Sendable, CaseIterable {
        case organization = "organizations"
        case folder = "folders"
        case project = "projects"
    }

    /// The prefix of every full resource name jitaccess deals with.
    public static let service = "//cloudresourcemanager.googleapis.com/"

    public let kind: Kind
    public let id: String

    public init(kind: Kind, id: String) {
        self.kind = kind
        self.id = id
    }

    /// The resource of a project.
    public init(_ project: ProjectId) {
        self.init(kind: .project, id: project.id)
    }

    /// Parses `projects/ID`, `folders/NUMBER` or `organizations/NUMBER`.
    public init?(relativeName: some StringProtocol) {
        // Split on the UTF-8 bytes: a kind and an id are ASCII, so nothing else can match.
        let name = String(relativeName)
        let parts = name.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard parts.count == 2, let kindText = String(parts[0]), let kind = Kind(rawValue: kindText), let id = String(parts[1]) else { return nil }
        switch kind {
        case .project:
            guard ProjectId(id) != nil else { return nil }
        case .folder, .organization:
            guard !id.isEmpty, id.utf8.count <= 32, id.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        }
        self.init(kind: kind, id: id)
    }

    /// Parses a full resource name such as `//cloudresourcemanager.googleapis.com/projects/ID`.
    public init?(fullName: some StringProtocol) {
        guard fullName.hasPrefix(Self.service) else { return nil }
        self.init(relativeName: fullName.dropFirst(Self.service.count))
    }

    /// `projects/ID`, `folders/NUMBER` or `organizations/NUMBER`.
    public var relativeName: String { "\(kind.rawValue)/\(id)" }

    /// `//cloudresourcemanager.googleapis.com/` followed by the relative name.
    public var fullName: String { Self.service + relativeName }

    /// The project, if this resource is one.
    public var project: ProjectId? { kind == .project ? ProjectId(id) : nil }

    public var description: String { relativeName }

    public static func < (lhs: ResourceName, rhs: ResourceName) -> Bool { lhs.relativeName < rhs.relativeName }
}

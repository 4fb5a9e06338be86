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

/// A Google Cloud project id such as `prod-db`.
public struct ProjectId: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public let id: String

    /// Accepts Google's project id syntax: 6 to 30 lower-case letters, digits and hyphens,
    /// starting with a letter and not ending with a hyphen, optionally scoped by a domain
    /// (`example.com:project`).
    public init?(_ id: some StringProtocol) {
        let id = String(id)
        var name = Substring(id)
        if let colon = id.lastIndex(of: ":") {
            let domain = id[..<colon]
            guard !domain.isEmpty, domain.utf8.count <= 63,
                  domain.utf8.allSatisfy({ Self.isLowerAlphanumeric($0) || $0 == 0x2D || $0 == 0x2E })
            else { return nil }
            name = id[id.index(after: colon)...]
        }
        let bytes = Array(name.utf8)
        guard (6...30).contains(bytes.count), let first = bytes.first, let last = bytes.last,
              first >= 0x61 && first <= 0x7A, last != 0x2D,
              bytes.allSatisfy({ Self.isLowerAlphanumeric($0) || $0 == 0x2D })
        else { return nil }
        self.id = id
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let value = ProjectId(raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(raw)' is not a valid project id"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(id)
    }

    public var description: String { id }

    public static func < (lhs: ProjectId, rhs: ProjectId) -> Bool { lhs.id < rhs.id }
}

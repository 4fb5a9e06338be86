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

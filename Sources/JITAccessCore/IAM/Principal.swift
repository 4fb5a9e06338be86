/// A member of an IAM binding, such as `user:alice@example.com` or `group:admins@example.com`.
public struct Principal: Hashable, Sendable, CustomStringConvertible {
    /// The kinds of member jitaccess reasons about; anything else is kept as written.
    public enum Kind: Hashable, Sendable {
        case user, group, serviceAccount, domain
        case other(String)

        var prefix: String {
            switch self {
            case .user: "user"
            case .group: "group"
            case .serviceAccount: "serviceAccount"
            case .domain: "domain"
            case .other(let name): name
            }
        }
    }

    public let kind: Kind
    /// The e-mail address or domain, lower-cased for the kinds compared case-insensitively.
    public let identifier: String

    public init(kind: Kind, identifier: String) {
        self.kind = kind
        switch kind {
        case .other: self.identifier = identifier
        default: self.identifier = identifier.lowercased()
        }
    }

    /// Parses a binding member such as `user:alice@example.com`; `nil` if it has no `kind:` prefix.
    public init?(member: String) {
        guard let colon = member.firstIndex(of: ":") else { return nil }
        let prefix = String(member[..<colon])
        let rest = String(member[member.index(after: colon)...])
        guard !rest.isEmpty else { return nil }
        let kind: Kind = switch prefix {
        case "user": .user
        case "group": .group
        case "serviceAccount": .serviceAccount
        case "domain": .domain
        default: .other(prefix)
        }
        self.init(kind: kind, identifier: rest)
    }

    /// The member string as written in a binding.
    public var member: String { "\(kind.prefix):\(identifier)" }

    public var description: String { member }
}
extension StringProtocol {
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}

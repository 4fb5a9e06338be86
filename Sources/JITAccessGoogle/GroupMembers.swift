/// The users of a group, nested groups expanded, as ``GroupDirectory/members(of:limit:)`` finds
/// them: active users only, lower-cased, each once.
public struct GroupMembers: Sendable, Equatable {
    /// The users' e-mails, in the order Google listed them.
    public let users: [String]
    /// Whether the limit cut the listing short: more users may exist than ``users`` holds.
    public let isTruncated: Bool

    /// `users`, cut short by a limit when `isTruncated`.
    public init(users: [String], isTruncated: Bool) {
        self.users = users
        self.isTruncated = isTruncated
    }
}

import JITAccessCore

/// The customer's groups as the Directory API sees them, built from the embedded IAM's
/// `groups`: each group's direct members, nested groups expanded on request. Every group of the
/// cloud file belongs to the emulated customer, so the customer's domains are the domains of
/// its groups. E-mails are lower-cased.
struct DirectoryGroups {
    /// The direct members of every group; a group named only as a member has none.
    let members: [String: [Principal]]
    /// Every group's e-mail, sorted: the order of listings.
    let emails: [String]
    /// The domains of the groups.
    let domains: Set<String>

    init(_ groupMembers: [Principal: [Principal]]) {
        var members: [String: [Principal]] = [:]
        for (group, direct) in groupMembers {
            members[group.identifier] = direct
        }
        for member in groupMembers.values.joined() where member.kind == .group && members[member.identifier] == nil {
            members[member.identifier] = []
        }
        self.members = members
        emails = members.keys.sorted()
        domains = Set(emails.map(Self.domain(of:)))
    }

    /// The part of `email` after its last `@`.
    static func domain(of email: String) -> String {
        email.lastIndex(of: "@").map { String(email[email.index(after: $0)...]) } ?? email
    }

    /// Whether `member` names `email` the way `memberKey` does: a user, a service account or a group.
    private static func names(_ member: Principal, _ email: String) -> Bool {
        switch member.kind {
        case .user, .serviceAccount, .group: member.identifier == email
        default: false
        }
    }

    /// The groups `email` is a direct member of, sorted.
    func directGroups(of email: String) -> [String] {
        emails.filter { group in members[group, default: []].contains { Self.names($0, email) } }
    }

    /// Whether `email` is a direct member of some group.
    func isMemberOfAny(_ email: String) -> Bool {
        members.values.contains { $0.contains { Self.names($0, email) } }
    }

    /// The members of `group`: direct ones, and with `derived` those of nested groups too
    /// (groups included), breadth first, each once.
    func members(of group: String, derived: Bool) -> [Principal] {
        var result: [Principal] = []
        var seen: Set<Principal> = []
        var queue = [group]
        var visited: Set<String> = [group]
        var next = 0
        while next < queue.count {
            let current = queue[next]
            next += 1
            for member in members[current] ?? [] where seen.insert(member).inserted {
                result.append(member)
                if derived, member.kind == .group, visited.insert(member.identifier).inserted {
                    queue.append(member.identifier)
                }
            }
        }
        return result
    }

    /// Whether `email` belongs to `group`, directly or through nested groups.
    func contains(_ email: String, in group: String) -> Bool {
        members(of: group, derived: true).contains { Self.names($0, email) }
    }
}

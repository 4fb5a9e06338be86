import JITAccessCore

/// The member syntax IAM accepts, with a message for each mistake.
enum MemberSyntax {
    /// Member kinds that name something other than an e-mail address or a domain, kept as written.
    private static let otherKinds: Set<String> = ["deleted", "principal", "principalSet", "projectOwner", "projectEditor", "projectViewer"]
    private static let everyone: Set<String> = ["allUsers", "allAuthenticatedUsers"]
    private static let advice = "write user:EMAIL, group:EMAIL, serviceAccount:EMAIL or domain:NAME"

    /// What is wrong with `member`, or `nil` when it is valid. Groups hold only users, service
    /// accounts and groups.
    static func problem(with member: String, inGroup: Bool) -> String? {
        if everyone.contains(member) {
            return inGroup ? "'\(member)' cannot be a group member; \(advice)" : nil
        }
        guard let colon = member.firstIndex(of: ":") else {
            return "'\(member)' has no kind; \(advice)"
        }
        let kind = String(member[..<colon])
        let identifier = String(member[member.index(after: colon)...])
        switch kind {
        case "user", "group", "serviceAccount":
            return UserId(identifier) == nil ? "'\(member)': '\(identifier)' is not an e-mail address" : nil
        case "domain":
            if inGroup { return "'\(member)' cannot be a group member; write user:EMAIL, group:EMAIL or serviceAccount:EMAIL" }
            return isDomain(identifier) ? nil : "'\(member)': '\(identifier)' is not a domain name such as example.com"
        case _ where otherKinds.contains(kind) && !inGroup:
            return identifier.isEmpty || identifier.contains(where: \.isWhitespace) ? "'\(member)' is not a valid member" : nil
        default:
            return "'\(member)' has an unknown kind '\(kind)'; \(inGroup ? "write user:EMAIL, group:EMAIL or serviceAccount:EMAIL" : advice)"
        }
    }

    private static func isDomain(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && text.utf8.count <= 253 && labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && label.first != "-" && label.last != "-"
                && label.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D }
        }
    }
}

import JITAccessCore

/// A group of the cloud file and its direct members.
struct GroupEntry: Sendable, Codable {
    var email: String
    var members: [String]

    init(email: String, members: [String]) {
        self.email = email
        self.members = members
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        email = try container.decode(String.self, forKey: .email)
        members = try container.decodeIfPresent([String].self, forKey: .members) ?? []
    }
}

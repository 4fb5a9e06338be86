/// One binding of a policy: a role granted to members, optionally under a condition.
public struct IAMBinding: Sendable, Equatable, Codable {
    public var role: String
    public var members: [String]
    public var condition: IAMCondition?
    /// Fields of the binding that jitaccess does not model.
    public var extra: [String: JSONValue]

    public init(role: String, members: [String], condition: IAMCondition? = nil, extra: [String: JSONValue] = [:]) {
        self.role = role
        self.members = members
        self.condition = condition
        self.extra = extra
    }

    private static let known: Set<String> = ["role", "members", "condition"]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        role = try container.decode(String.self, forKey: AnyCodingKey("role"))
        members = try container.decodeIfPresent([String].self, forKey: AnyCodingKey("members")) ?? []
        condition = try container.decodeIfPresent(IAMCondition.self, forKey: AnyCodingKey("condition"))
        extra = try container.unknownFields(except: Self.known)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyCodingKey.self)
        try container.encode(role, forKey: AnyCodingKey("role"))
        try container.encode(members, forKey: AnyCodingKey("members"))
        try container.encodeIfPresent(condition, forKey: AnyCodingKey("condition"))
        try container.encodeUnknownFields(extra)
    }

    /// The binding's members parsed as principals (members without a `kind:` prefix are skipped).
    public var principals: [Principal] { members.compactMap(Principal.init(member:)) }
}

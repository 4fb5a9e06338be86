/// An IAM policy as Resource Manager returns it (version 3: bindings may carry conditions).
///
/// Fields jitaccess does not model are kept in `extra` and written back unchanged.
public struct IAMPolicy: Sendable, Equatable, Codable {
    public var version: Int
    public var etag: String?
    public var bindings: [IAMBinding]
    /// Fields of the policy that jitaccess does not model, such as `auditConfigs`.
    public var extra: [String: JSONValue]

    public init(version: Int = 3, etag: String? = nil, bindings: [IAMBinding] = [], extra: [String: JSONValue] = [:]) {
        self.version = version
        self.etag = etag
        self.bindings = bindings
        self.extra = extra
    }

    private static let known: Set<String> = ["version", "etag", "bindings"]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        version = try container.decodeIfPresent(Int.self, forKey: AnyCodingKey("version")) ?? 1
        etag = try container.decodeIfPresent(String.self, forKey: AnyCodingKey("etag"))
        bindings = try container.decodeIfPresent([IAMBinding].self, forKey: AnyCodingKey("bindings")) ?? []
        extra = try container.unknownFields(except: Self.known)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyCodingKey.self)
        try container.encode(version, forKey: AnyCodingKey("version"))
        try container.encodeIfPresent(etag, forKey: AnyCodingKey("etag"))
        try container.encode(bindings, forKey: AnyCodingKey("bindings"))
        try container.encodeUnknownFields(extra)
    }
}

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

/// The condition of a binding: a CEL expression with a title and a description.
public struct IAMCondition: Sendable, Equatable, Codable {
    public var title: String?
    public var description: String?
    public var expression: String
    /// Fields of the condition that jitaccess does not model, such as `location`.
    public var extra: [String: JSONValue]

    public init(title: String? = nil, description: String? = nil, expression: String, extra: [String: JSONValue] = [:]) {
        self.title = title
        self.description = description
        self.expression = expression
        self.extra = extra
    }

    private static let known: Set<String> = ["title", "description", "expression"]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        title = try container.decodeIfPresent(String.self, forKey: AnyCodingKey("title"))
        description = try container.decodeIfPresent(String.self, forKey: AnyCodingKey("description"))
        expression = try container.decode(String.self, forKey: AnyCodingKey("expression"))
        extra = try container.unknownFields(except: Self.known)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyCodingKey.self)
        try container.encodeIfPresent(title, forKey: AnyCodingKey("title"))
        try container.encodeIfPresent(description, forKey: AnyCodingKey("description"))
        try container.encode(expression, forKey: AnyCodingKey("expression"))
        try container.encodeUnknownFields(extra)
    }
}

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

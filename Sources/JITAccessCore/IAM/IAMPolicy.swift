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

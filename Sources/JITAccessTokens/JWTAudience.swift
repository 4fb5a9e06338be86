/// A JWT's `aud` claim: one audience or several (RFC 7519 section 4.1.3).
public struct JWTAudience: Decodable, Sendable, Equatable {
    public let values: [String]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let single = try? container.decode(String.self) {
            values = [single]
        } else {
            values = try container.decode([String].self)
        }
    }
}

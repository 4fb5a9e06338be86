/// A rejection or a withdrawal: who ended the request, when, and (for a rejection) why.
public struct Decision: Sendable, Equatable, Codable {
    public let by: UserId
    public let at: Timestamp
    public let reason: String?

    public init(by: UserId, at: Timestamp, reason: String? = nil) {
        self.by = by
        self.at = at
        self.reason = reason
    }
}

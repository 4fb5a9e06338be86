/// Something a user may activate, with its current state.
public struct Entitlement: Sendable, Equatable {
    public let id: EntitlementId
    public let activationType: ActivationType
    public let status: EntitlementStatus
    /// When the current activation ends, if one is active.
    public let validUntil: Timestamp?

    public init(id: EntitlementId, activationType: ActivationType, status: EntitlementStatus, validUntil: Timestamp?) {
        self.id = id
        self.activationType = activationType
        self.status = status
        self.validUntil = validUntil
    }

    /// The role, as shown to people.
    public var name: String { id.role }
}

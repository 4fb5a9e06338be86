/// Whether an entitlement is in use.
public enum EntitlementStatus: String, Sendable, Codable {
    case inactive = "INACTIVE"
    case active = "ACTIVE"
    case activationPending = "ACTIVATION_PENDING"
}

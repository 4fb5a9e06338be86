/// How an entitlement is activated.
public enum ActivationType: String, Sendable, Codable, CaseIterable {
    /// Self-approval: the user activates the role on their own, with a justification.
    case jit = "JIT"
    /// Multi-party approval: a qualified peer must approve.
    case mpa = "MPA"
    /// Active, but the user is no longer eligible to activate it again.
    case notEligible = "NONE"
}
